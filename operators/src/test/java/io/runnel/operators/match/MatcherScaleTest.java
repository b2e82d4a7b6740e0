package io.runnel.operators.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * State and time per row stay bounded where the pruning of history-free threads lets them: {@code A{1,} B}
 * with A always true keeps open an attempt from every row, yet the threads stay a handful. Time is checked
 * coarsely only (the later rows cost about what the earlier ones do); numbers belong in benchmarks.
 */
class MatcherScaleTest {
  private static final int ROWS = 100_000;
  private static final RowPattern A1_B = new RowPattern.Concat(List.of(
      new RowPattern.Quantified(new RowPattern.Var(0), 1, -1, false), new RowPattern.Var(1)));

  /** A always true; B true only at row {@code bAt}; both history-free. */
  private static Conditions conditions(long bAt) {
    return new Conditions() {
      @Override
      public boolean test(int variable, MatchContext ctx) {
        return variable == 0 || ctx.row() == bAt;
      }

      @Override
      public int lookahead() {
        return 0;
      }

      @Override
      public boolean historyFree(int variable) {
        return true;
      }
    };
  }

  @Test
  void oneHundredThousandOpenStartsKeepAHandfulOfThreadsAndBoundedState() throws IOException {
    Matcher m = new MatchSpec(Automaton.compile(A1_B, 2), new AfterMatchSkip.PastLastRow()).newMatcher(conditions(-1));
    int maxThreads = 0;
    long maxBytes = 0;
    long maxEntries = 0;
    long[] chunkNanos = new long[10];
    for (int i = 0; i < ROWS; i++) {
      long t0 = System.nanoTime();
      m.offer(i);
      chunkNanos[i / (ROWS / 10)] += System.nanoTime() - t0;
      maxThreads = Math.max(maxThreads, m.liveThreads());
      maxBytes = Math.max(maxBytes, m.stateBytes());
      maxEntries = Math.max(maxEntries, m.stateEntries());
      assertEquals(null, m.poll(), "nothing is decided while B may still come");
    }
    assertEquals(0, m.lowestNeededRow(), "every row may still be part of the match from row 0");
    assertTrue(maxThreads <= 3, "live threads " + maxThreads);
    assertTrue(maxEntries <= 4, "state entries " + maxEntries);
    assertTrue(maxBytes < 1024, "state bytes " + maxBytes);
    assertTrue(snapshotBytes(m) < 1024, "snapshot bytes " + snapshotBytes(m));
    // the last tenth of the rows costs about what the second does (the first warms up), within a wide margin
    assertTrue(chunkNanos[9] < 10 * chunkNanos[1] + 50_000_000L, "time per row grows: " + java.util.Arrays.toString(chunkNanos));

    long t0 = System.nanoTime();
    m.end();
    long endNanos = System.nanoTime() - t0;
    List<MatchResult> results = new ArrayList<>();
    m.drainTo(results::add);
    assertEquals(ROWS, results.size(), "every row unmatched");
    assertEquals(new MatchResult.Unmatched(ROWS - 1), results.get(ROWS - 1));
    assertTrue(results.stream().allMatch(r -> r instanceof MatchResult.Unmatched));
    assertEquals(0, m.reruns, "no attempt is run again: the threads pruned died as the ones standing for them did");
    assertTrue(endNanos < 2_000_000_000L, "the end decides 100,000 attempts at once, not one by one: " + endNanos / 1_000_000 + " ms");
    System.out.printf("A{1,} B over %,d rows, B never: max %d threads, %d entries, %d state bytes; per tenth of rows ms %s; end %d ms%n",
        ROWS, maxThreads, maxEntries, maxBytes, java.util.Arrays.toString(java.util.Arrays.stream(chunkNanos).map(n -> n / 1_000_000).toArray()),
        endNanos / 1_000_000);
  }

  @Test
  void aMatchOverOneHundredThousandRowsIsOneRunAndSkipsEveryOtherStart() {
    Matcher m = new MatchSpec(Automaton.compile(A1_B, 2), new AfterMatchSkip.PastLastRow()).newMatcher(conditions(ROWS - 1));
    int maxThreads = 0;
    long maxBytes = 0;
    for (int i = 0; i < ROWS; i++) {
      m.offer(i);
      maxThreads = Math.max(maxThreads, m.liveThreads());
      maxBytes = Math.max(maxBytes, m.stateBytes());
    }
    // B came at the last row: the match from row 0 is there, but a longer one may still come (greedy A)
    assertEquals(null, m.poll());
    m.end();
    MatchResult.Match match = (MatchResult.Match) m.poll();
    assertEquals(1, match.number());
    assertEquals(ROWS, match.rows().size());
    assertEquals(new MatchResult.MatchedRow(ROWS - 1, 1, false), match.rows().get(ROWS - 1));
    assertEquals(null, m.poll(), "every other start lies inside the match");
    assertTrue(maxThreads <= 3 && maxBytes < 1024, maxThreads + " threads, " + maxBytes + " bytes");
    assertTrue(m.idle());
  }

  @Test
  void underWithinEveryAttemptExpiresInTurnWithAHandfulOfThreads() {
    int rows = 20_000;
    long within = 99; // rows 1 ms apart: a span of 100 rows
    Matcher m = new MatchSpec(Automaton.compile(A1_B, 2), new AfterMatchSkip.PastLastRow(), within).newMatcher(conditions(-1));
    int maxThreads = 0;
    long maxBytes = 0;
    long results = 0;
    for (int i = 0; i < rows; i++) {
      m.offer(i);
      m.advanceTime(i);
      maxThreads = Math.max(maxThreads, m.liveThreads());
      maxBytes = Math.max(maxBytes, m.stateBytes());
      for (MatchResult r = m.poll(); r != null; r = m.poll()) {
        long start = results / 2;
        if (results % 2 == 0) {
          MatchResult.TimedOut t = (MatchResult.TimedOut) r;
          assertEquals(start, t.startRow());
          assertEquals(within + 1, t.rows().size(), "the preferred partial match took every row of its span");
        } else {
          assertEquals(new MatchResult.Unmatched(start), r);
        }
        results++;
      }
    }
    assertEquals(2L * (rows - within - 1), results, "every attempt whose span ended is decided");
    assertTrue(maxThreads <= 3, "live threads " + maxThreads);
    assertTrue(maxBytes < 4096, "state bytes " + maxBytes + " (the row times of one span)");
    assertTrue(m.reruns <= rows, "each attempt runs again at most once: " + m.reruns);
    System.out.printf("A{1,} B WITHIN a span of %d rows, over %,d rows: max %d threads, %d state bytes, %,d attempts run again%n",
        within + 1, rows, maxThreads, maxBytes, m.reruns);
  }

  @Test
  void aThousandPartitionsWithOpenMatchesEachHoldLittle() throws IOException {
    int partitions = 1000;
    int rowsEach = 200;
    List<Matcher> matchers = new ArrayList<>();
    MatchSpec spec = new MatchSpec(Automaton.compile(A1_B, 2), new AfterMatchSkip.PastLastRow());
    for (int p = 0; p < partitions; p++) {
      matchers.add(spec.newMatcher(conditions(-1)));
    }
    for (int i = 0; i < rowsEach; i++) {
      for (Matcher m : matchers) {
        m.offer(i);
      }
    }
    long bytes = 0;
    long snapshot = 0;
    int threads = 0;
    for (Matcher m : matchers) {
      bytes += m.stateBytes();
      snapshot += snapshotBytes(m);
      threads += m.liveThreads();
    }
    assertTrue(threads <= 3 * partitions, "threads " + threads);
    assertTrue(bytes < 1024L * partitions, "state bytes " + bytes);
    System.out.printf("%d partitions x %d rows, open matches: %d threads, %d state bytes, %d snapshot bytes%n",
        partitions, rowsEach, threads, bytes, snapshot);
  }

  @Test
  void anAmbiguousGroupUnderAConditionReadingTheLastRowOfAVariableKeepsFewThreads() {
    // PATTERN ((A | B)+ C) DEFINE B AS the row is above LAST(A): every row may be A or B, so 2^n paths; only
    // the last A row tells them apart for what comes, so a path per (position, last A row) is enough
    RowPattern pattern = new RowPattern.Concat(List.of(
        new RowPattern.Quantified(new RowPattern.Alt(List.of(new RowPattern.Var(0), new RowPattern.Var(1))), 1, -1, false), new RowPattern.Var(2)));
    int rows = 2_000;
    int[] values = new int[rows];
    for (int i = 0; i < rows; i++) {
      values[i] = i % 7;
    }
    values[rows - 1] = 9; // C: the value 9, at the last row only
    TestConditions.Kind[] kinds = {TestConditions.Kind.TRUE, TestConditions.Kind.ABOVE_LAST, TestConditions.Kind.IN_SET};
    Conditions conditions = new TestConditions(values, kinds, new int[] {0, 0, 1 << 9}, new int[] {0, 0, 0});
    Matcher m = new MatchSpec(Automaton.compile(pattern, 3), new AfterMatchSkip.PastLastRow()).newMatcher(conditions);
    int maxThreads = 0;
    for (int i = 0; i < rows; i++) {
      m.offer(i);
      maxThreads = Math.max(maxThreads, m.liveThreads());
    }
    m.end();
    MatchResult.Match match = (MatchResult.Match) m.poll();
    assertEquals(rows, match.rows().size(), "the match from row 0 takes every row");
    assertTrue(match.rows().subList(0, rows - 1).stream().allMatch(r -> r.variable() == 0), "A is preferred to B at every row");
    assertTrue(maxThreads <= 4 * rows, "live threads " + maxThreads + ": a few per start, not 2^n");
    System.out.printf("((A | B)+ C), B reading LAST(A), over %,d rows: max %d threads%n", rows, maxThreads);
  }

  private static int snapshotBytes(Matcher m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.snapshotState(new DataOutputStream(bytes));
    return bytes.size();
  }
}
