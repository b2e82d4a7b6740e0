package io.runnel.operators.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compiled program as EXPLAIN prints it, its size, and patterns printed back as SQL. */
class AutomatonTest {

  @Test
  void describePrintsEveryInstructionWithItsTransitionsInPreferenceOrder() {
    Automaton a = Automaton.compile(PatternParser.parse("^ A+? (B | {- C -}){2,3} $"), 3);
    assertEquals("""
        pattern: ^ A+? (B | {- C -}){2,3} $
        counters: 1
        0: partition start
        1: iterate c0 {1,} reluctant: body 2, exit 4
        2: row A
        3: loop c0: again 1, stop 4
        4: exit c0
        5: iterate c0 {2,3} greedy: body 6, exit 11
        6: split 7, 9
        7: row B
        8: jump 10
        9: row C excluded
        10: loop c0: again 5, stop 11
        11: exit c0
        12: partition end
        13: accept
        """, a.describe());
    assertEquals("pattern: Price\ncounters: 0\n0: row Price\n1: accept\n", Automaton.compile(new RowPattern.Var(0), 1).describe(v -> "Price"));
  }

  @Test
  void nestedQuantifiersGetACounterPerDepthAndBigBoundsDoNotUnroll() {
    Automaton a = Automaton.compile(PatternParser.parse("(A{2,100000} B{1,})* C{100000}"), 3);
    assertEquals(2, a.slots());
    assertEquals(16, a.size());
    Automaton permute = Automaton.compile(PatternParser.parse("PERMUTE(A, B, C)"), 3);
    assertEquals(6 * 3 + 5 * 2 + 1, permute.size(), "six orders, five splits and jumps, accept");
  }

  @Test
  void compileRejectsWhatItCannotRun() {
    assertThrows(IllegalArgumentException.class, () -> Automaton.compile(new RowPattern.Var(3), 3));
    assertThrows(IllegalArgumentException.class, () -> Automaton.compile(PatternParser.parse("PERMUTE(A, B, C, D, E, F, G)"), 7));
    assertThrows(IllegalArgumentException.class, () -> new RowPattern.Quantified(new RowPattern.Var(0), 3, 2, false));
  }

  @Test
  void patternsPrintBackAsTheSqlTheyCameFrom() {
    for (String sql : List.of(
        "A", "A B C", "A | B | C", "A+? B{2,} (C | D)*", "PERMUTE(A, B C, D | E)", "{- A B -} C", "^ A $", "()",
        "A{3}", "A{,3}?", "A{2,5}", "A??", "(A B)+", "(A*)*", "A (B C) D", "(A | B) | C", "(A B | C)*?", "()*", "^*")) {
      RowPattern p = PatternParser.parse(sql);
      assertEquals(sql, p.toString());
      assertEquals(p, PatternParser.parse(p.toString()));
    }
    assertEquals("Price+ Volume", PatternParser.parse("A+ B").toSql(v -> v == 0 ? "Price" : "Volume"));
  }

  @Test
  void randomPatternsPrintAndReadBackUnchanged() {
    Random rnd = new Random(7);
    for (int i = 0; i < 500; i++) {
      RowPattern p = RandomPatterns.pattern(rnd, 3);
      assertEquals(p, PatternParser.parse(p.toString()), p.toString());
      assertTrue(Automaton.compile(p, 3).size() > 0);
    }
  }
}
