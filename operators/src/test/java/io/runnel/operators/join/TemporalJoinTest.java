package io.runnel.operators.join;

import static io.runnel.operators.harness.Exprs.BIGINT;
import static io.runnel.operators.harness.Exprs.BOOLEAN;
import static io.runnel.operators.harness.Exprs.TIMESTAMP;
import static io.runnel.operators.harness.Exprs.VARCHAR;
import static io.runnel.operators.harness.Exprs.call;
import static io.runnel.operators.harness.Exprs.lit;
import static io.runnel.operators.harness.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runnel.operators.batch.RowKind;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalJoinTest {
  static final Schema STREAM =
      Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("lt", TIMESTAMP), new DataType.Field("l", VARCHAR));
  static final Schema TABLE =
      Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("rt", TIMESTAMP), new DataType.Field("r", VARCHAR));
  static final Schema BOTH = PairCondition.concat(STREAM, TABLE);
  static final String END = "WM " + Long.MAX_VALUE;

  static TemporalJoinSpec join(JoinType type, Expr condition) {
    return new TemporalJoinSpec(type, STREAM, TABLE, List.of(0), List.of(0), 1, 1, condition, BOTH);
  }

  /**
   * Versions of keys 1 and 2; stream rows before the first version, at a version's own time, between
   * versions, of a key without versions, with a null key; a row that comes after the watermark passed its
   * time; a deletion, and a row after it; the state freed as the watermark passes versions.
   */
  static OperatorHarness scenario(JoinType type, Expr condition) {
    return OperatorHarness.of(join(type, condition), STREAM, TABLE)
        .batch(1, new Object[] {1L, 10L, "a"}, new Object[] {1L, 20L, "b"}, new Object[] {2L, 15L, "p"})
        .batch(0, new Object[] {1L, 5L, "x"}, new Object[] {1L, 12L, "y"}, new Object[] {3L, 12L, "q"})
        .batch(0, new Object[] {2L, 30L, "w"}, new Object[] {1L, 20L, "z"})
        .batch(0, new Object[] {null, 12L, "n"})
        .state()
        .watermark(25) // x, y, q, z in time order; key 1's version at 10 is freed
        .state()
        .batch(1, new Object[] {2L, 28L, "p2"})
        .change(1, RowKind.DELETE, 2L, 40L, "p2")
        .batch(0, new Object[] {1L, 22L, "late"}) // behind the watermark: late, dropped
        .state()
        .watermark(35) // w sees p2; key 2's version at 15 is freed
        .state()
        .batch(0, new Object[] {2L, 45L, "after"})
        .watermark(50) // key 2 was deleted at 40: nothing valid, and the key is freed
        .state()
        .watermark(Long.MAX_VALUE)
        .state();
  }

  @Test
  void eachStreamRowJoinsTheVersionValidAtItsTime() {
    scenario(JoinType.INNER, null)
        .expect(
            "STATE 8",
            "+I[1, 12, y, 1, 10, a]",
            "+I[1, 20, z, 1, 20, b]",
            "WM 24",
            "STATE 3",
            "LATE 22 [1, 1970-01-01 00:00:00.022, late]",
            "STATE 5",
            "+I[2, 30, w, 2, 28, p2]",
            "WM 34",
            "STATE 3",
            "WM 49",
            "STATE 1",
            END,
            "STATE 1");
  }

  @Test
  void aLeftJoinPadsARowWithoutAValidVersion() {
    scenario(JoinType.LEFT, null)
        .expect(
            "+I[null, 12, n, null, null, null]",
            "STATE 8",
            "+I[1, 5, x, null, null, null]",
            "+I[1, 12, y, 1, 10, a]",
            "+I[3, 12, q, null, null, null]",
            "+I[1, 20, z, 1, 20, b]",
            "WM 24",
            "STATE 3",
            "LATE 22 [1, 1970-01-01 00:00:00.022, late]",
            "STATE 5",
            "+I[2, 30, w, 2, 28, p2]",
            "WM 34",
            "STATE 3",
            "+I[2, 45, after, null, null, null]",
            "WM 49",
            "STATE 1",
            END,
            "STATE 1");
  }

  @Test
  void theConditionIsTestedOnTheValidVersionOnly() {
    // r <> 'a': y's valid version is a, so y has no match; an older or newer version that passes does not count
    Expr notA = call(Function.NOT_EQUALS, BOOLEAN, ref(5, VARCHAR), lit("a", VARCHAR));
    scenario(JoinType.LEFT, notA)
        .expect(
            "+I[null, 12, n, null, null, null]",
            "STATE 8",
            "+I[1, 5, x, null, null, null]",
            "+I[1, 12, y, null, null, null]",
            "+I[3, 12, q, null, null, null]",
            "+I[1, 20, z, 1, 20, b]",
            "WM 24",
            "STATE 3",
            "LATE 22 [1, 1970-01-01 00:00:00.022, late]",
            "STATE 5",
            "+I[2, 30, w, 2, 28, p2]",
            "WM 34",
            "STATE 3",
            "+I[2, 45, after, null, null, null]",
            "WM 49",
            "STATE 1",
            END,
            "STATE 1");
  }

  @Test
  void aVersionAtTheSameTimeReplacesTheEarlierOne() {
    OperatorHarness.of(join(JoinType.INNER, null), STREAM, TABLE)
        .batch(1, new Object[] {1L, 10L, "a"})
        .batch(1, new Object[] {1L, 10L, "a2"})
        .batch(0, new Object[] {1L, 10L, "x"})
        .state()
        .watermark(Long.MAX_VALUE)
        .expect("STATE 2", "+I[1, 10, x, 1, 10, a2]", END);
  }

  @Test
  void aVersionAtTheWatermarksOwnTimeIsStillWaitedFor() {
    // with the watermark at 20 a version at 20 may still come: x (20) waits until the watermark passes 20
    OperatorHarness.of(join(JoinType.INNER, null), STREAM, TABLE)
        .batch(1, new Object[] {1L, 10L, "a"})
        .batch(0, new Object[] {1L, 20L, "x"})
        .watermark(20)
        .batch(1, new Object[] {1L, 20L, "b"})
        .watermark(21)
        .expect("WM 19", "+I[1, 20, x, 1, 20, b]", "WM 20");
  }

  @Test
  void onlyInnerAndLeftJoinsAreTemporal() {
    assertThrows(IllegalArgumentException.class, () -> join(JoinType.RIGHT, null));
    assertThrows(IllegalArgumentException.class, () -> join(JoinType.FULL, null));
  }
}
