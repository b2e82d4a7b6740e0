package io.runnel.operators.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The standard's tricky cases by hand, and when each result is reported. */
class MatcherTest {
  private static final AfterMatchSkip PAST = new AfterMatchSkip.PastLastRow();
  private static final AfterMatchSkip NEXT_ROW = new AfterMatchSkip.ToNextRow();

  private static Matcher matcher(String pattern, AfterMatchSkip skip, long within, Conditions c) {
    return new MatchSpec(Automaton.compile(PatternParser.parse(pattern), 3), skip, within).newMatcher(c);
  }

  private static String run(String pattern, AfterMatchSkip skip, String rows, String... sets) {
    Rows c = Rows.of(rows, sets);
    return c.all(matcher(pattern, skip, MatchSpec.NO_WITHIN, c));
  }

  @Test
  void greedyTakesAsManyRowsAsItCanReluctantAsFew() {
    assertEquals("#1@0 A A A", run("A+", PAST, "aaa", "a"));
    assertEquals("#1@0 A; #2@1 A; #3@2 A", run("A+?", PAST, "aaa", "a"));
    assertEquals("#1@0 A B B B C", run("A B* C", PAST, "abcbc", "a", null, "c"));
    assertEquals("#1@0 A B C; u3; u4", run("A B*? C", PAST, "abcbc", "a", null, "c"));
    assertEquals("#1@0 A A B", run("A{1,2} B", PAST, "aab", "a", "b"));
    assertEquals("#1@0 A B; u2", run("A{1,2}? B", PAST, "abb", "a", "ab"));
  }

  @Test
  void alternationPrefersTheLeftAlternativeEvenWhenShorter() {
    assertEquals("#1@0 A; u1", run("A | A B", PAST, "ab", "a", "b"));
    assertEquals("#1@0 A B", run("A B | A", PAST, "ab", "a", "b"));
    assertEquals("#1@0 B; #2@1 B", run("(B | A)", PAST, "xx"));
    assertEquals("#1@0 A; #2@1 B", run("B | A", PAST, "ab", "a", "b"));
  }

  @Test
  void permuteTriesTheOrdersOfTheListedPositionsLexicographically() {
    assertEquals("#1@0 A B C", run("PERMUTE(A, B, C)", PAST, "xxx"));
    assertEquals("#1@0 B A", run("PERMUTE(B, A)", PAST, "xx"));
    assertEquals("#1@0 C A B", run("PERMUTE(A, B, C)", PAST, "cab", "a", "b", "c"));
    assertEquals("#1@0 B C A", run("PERMUTE(A, B C)", PAST, "bca", "a", "b", "c"));
  }

  @Test
  void emptyMatchesAreReportedAndEachSkipModeMovesOn() {
    assertEquals("#1@0 (); #2@1 A", run("A*", PAST, "ba", "a"));
    assertEquals("#1@0 (); #2@1 A", run("A*", NEXT_ROW, "ba", "a"));
    assertEquals("#1@0 (); #2@1 ()", run("A*?", PAST, "aa", "a"));
    assertEquals("#1@0 (); #2@1 (); #3@2 ()", run("()", PAST, "xyz"));
    Rows c = Rows.of("ba", "a");
    Matcher m = matcher("A*", new AfterMatchSkip.ToFirst(0), MatchSpec.NO_WITHIN, c);
    c.offered++;
    MatchException e = assertThrows(MatchException.class, () -> m.offer(0));
    assertEquals(MatchException.Kind.SKIP_TO_MISSING_VARIABLE, e.kind());
    assertEquals("#1@0 ()", Rows.print(m), "the match is reported before the error");
    assertEquals("AFTER MATCH SKIP to variable A: no row of match 1 (starting at row 0 of its partition) is mapped to it", e.getMessage());
  }

  @Test
  void skippingToTheFirstRowOfTheMatchIsAnError() {
    Rows c = Rows.of("ab", "a", "b");
    Matcher m = matcher("A B", new AfterMatchSkip.ToFirst(0), MatchSpec.NO_WITHIN, c);
    c.offer(m, 0, 1);
    MatchException e = assertThrows(MatchException.class, () -> c.offer(m, 1, 2));
    assertEquals(MatchException.Kind.SKIP_TO_FIRST_ROW, e.kind());
    assertEquals(0, e.variable());
    assertEquals(1, e.matchNumber());
    assertEquals("#1@0 A B", Rows.print(m));

    // TO LAST A: from the last A, once (the second match's last A is its first row)
    Rows c2 = Rows.of("aab", "a", "b");
    Matcher m2 = matcher("A+ B", new AfterMatchSkip.ToLast(0), MatchSpec.NO_WITHIN, c2);
    assertThrows(MatchException.class, () -> c2.all(m2));
    assertEquals("#1@0 A A B; #2@1 A B", Rows.print(m2));
    assertEquals("#1@0 A B", run("A B", new AfterMatchSkip.ToLast(1), "ab", "a", "b"), "row 1 is in the match: not unmatched");
  }

  @Test
  void anchorsMatchOnlyAtThePartitionStartAndEnd() {
    assertEquals("#1@0 A; u1", run("^ A", PAST, "aa", "a"));
    Rows c = Rows.of("aa", "a");
    Matcher m = matcher("A $", PAST, MatchSpec.NO_WITHIN, c);
    c.offer(m, 0, 2);
    assertEquals("u0", Rows.print(m), "row 1 may be the last: undecided until the end");
    c.ended = true;
    m.end();
    assertEquals("#1@1 A", Rows.print(m));
    assertEquals("#1@0 A A A", run("A+ $", PAST, "aaa", "a"));
    assertEquals("u0; u1", run("^ $", PAST, "aa"));
  }

  @Test
  void aMatchIsReportedOnceNoPreferredOneCanStillCome() {
    Rows rows = Rows.of("abax", "ab", "b");
    Matcher m = matcher("A+ B", PAST, MatchSpec.NO_WITHIN, rows);
    rows.offer(m, 0, 2);
    assertEquals("", Rows.print(m), "A B is a match, but greedy A+ may still find a longer one");
    rows.offer(m, 2, 3);
    assertEquals("", Rows.print(m));
    rows.offer(m, 3, 4);
    assertEquals("#1@0 A B; u2; u3", Rows.print(m), "row 3 fails A: the longer ones are gone");
    assertTrue(m.idle());

    Rows r2 = Rows.of("aab", "a", "b");
    Matcher m2 = matcher("A+ B", PAST, MatchSpec.NO_WITHIN, r2);
    r2.offer(m2, 0, 3);
    assertEquals("#1@0 A A B", Rows.print(m2), "the row that ends the match also ends the greedy A+");
  }

  @Test
  void withinExpiresPartialMatchesAtTheWatermarkAndReportsThem() {
    Rows c = Rows.of("ab", "a", "b");
    Matcher m = matcher("A B", PAST, 10, c);
    c.offered++;
    m.offer(0);
    m.advanceTime(10);
    assertEquals("", Rows.print(m), "a row at time 10 may still come: 10 - 0 <= WITHIN 10");
    m.advanceTime(11);
    assertEquals("t0 A; u0", Rows.print(m), "no row to come can be within 10 of row 0");
    c.offered++;
    m.offer(12);
    assertEquals("u1", Rows.print(m));
    assertTrue(m.idle());

    Rows c2 = Rows.of("ab", "a", "b");
    Matcher m2 = matcher("A B", PAST, 10, c2);
    c2.offered = 2;
    m2.offer(0);
    m2.offer(10);
    assertEquals("#1@0 A B", Rows.print(m2), "the span is inclusive");
  }

  @Test
  void aConditionReadingTheNextRowIsAskedOnlyOnceThatRowIsOffered() {
    // A: the next row is a 'b'
    Rows c = Rows.of("xab", "b", "b").next(0);
    Matcher m = matcher("A B", PAST, MatchSpec.NO_WITHIN, c);
    c.offer(m, 0, 1);
    assertTrue(c.tested.isEmpty(), "row 0 waits for row 1");
    assertEquals("", Rows.print(m));
    assertEquals(0, m.lowestNeededRow());
    c.offer(m, 1, 3);
    assertEquals("u0", Rows.print(m));
    c.ended = true;
    m.end();
    assertEquals("#1@1 A B", Rows.print(m));
  }

  @Test
  void excludedRowsAreFlagged() {
    assertEquals("#1@0 A {B} {C} A", run("A {- B C -} A", PAST, "abca", "a", "b", "c"));
  }

  @Test
  void aResumedMatcherContinuesRowsAndMatchNumbers() {
    Rows c = Rows.of("aa", "a");
    MatchSpec spec = new MatchSpec(Automaton.compile(PatternParser.parse("^? A"), 1), PAST);
    Matcher m = spec.newMatcher(c);
    c.offer(m, 0, 1);
    assertEquals("#1@0 A", Rows.print(m));
    assertTrue(m.idle());
    Matcher resumed = spec.resumeMatcher(c, m.nextRow(), m.nextMatchNumber(), spec.share(c));
    c.offered++;
    resumed.offer(1);
    assertEquals("#2@1 A", Rows.print(resumed));
    MatchSpec anchoredSpec = new MatchSpec(Automaton.compile(PatternParser.parse("^ A"), 1), PAST);
    Matcher anchored = anchoredSpec.resumeMatcher(c, 1, 2, anchoredSpec.share(c));
    anchored.offer(1);
    assertEquals("u1", Rows.print(anchored), "row 1 is not the partition start");
  }

  @Test
  void lowestNeededRowHoldsTheOpenAttemptAndResultsNotYetTaken() {
    Rows c = Rows.of("xyzw");
    Matcher m = matcher("A B C", PAST, MatchSpec.NO_WITHIN, c);
    c.offer(m, 0, 2);
    assertEquals(0, m.lowestNeededRow());
    c.offer(m, 2, 3);
    assertEquals(0, m.lowestNeededRow(), "the match is not taken yet");
    assertEquals("#1@0 A B C", Rows.print(m));
    assertEquals(3, m.lowestNeededRow());
    assertTrue(m.idle());
  }
}
