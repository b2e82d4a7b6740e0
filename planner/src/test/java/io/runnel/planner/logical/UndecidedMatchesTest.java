package io.runnel.planner.logical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.runnel.operators.match.AfterMatchSkip;
import io.runnel.operators.match.Automaton;
import io.runnel.operators.match.Conditions;
import io.runnel.operators.match.MatchContext;
import io.runnel.operators.match.MatchResult;
import io.runnel.operators.match.MatchSpec;
import io.runnel.operators.match.Matcher;
import io.runnel.operators.match.RowPattern;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.PatternNode;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Relation;
import io.runnel.parser.ast.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What {@link UndecidedMatches} refuses, and, over random patterns and rows, that the matcher indeed never
 * decides a match of a refused pattern while rows keep coming.
 */
class UndecidedMatchesTest {
  private static final Pos AT = new Pos(1, 1);
  private static final String[] NAMES = {"A", "B", "C", "D"};

  /** The trap of {@code pattern} when the variables in {@code anyRow} take any row, or null. */
  private static String trap(String pattern, String... anyRow) {
    UndecidedMatches.Trap t = UndecidedMatches.find(parse(pattern), v -> Set.of(anyRow).contains(v.name().value()));
    return t == null ? null : t.quantifier() + " " + t.variables();
  }

  private static PatternNode parse(String pattern) {
    Statement s = SqlParser.parseStatement("SELECT * FROM s MATCH_RECOGNIZE (ORDER BY ts MEASURES 1 AS one PATTERN (" + pattern + "))");
    return ((Relation.MatchRecognize) ((io.runnel.parser.ast.Query.Select) ((Statement.QueryStatement) s).query()).from()).pattern();
  }

  @Test
  void aGreedyUnboundedLoopOverAnyRowThatEveryMatchPasses() {
    assertEquals("A+ [A]", trap("A+", "A"));
    assertEquals("A* [A]", trap("A*", "A"));
    assertEquals("A{3,} [A]", trap("A{3,}", "A"));
    assertEquals("B* [B]", trap("X B*", "B"));
    assertEquals("(A | B)+ [A]", trap("(A | B)+ C", "A"));
    assertEquals("(A | B)+ [B]", trap("(A | B)+ C", "B")); // B is tried after A, before leaving
    assertEquals("(A B?)+ [A]", trap("(A B?)+ C", "A"));
    assertEquals("A+ [A]", trap("^ A+ $", "A"));
    assertEquals("A+ [A]", trap("X {- A+ -} Y", "A"));
    assertEquals("A+ [A]", trap("PERMUTE(X, A+)", "A"));
    assertEquals("A+ [A]", trap("(X A+){2}", "A"));
    assertEquals("(A B)* [A, B]", trap("(A B)*", "A", "B"));
    assertEquals("(A (B | C){2})+ [A, B]", trap("(A (B | C){2})+", "A", "B"));
  }

  @Test
  void anAlternativeTriedFirstThatReachesALoopOverAnyRowByAnyRows() {
    assertEquals("A+ [A]", trap("A+ | X", "A"));
    assertEquals("A+ [A]", trap("(A+ | X) Y", "A"));
    assertEquals("A+ [A]", trap("(B A+ | X) Y", "A", "B"));
    assertEquals("A+ [A]", trap("(B? A+ | X) Y", "A"));
    assertEquals("A+ [A]", trap("((() | X) A+)", "A"));
  }

  @Test
  void notWhenSomeMatchPassesNoSuchLoop() {
    assertNull(trap("X | A+", "A")); // a row X takes is a match
    assertNull(trap("(B A+ | X) Y", "A")); // when B fails, X is tried
    assertNull(trap("A+ B")); // A fails, and B ends the match
    assertNull(trap("A+ B", "B"));
    assertNull(trap("A? B", "A"));
    assertNull(trap("A{2,7}", "A"));
    assertNull(trap("(A B)+", "A")); // B may fail
  }

  @Test
  void notWhenTheLoopIsReluctantOrItsBodyMayMatchNoRow() {
    assertNull(trap("A+?", "A"));
    assertNull(trap("A*? B", "A"));
    assertNull(trap("(A?)+ C", "A"));
    assertNull(trap("(B* | A)+ C*", "A")); // an empty iteration, preferred over A, leaves the loop
    assertNull(trap("(A $)+", "A"));
    assertNull(trap("(^ A)+", "A"));
  }

  /**
   * The matcher, offered rows that do not end, decides no match of a pattern {@link UndecidedMatches}
   * refuses, whatever the rows and the conditions of defined variables; the end of the input decides some.
   */
  @Test
  void noMatchOfARefusedPatternIsEverDecidedBeforeTheEnd() {
    Random rnd = new Random(Long.getLong("runnel.undecided.seed", 20240601L));
    int refused = 0;
    int matchedAtEnd = 0;
    int cases = Integer.getInteger("runnel.undecided.cases", 12_000);
    for (int n = 0; n < cases; n++) {
      PatternNode pattern = node(rnd, 3);
      boolean[] anyRow = new boolean[NAMES.length];
      double[] holds = new double[NAMES.length];
      boolean[] historyFree = new boolean[NAMES.length];
      for (int v = 0; v < NAMES.length; v++) {
        anyRow[v] = rnd.nextInt(3) == 0;
        holds[v] = new double[] {0, 0.2, 0.5, 0.8, 1}[rnd.nextInt(5)];
        historyFree[v] = rnd.nextInt(4) != 0;
      }
      Map<String, Integer> variables = new LinkedHashMap<>();
      collect(pattern, variables);
      Predicate<PatternNode.Var> free = v -> anyRow[index(v)];
      UndecidedMatches.Trap trap = UndecidedMatches.find(pattern, free);
      if (trap == null) {
        continue;
      }
      refused++;
      int rows = 30;
      boolean[][] truth = new boolean[rows][NAMES.length];
      for (int r = 0; r < rows; r++) {
        for (int v = 0; v < NAMES.length; v++) {
          truth[r][v] = anyRow[v] || rnd.nextDouble() < holds[v];
        }
      }
      List<String> names = new ArrayList<>(variables.keySet());
      Conditions conditions = new Conditions() {
        @Override
        public boolean test(int variable, MatchContext ctx) {
          return truth[(int) ctx.row()][index(names.get(variable))];
        }

        @Override
        public int lookahead() {
          return 0;
        }

        @Override
        public boolean historyFree(int variable) {
          return historyFree[index(names.get(variable))];
        }
      };
      RowPattern compiled = MatchConverter.pattern(pattern, variables);
      AfterMatchSkip skip = rnd.nextBoolean() ? new AfterMatchSkip.PastLastRow() : new AfterMatchSkip.ToNextRow();
      Matcher matcher = new MatchSpec(Automaton.compile(compiled, names.size()), skip).newMatcher(conditions);
      boolean large = false;
      for (int r = 0; r < rows && !large; r++) {
        matcher.offer(r);
        matcher.advanceTime(r);
        for (MatchResult result = matcher.poll(); result != null; result = matcher.poll()) {
          if (result instanceof MatchResult.Match m) {
            fail("case " + n + ": PATTERN (" + pattern + ") with " + trap + " refused, but a match from row " + m.startRow() + " was decided at row " + r);
          }
        }
        large = matcher.stateEntries() > 20_000; // paths of an ambiguous pattern past a condition reading the match
      }
      if (large) {
        continue;
      }
      matcher.end();
      for (MatchResult result = matcher.poll(); result != null; result = matcher.poll()) {
        if (result instanceof MatchResult.Match) {
          matchedAtEnd++;
          break;
        }
      }
    }
    System.out.println("refused " + refused + ", matched at end " + matchedAtEnd);
    assertTrue(refused >= cases / 20, refused + " patterns refused");
    assertTrue(matchedAtEnd >= refused / 2, matchedAtEnd + " of " + refused + " refused patterns match at the end of the input");
  }

  private static int index(PatternNode.Var v) {
    return index(v.name().value());
  }

  private static int index(String name) {
    return List.of(NAMES).indexOf(name);
  }

  private static void collect(PatternNode p, Map<String, Integer> variables) {
    if (p instanceof PatternNode.Var v) {
      variables.putIfAbsent(MatchConverter.key(v.name()), variables.size());
    } else if (p instanceof PatternNode.Concat c) {
      c.terms().forEach(t -> collect(t, variables));
    } else if (p instanceof PatternNode.Alt a) {
      a.alternatives().forEach(t -> collect(t, variables));
    } else if (p instanceof PatternNode.Quantified q) {
      collect(q.pattern(), variables);
    } else if (p instanceof PatternNode.Permute pm) {
      pm.patterns().forEach(t -> collect(t, variables));
    } else if (p instanceof PatternNode.Exclude x) {
      collect(x.pattern(), variables);
    }
  }

  /** A random pattern, most often with greedy unbounded quantifiers. */
  private static PatternNode node(Random rnd, int depth) {
    int kind = rnd.nextInt(depth <= 0 ? 5 : 16);
    switch (kind) {
      case 0, 1, 2, 3, 4:
        return new PatternNode.Var(AT, new Name(AT, NAMES[rnd.nextInt(NAMES.length)], false));
      case 5, 6:
        return new PatternNode.Concat(AT, children(rnd, depth, 2 + rnd.nextInt(2)));
      case 7, 8:
        return new PatternNode.Alt(AT, children(rnd, depth, 2 + rnd.nextInt(2)));
      case 9, 10, 11, 12:
        return quantified(rnd, node(rnd, depth - 1));
      case 13:
        return new PatternNode.Permute(AT, children(rnd, depth, 1 + rnd.nextInt(2)));
      case 14:
        return new PatternNode.Exclude(AT, node(rnd, depth - 1));
      default:
        return switch (rnd.nextInt(3)) {
          case 0 -> new PatternNode.Start(AT);
          case 1 -> new PatternNode.End(AT);
          default -> new PatternNode.Empty(AT);
        };
    }
  }

  private static List<PatternNode> children(Random rnd, int depth, int n) {
    List<PatternNode> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(node(rnd, depth - 1));
    }
    return list;
  }

  private static PatternNode quantified(Random rnd, PatternNode body) {
    boolean reluctant = rnd.nextInt(4) == 0;
    int n = rnd.nextInt(3);
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> new PatternNode.Quantified(AT, body, 1, null, reluctant);
      case 2 -> new PatternNode.Quantified(AT, body, 0, null, reluctant);
      case 3 -> new PatternNode.Quantified(AT, body, n, null, reluctant);
      case 4 -> new PatternNode.Quantified(AT, body, 0, 1, reluctant);
      default -> new PatternNode.Quantified(AT, body, n, n + 1 + rnd.nextInt(2), reluctant);
    };
  }

  @Test
  void theFreePathNamesTheVariablesThatTakeAnyRow() {
    UndecidedMatches.Trap t = UndecidedMatches.find(parse("X (Y | A)+"), v -> v.name().value().equals("A"));
    assertNotNull(t);
    assertEquals(List.of("A"), t.variables().stream().map(PatternNode.Var::toString).toList());
  }
}
