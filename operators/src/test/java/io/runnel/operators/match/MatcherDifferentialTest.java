package io.runnel.operators.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random patterns (every construct), conditions (history-free and reading the match), skip modes, with and
 * without WITHIN, over random rows and watermarks: the matcher must report what the backtracking reference
 * decides on the whole sequence (matches with their numbers and rows, unmatched rows, timed-out partial
 * matches, the skip error), and the same again when polled at random points and snapshotted and restored at
 * random points; and the same matches and unmatched rows without any watermark. {@code -Drunnel.match.cases=N} runs N cases (default 2000), {@code -Drunnel.match.seed=S}
 * starts elsewhere.
 */
class MatcherDifferentialTest {
  private static final int CASES = Integer.getInteger("runnel.match.cases", 2000);
  private static final long SEED = Long.getLong("runnel.match.seed", 20240611L);

  @Test
  void matcherDecidesWhatTheReferenceDecidesHoweverFedAndRestored() {
    int compared = 0;
    int matches = 0;
    int timedOut = 0;
    int errors = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = SEED + i;
      MatchCase c = MatchCase.random(new Random(seed));
      ReferenceMatcher.Outcome expected;
      try {
        expected = c.reference(2_000_000);
      } catch (ReferenceMatcher.TooLarge e) {
        continue;
      }
      compared++;
      String what = "case seed " + seed + ": " + c + "\n  program\n" + c.spec().automaton().describe();
      assertSame(expected, c.feed(null, false), what + "\n  fed straight");
      assertSame(expected, c.feed(new Random(seed * 31), false), what + "\n  polled at random points");
      assertSame(expected, c.feed(new Random(seed * 17), true), what + "\n  restored at random points");
      ReferenceMatcher.Outcome late = c.withoutWatermarks().feed(new Random(seed * 13), false);
      assertEquals(expected.results().stream().filter(r -> !(r instanceof MatchResult.TimedOut)).toList(),
          late.results().stream().filter(r -> !(r instanceof MatchResult.TimedOut)).toList(), what + "\n  without watermarks");
      matches += (int) expected.results().stream().filter(r -> r instanceof MatchResult.Match).count();
      timedOut += (int) expected.results().stream().filter(r -> r instanceof MatchResult.TimedOut).count();
      errors += expected.error() == null ? 0 : 1;
    }
    assertTrue(compared >= CASES * 9 / 10, "too many cases skipped: compared " + compared + " of " + CASES);
    System.out.printf("compared %d cases: %d matches, %d timed out, %d errors, %d attempts re-run%n", compared, matches, timedOut, errors,
        MatchCase.RERUNS.get());
    assertTrue(CASES < 100 || MatchCase.RERUNS.get() > CASES / 10, "attempts re-run: " + MatchCase.RERUNS.get());
    assertTrue(CASES < 100 || (matches > CASES && timedOut > CASES / 50 && errors > CASES / 50), "the cases exercise too little: " + matches + " matches, "
        + timedOut + " timed out, " + errors + " errors");
  }

  private static void assertSame(ReferenceMatcher.Outcome expected, ReferenceMatcher.Outcome actual, String what) {
    assertEquals(expected.results(), actual.results(), what);
    if (expected.error() == null || actual.error() == null) {
      assertEquals(expected.error(), actual.error(), what);
    } else {
      assertEquals(expected.error().getMessage(), actual.error().getMessage(), what);
    }
  }
}
