package io.runnel.operators.join;

import static io.runnel.operators.harness.Exprs.BIGINT;
import static io.runnel.operators.harness.Exprs.BOOLEAN;
import static io.runnel.operators.harness.Exprs.DOUBLE;
import static io.runnel.operators.harness.Exprs.VARCHAR;
import static io.runnel.operators.harness.Exprs.call;
import static io.runnel.operators.harness.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runnel.operators.batch.RowKind;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegularJoinTest {
  static final Schema LEFT = Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("l", VARCHAR));
  static final Schema RIGHT = Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("r", VARCHAR));
  static final Schema BOTH = PairCondition.concat(LEFT, RIGHT);

  static RegularJoinSpec join(JoinType type) {
    return join(type, null);
  }

  static RegularJoinSpec join(JoinType type, Expr condition) {
    return new RegularJoinSpec(type, LEFT, RIGHT, List.of(0), List.of(0), condition, type.emitsPairs() ? BOTH : LEFT);
  }

  /** The same insert-only input for every type: two left rows, two right rows, a left row, a right row. */
  static OperatorHarness insertOnly(JoinType type) {
    return OperatorHarness.of(join(type), LEFT, RIGHT)
        .batch(0, new Object[] {1L, "a"}, new Object[] {2L, "b"})
        .batch(1, new Object[] {1L, "x"}, new Object[] {3L, "y"})
        .batch(0, new Object[] {1L, "c"})
        .batch(1, new Object[] {1L, "z"})
        .state()
        .watermark(7);
  }

  @Test
  void innerJoinOfInserts() {
    insertOnly(JoinType.INNER).expect("+I[1, a, 1, x]", "+I[1, c, 1, x]", "+I[1, a, 1, z]", "+I[1, c, 1, z]", "STATE 6", "WM 7");
  }

  @Test
  void leftJoinOfInsertsRetractsThePaddedRowAtTheFirstMatch() {
    insertOnly(JoinType.LEFT)
        .expect(
            "+I[1, a, null, null]",
            "+I[2, b, null, null]",
            "-D[1, a, null, null]",
            "+I[1, a, 1, x]",
            "+I[1, c, 1, x]",
            "+I[1, a, 1, z]",
            "+I[1, c, 1, z]",
            "STATE 6",
            "WM 7");
  }

  @Test
  void rightJoinOfInserts() {
    insertOnly(JoinType.RIGHT)
        .expect("+I[1, a, 1, x]", "+I[null, null, 3, y]", "+I[1, c, 1, x]", "+I[1, a, 1, z]", "+I[1, c, 1, z]", "STATE 6", "WM 7");
  }

  @Test
  void fullJoinOfInserts() {
    insertOnly(JoinType.FULL)
        .expect(
            "+I[1, a, null, null]",
            "+I[2, b, null, null]",
            "-D[1, a, null, null]",
            "+I[1, a, 1, x]",
            "+I[null, null, 3, y]",
            "+I[1, c, 1, x]",
            "+I[1, a, 1, z]",
            "+I[1, c, 1, z]",
            "STATE 6",
            "WM 7");
  }

  @Test
  void semiJoinOfInsertsEmitsALeftRowOnceAtItsFirstMatch() {
    insertOnly(JoinType.SEMI).expect("+I[1, a]", "+I[1, c]", "STATE 6", "WM 7");
  }

  @Test
  void antiJoinOfInsertsRetractsALeftRowAtItsFirstMatch() {
    insertOnly(JoinType.ANTI).expect("+I[1, a]", "+I[2, b]", "-D[1, a]", "STATE 6", "WM 7");
  }

  @Test
  void fullJoinOfUpdatingInputsWithDuplicates() {
    OperatorHarness.of(join(JoinType.FULL), LEFT, RIGHT)
        .change(0, RowKind.INSERT, 1L, "a")
        .change(0, RowKind.INSERT, 1L, "a")
        .change(1, RowKind.INSERT, 1L, "x")
        .change(1, RowKind.UPDATE_AFTER, 1L, "x")
        .state()
        .change(0, RowKind.DELETE, 1L, "a")
        .change(0, RowKind.UPDATE_BEFORE, 1L, "a")
        .change(0, RowKind.UPDATE_AFTER, 1L, "b")
        .change(1, RowKind.DELETE, 1L, "x")
        .change(1, RowKind.UPDATE_BEFORE, 1L, "x")
        .change(1, RowKind.DELETE, 1L, "x")
        .change(0, RowKind.DELETE, 9L, "q")
        .state()
        .expect(
            "+I[1, a, null, null]",
            "+I[1, a, null, null]",
            // x's first match: both occurrences of a lose their padding
            "-D[1, a, null, null]",
            "-D[1, a, null, null]",
            "+I[1, a, 1, x]",
            "+I[1, a, 1, x]",
            "+I[1, a, 1, x]",
            "+I[1, a, 1, x]",
            "STATE 2",
            // one a goes: its two pairs
            "-D[1, a, 1, x]",
            "-D[1, a, 1, x]",
            // the last a goes: x, held twice, is padded again
            "-D[1, a, 1, x]",
            "-D[1, a, 1, x]",
            "+I[null, null, 1, x]",
            "+I[null, null, 1, x]",
            "-D[null, null, 1, x]",
            "-D[null, null, 1, x]",
            "+I[1, b, 1, x]",
            "+I[1, b, 1, x]",
            "-D[1, b, 1, x]",
            "-D[1, b, 1, x]",
            "+I[1, b, null, null]",
            "STATE 1");
  }

  @Test
  void innerJoinOfUpdatingInputs() {
    OperatorHarness.of(join(JoinType.INNER), LEFT, RIGHT)
        .batch(0, new Object[] {1L, "a"}, new Object[] {1L, "b"}, new Object[] {1L, "c"})
        .batch(1, new Object[] {1L, "x"})
        .change(0, RowKind.UPDATE_BEFORE, 1L, "a")
        .change(0, RowKind.UPDATE_AFTER, 1L, "a2")
        // a's place is taken by the last row, c
        .batch(1, new Object[] {1L, "y"})
        .change(1, RowKind.DELETE, 1L, "x")
        .change(1, RowKind.DELETE, 1L, "nothing")
        .state()
        .expect(
            "+I[1, a, 1, x]",
            "+I[1, b, 1, x]",
            "+I[1, c, 1, x]",
            "-D[1, a, 1, x]",
            "+I[1, a2, 1, x]",
            "+I[1, c, 1, y]",
            "+I[1, b, 1, y]",
            "+I[1, a2, 1, y]",
            "-D[1, c, 1, x]",
            "-D[1, b, 1, x]",
            "-D[1, a2, 1, x]",
            "STATE 4");
  }

  @Test
  void manyRowsOfOneKeyAreFoundAndTakenBack() {
    OperatorHarness h = OperatorHarness.of(join(JoinType.LEFT), LEFT, RIGHT);
    List<String> want = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      h.batch(0, new Object[] {5L, "v" + i});
      want.add("+I[5, v" + i + ", null, null]");
    }
    h.change(0, RowKind.INSERT, 5L, "v4"); // a second v4
    want.add("+I[5, v4, null, null]");
    h.change(0, RowKind.DELETE, 5L, "v3"); // v11 takes its place
    want.add("-D[5, v3, null, null]");
    h.change(0, RowKind.DELETE, 5L, "v4"); // one v4 of two: it keeps its place
    want.add("-D[5, v4, null, null]");
    h.batch(1, new Object[] {5L, "x"});
    for (int i : new int[] {0, 1, 2, 11, 4, 5, 6, 7, 8, 9, 10}) {
      want.add("-D[5, v" + i + ", null, null]");
      want.add("+I[5, v" + i + ", 5, x]");
    }
    h.state();
    want.add("STATE 12");
    h.expect(want.toArray(String[]::new));
  }

  /** Left (k, v) and right (k, w), joined where v < w. */
  static final Schema KV = Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("v", BIGINT));
  static final Schema KW = Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("w", BIGINT));
  static final Expr V_BELOW_W = call(Function.LESS_THAN, BOOLEAN, ref(1, BIGINT), ref(3, BIGINT));

  @Test
  void residualConditionDecidesWhichRowsOfAKeyMatch() {
    RegularJoinSpec spec = new RegularJoinSpec(JoinType.LEFT, KV, KW, List.of(0), List.of(0), V_BELOW_W, PairCondition.concat(KV, KW));
    OperatorHarness.of(spec, KV, KW)
        .batch(0, new Object[] {1L, 5L}, new Object[] {1L, 20L})
        .batch(1, new Object[] {1L, 10L})
        .batch(1, new Object[] {1L, 30L}, new Object[] {1L, 1L})
        .change(1, RowKind.DELETE, 1L, 10L)
        .change(1, RowKind.DELETE, 1L, 30L)
        .batch(1, new Object[] {1L, null})
        .batch(0, new Object[] {1L, 0L})
        .expect(
            "+I[1, 5, null, null]",
            "+I[1, 20, null, null]",
            "-D[1, 5, null, null]",
            "+I[1, 5, 1, 10]",
            "+I[1, 5, 1, 30]",
            "-D[1, 20, null, null]",
            "+I[1, 20, 1, 30]",
            "-D[1, 5, 1, 10]",
            "-D[1, 5, 1, 30]",
            "+I[1, 5, null, null]",
            "-D[1, 20, 1, 30]",
            "+I[1, 20, null, null]",
            // 0 < 1 is TRUE; 0 < NULL is NULL, no match
            "+I[1, 0, 1, 1]");
  }

  @Test
  void residualConditionOverMoreCandidatesThanOneRunHolds() {
    RegularJoinSpec spec = new RegularJoinSpec(JoinType.INNER, KV, KW, List.of(0), List.of(0), V_BELOW_W, PairCondition.concat(KV, KW));
    OperatorHarness h = OperatorHarness.of(spec, KV, KW);
    Object[][] rights = new Object[100][];
    for (int w = 0; w < 100; w++) {
      rights[w] = new Object[] {1L, (long) w};
    }
    h.batch(1, rights);
    Object[][] lefts = new Object[100][];
    List<String> want = new ArrayList<>();
    for (int v = 0; v < 100; v++) {
      lefts[v] = new Object[] {1L, (long) (v * 7 % 100)};
      for (int w = 0; w < 100; w++) {
        if (v * 7 % 100 < w) {
          want.add("+I[1, " + (v * 7 % 100) + ", 1, " + w + "]");
        }
      }
    }
    h.batch(0, lefts).expect(want.toArray(String[]::new));
  }

  /** Left (a, b, l) and right (b, a, r), joined on a and b. */
  static final Schema ABL =
      Schema.of(new DataType.Field("a", BIGINT), new DataType.Field("b", VARCHAR), new DataType.Field("l", VARCHAR));
  static final Schema BAR =
      Schema.of(new DataType.Field("b", VARCHAR), new DataType.Field("a", BIGINT), new DataType.Field("r", VARCHAR));

  @Test
  void keysOfSeveralColumnsNeverMatchWithANull() {
    RegularJoinSpec spec = new RegularJoinSpec(JoinType.LEFT, ABL, BAR, List.of(0, 1), List.of(1, 0), null, PairCondition.concat(ABL, BAR));
    OperatorHarness.of(spec, ABL, BAR)
        .batch(0, new Object[] {1L, "x", "L1"}, new Object[] {1L, "y", "L2"}, new Object[] {null, "x", "L3"})
        .batch(1, new Object[] {"x", 1L, "R1"}, new Object[] {"y", 2L, "R2"}, new Object[] {"x", null, "R3"})
        .state()
        .change(0, RowKind.DELETE, null, "x", "L3")
        .change(0, RowKind.DELETE, null, "x", "L3")
        .change(1, RowKind.DELETE, "x", null, "R3")
        .state()
        .expect(
            "+I[1, x, L1, null, null, null]",
            "+I[1, y, L2, null, null, null]",
            "+I[null, x, L3, null, null, null]",
            "-D[1, x, L1, null, null, null]",
            "+I[1, x, L1, x, 1, R1]",
            // R3, with a null key, is not held: the join keeps no right row it could never emit
            "STATE 5",
            "-D[null, x, L3, null, null, null]",
            "STATE 4");
  }

  @Test
  void nullKeysArePaddedOnPreservedSidesAndTakenBackOnlyWhenHeld() {
    OperatorHarness.of(join(JoinType.FULL), LEFT, RIGHT)
        .change(0, RowKind.INSERT, null, "n")
        .change(1, RowKind.INSERT, null, "m")
        .change(0, RowKind.INSERT, null, "n")
        .change(0, RowKind.DELETE, null, "n")
        .change(1, RowKind.DELETE, null, "zz")
        .state()
        .expect("+I[null, n, null, null]", "+I[null, null, null, m]", "+I[null, n, null, null]", "-D[null, n, null, null]", "STATE 2");
  }

  @Test
  void nullKeysOfAnInnerJoinAreNotHeld() {
    OperatorHarness.of(join(JoinType.INNER), LEFT, RIGHT)
        .change(0, RowKind.INSERT, null, "n")
        .change(1, RowKind.INSERT, null, "m")
        .state()
        .change(0, RowKind.DELETE, null, "n")
        .expect("STATE 0");
  }

  /** Left row a, matched by x then y; x goes, a second a comes, y goes, z comes, an a goes; a null key last. */
  static OperatorHarness updating(JoinType type) {
    return OperatorHarness.of(join(type), LEFT, RIGHT)
        .batch(0, new Object[] {1L, "a"})
        .batch(1, new Object[] {1L, "x"})
        .batch(1, new Object[] {1L, "y"})
        .change(1, RowKind.DELETE, 1L, "x")
        .change(0, RowKind.INSERT, 1L, "a")
        .change(1, RowKind.UPDATE_BEFORE, 1L, "y")
        .change(1, RowKind.UPDATE_AFTER, 1L, "z")
        .change(0, RowKind.DELETE, 1L, "a")
        .change(0, RowKind.INSERT, null, "n")
        .state();
  }

  @Test
  void semiJoinOfUpdatingInputs() {
    updating(JoinType.SEMI).expect("+I[1, a]", "+I[1, a]", "-D[1, a]", "-D[1, a]", "+I[1, a]", "+I[1, a]", "-D[1, a]", "STATE 2");
  }

  @Test
  void antiJoinOfUpdatingInputs() {
    updating(JoinType.ANTI).expect("+I[1, a]", "-D[1, a]", "+I[1, a]", "+I[1, a]", "-D[1, a]", "-D[1, a]", "+I[null, n]", "STATE 3");
  }

  @Test
  void keysOfTextAndDoublesMatchAsSqlCompares() {
    Schema named = Schema.of(new DataType.Field("name", VARCHAR), new DataType.Field("x", DOUBLE));
    RegularJoinSpec byName = new RegularJoinSpec(JoinType.INNER, named, named, List.of(0), List.of(0), null, PairCondition.concat(named, named));
    OperatorHarness.of(byName, named, named)
        .batch(0, new Object[] {"ann", 1.0}, new Object[] {"bob", 2.0})
        .batch(1, new Object[] {"bob", 3.0}, new Object[] {"Ann", 4.0})
        .expect("+I[bob, 2.0, bob, 3.0]");
    RegularJoinSpec byNumber = new RegularJoinSpec(JoinType.INNER, named, named, List.of(1), List.of(1), null, PairCondition.concat(named, named));
    OperatorHarness.of(byNumber, named, named)
        .batch(0, new Object[] {"zero", 0.0}, new Object[] {"half", 0.5})
        .batch(1, new Object[] {"minus zero", -0.0}, new Object[] {"half", 0.5})
        .expect("+I[zero, 0.0, minus zero, -0.0]", "+I[half, 0.5, half, 0.5]");
  }

  // key, value, event time
  static final Schema LEFT_T = Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("l", VARCHAR), new DataType.Field("t", BIGINT));
  static final Schema RIGHT_T = Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("r", VARCHAR), new DataType.Field("t", BIGINT));

  @Test
  void aStateTimeToLiveFreesAKeyTheTtlAfterItsLatestRow() {
    var spec = new RegularJoinSpec(JoinType.INNER, LEFT_T, RIGHT_T, List.of(0), List.of(0), null, PairCondition.concat(LEFT_T, RIGHT_T), 10, 2, 2);
    OperatorHarness.of(spec, LEFT_T, RIGHT_T)
        .batch(0, new Object[] {1L, "a", 5L})
        .batch(1, new Object[] {2L, "x", 2L})
        .watermark(14) // key 2's time is up (2 + 10), key 1's not (5 + 10)
        .state()
        .batch(1, new Object[] {1L, "y", 14L}) // key 1 now lives until 24
        .batch(0, new Object[] {1L, "b", 30L}) // 30 is past 24: b finds key 1 gone
        .state()
        .batch(1, new Object[] {3L, "z", 50L})
        .batch(0, new Object[] {3L, "c", 55L}, new Object[] {3L, "d", 62L}) // c renews key 3 before d comes
        .batch(0, new Object[] {3L, "e", 75L}) // 75 is past 62 + 10
        .watermark(84)
        .state()
        .watermark(85)
        .state()
        .expect(
            "WM 14", "STATE 1",
            "+I[1, a, 5, 1, y, 14]", "STATE 1",
            "+I[3, c, 55, 3, z, 50]", "+I[3, d, 62, 3, z, 50]",
            "WM 84", "STATE 1", "WM 85", "STATE 0");
  }

  @Test
  void aSideWithoutEventTimeKeepsItsRowsAndTakesBackOnlyWhatItShowed() {
    var spec = new RegularJoinSpec(JoinType.RIGHT, LEFT_T, RIGHT, List.of(0), List.of(0), null, PairCondition.concat(LEFT_T, RIGHT), 10, 2, -1);
    OperatorHarness.of(spec, LEFT_T, RIGHT)
        .batch(1, new Object[] {1L, "x"})
        .batch(0, new Object[] {1L, "a", 0L})
        .watermark(10) // a is freed, x stays: its pair stays in the result
        .state()
        .change(1, RowKind.DELETE, 1L, "x") // it showed a pair, not a padded row: nothing to take back
        .change(1, RowKind.INSERT, 1L, "x")
        .batch(0, new Object[] {1L, "b", 20L})
        .state()
        .expect(
            "+I[null, null, null, 1, x]",
            "-D[null, null, null, 1, x]", "+I[1, a, 0, 1, x]",
            "WM 10", "STATE 1",
            "+I[null, null, null, 1, x]",
            "-D[null, null, null, 1, x]", "+I[1, b, 20, 1, x]", "STATE 2");
  }

  @Test
  void describesItselfAndAsksForItsKeys() {
    RegularJoinSpec spec = new RegularJoinSpec(JoinType.LEFT, KV, KW, List.of(0), List.of(0), V_BELOW_W, PairCondition.concat(KV, KW));
    assertEquals("Join(type=left, leftKeys=[0], rightKeys=[0], where=[LESS_THAN($1, $3)])", spec.describe());
    assertEquals("Join(type=semi, leftKeys=[0], rightKeys=[0])", join(JoinType.SEMI).describe());
    assertEquals(
        "Join(type=inner, leftKeys=[0], rightKeys=[0], ttl=60000 by [2, -1])",
        new RegularJoinSpec(JoinType.INNER, LEFT_T, RIGHT, List.of(0), List.of(0), null, PairCondition.concat(LEFT_T, RIGHT), 60_000, 2, -1).describe());
    assertThrows(IllegalArgumentException.class, () -> new RegularJoinSpec(JoinType.INNER, LEFT, RIGHT, List.of(0), List.of(0), null, BOTH, 10, -1, -1));
    RegularJoinSpec crossKeys = new RegularJoinSpec(JoinType.INNER, ABL, BAR, List.of(0, 1), List.of(1, 0), null, PairCondition.concat(ABL, BAR));
    assertEquals(Distribution.byKeys(List.of(0, 1)), crossKeys.inputDistribution(0));
    assertEquals(Distribution.byKeys(List.of(1, 0)), crossKeys.inputDistribution(1));
    assertThrows(IllegalArgumentException.class, () -> new RegularJoinSpec(JoinType.INNER, LEFT, RIGHT, List.of(0), List.of(), null, BOTH));
    assertThrows(IllegalArgumentException.class, () -> new RegularJoinSpec(JoinType.SEMI, LEFT, RIGHT, List.of(0), List.of(0), null, BOTH));
  }
}
