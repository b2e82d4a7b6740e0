package io.runnel.operators.join;

import static io.runnel.operators.harness.Exprs.BIGINT;
import static io.runnel.operators.harness.Exprs.BOOLEAN;
import static io.runnel.operators.harness.Exprs.TIMESTAMP;
import static io.runnel.operators.harness.Exprs.VARCHAR;
import static io.runnel.operators.harness.Exprs.call;
import static io.runnel.operators.harness.Exprs.lit;
import static io.runnel.operators.harness.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.batch.RowKind;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupJoinTest {
  static final Schema STREAM =
      Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("lt", TIMESTAMP), new DataType.Field("l", VARCHAR));
  static final Schema TABLE = Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("r", VARCHAR));
  static final Schema BOTH = PairCondition.concat(STREAM, TABLE);
  static final String END = "WM " + Long.MAX_VALUE;

  static LookupJoinSpec join(JoinType type, Expr condition) {
    return new LookupJoinSpec(type, STREAM, TABLE, List.of(0), List.of(0), condition, BOTH);
  }

  /** Rows that find a row, none, a NULL key; the table's row replaced and deleted between them; watermarks passed on. */
  static OperatorHarness scenario(JoinType type, Expr condition) {
    return OperatorHarness.of(join(type, condition), STREAM, TABLE)
        .batch(1, new Object[] {1L, "a"}, new Object[] {2L, "b"})
        .batch(0, new Object[] {1L, 10L, "x"}, new Object[] {3L, 11L, "y"}, new Object[] {null, 12L, "n"})
        .watermark(12)
        .change(1, RowKind.UPDATE_BEFORE, 1L, "a")
        .change(1, RowKind.UPDATE_AFTER, 1L, "a2")
        .change(1, RowKind.DELETE, 2L, "b")
        .state()
        .batch(0, new Object[] {1L, 13L, "z"}, new Object[] {2L, 14L, "w"})
        .watermark(Long.MAX_VALUE);
  }

  @Test
  void eachRowJoinsTheTablesRowAsItIsWhenTheRowComes() {
    scenario(JoinType.INNER, null).expect("+I[1, 10, x, 1, a]", "WM 12", "STATE 1", "+I[1, 13, z, 1, a2]", END);
  }

  @Test
  void aLeftJoinPadsARowWithoutOne() {
    scenario(JoinType.LEFT, null)
        .expect(
            "+I[1, 10, x, 1, a]",
            "+I[3, 11, y, null, null]",
            "+I[null, 12, n, null, null]",
            "WM 12",
            "STATE 1",
            "+I[1, 13, z, 1, a2]",
            "+I[2, 14, w, null, null]",
            END);
  }

  @Test
  void theConditionIsTestedOnTheRowFound() {
    Expr notA2 = call(Function.NOT_EQUALS, BOOLEAN, ref(4, VARCHAR), lit("a2", VARCHAR));
    scenario(JoinType.LEFT, notA2)
        .expect(
            "+I[1, 10, x, 1, a]",
            "+I[3, 11, y, null, null]",
            "+I[null, 12, n, null, null]",
            "WM 12",
            "STATE 1",
            "+I[1, 13, z, null, null]",
            "+I[2, 14, w, null, null]",
            END);
  }

  @Test
  void theTableIsReadFirstAndItsTimeHoldsNothingBack() {
    LookupJoinSpec spec = join(JoinType.INNER, null);
    assertTrue(spec.readsFirst(1));
    assertFalse(spec.readsFirst(0));
    assertTrue(spec.holdsTime(0));
    assertFalse(spec.holdsTime(1));
    assertThrows(IllegalArgumentException.class, () -> join(JoinType.FULL, null));
  }
}
