package io.runnel.parser.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A row pattern prints back as SQL, with parentheses only where precedence needs them. */
class PatternNodeTest {
  private static final Pos P = new Pos(1, 1);

  private static PatternNode var(String name) {
    return new PatternNode.Var(P, new Name(P, name, false));
  }

  private static PatternNode repeat(PatternNode p, int min, Integer max, boolean reluctant) {
    return new PatternNode.Quantified(P, p, min, max, reluctant);
  }

  @Test
  void quantifiersPrintInTheirShortestForm() {
    PatternNode a = var("A");
    assertEquals("A*", repeat(a, 0, null, false).toString());
    assertEquals("A+", repeat(a, 1, null, false).toString());
    assertEquals("A?", repeat(a, 0, 1, false).toString());
    assertEquals("A{3}", repeat(a, 3, 3, false).toString());
    assertEquals("A{1}", repeat(a, 1, 1, false).toString());
    assertEquals("A{2,}", repeat(a, 2, null, false).toString());
    assertEquals("A{,4}", repeat(a, 0, 4, false).toString());
    assertEquals("A{2,4}", repeat(a, 2, 4, false).toString());
    assertEquals("A*?", repeat(a, 0, null, true).toString());
    assertEquals("A??", repeat(a, 0, 1, true).toString());
    assertEquals("A{2,4}?", repeat(a, 2, 4, true).toString());
  }

  @Test
  void parenthesesOnlyWherePrecedenceNeedsThem() {
    PatternNode ab = new PatternNode.Concat(P, List.of(var("A"), var("B")));
    PatternNode aOrB = new PatternNode.Alt(P, List.of(var("A"), var("B")));
    assertEquals("A B", ab.toString());
    assertEquals("A | B", aOrB.toString());
    assertEquals("(A B)+", repeat(ab, 1, null, false).toString());
    assertEquals("(A | B)*", repeat(aOrB, 0, null, false).toString());
    assertEquals("(A+)?", repeat(repeat(var("A"), 1, null, false), 0, 1, false).toString());
    assertEquals("C (A | B) D", new PatternNode.Concat(P, List.of(var("C"), aOrB, var("D"))).toString());
    assertEquals("A B | C", new PatternNode.Alt(P, List.of(ab, var("C"))).toString());
  }

  @Test
  void permutationExclusionAnchorsAndEmpty() {
    var permute = new PatternNode.Permute(P, List.of(var("A"), new PatternNode.Alt(P, List.of(var("B"), var("C")))));
    assertEquals("PERMUTE(A, B | C)", permute.toString());
    assertEquals("{- A B -}", new PatternNode.Exclude(P, new PatternNode.Concat(P, List.of(var("A"), var("B")))).toString());
    var anchored = new PatternNode.Concat(P, List.of(new PatternNode.Start(P), var("A"), new PatternNode.End(P)));
    assertEquals("^ A $", anchored.toString());
    assertEquals("()", new PatternNode.Empty(P).toString());
    assertEquals("()*", repeat(new PatternNode.Empty(P), 0, null, false).toString());
  }

  @Test
  void aQuotedVariablePrintsQuoted() {
    assertEquals("\"Up \"\"x\"\"\"", new PatternNode.Var(P, new Name(P, "Up \"x\"", true)).toString());
    assertEquals("up", var("up").toString());
  }
}
