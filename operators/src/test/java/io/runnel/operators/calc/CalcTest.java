package io.runnel.operators.calc;

import static io.runnel.operators.harness.Exprs.*;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalcTest {
  static final Schema INPUT = Schema.of(new DataType.Field("id", BIGINT), new DataType.Field("price", BIGINT), new DataType.Field("name", VARCHAR));

  @Test
  void filtersThenProjectsAndForwardsWatermarks() {
    Expr condition = call(Function.GREATER_THAN, BOOLEAN, ref(1, BIGINT), lit(10L, BIGINT));
    Schema out = Schema.of(new DataType.Field("id", BIGINT), new DataType.Field("doubled", BIGINT), new DataType.Field("upper", VARCHAR));
    CalcSpec spec =
        new CalcSpec(INPUT, condition, List.of(ref(0, BIGINT), call(Function.TIMES, BIGINT, ref(1, BIGINT), lit(2L, BIGINT)), call(Function.UPPER, VARCHAR, ref(2, VARCHAR))), out);
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {1L, 5L, "a"}, new Object[] {2L, 20L, "b"}, new Object[] {3L, null, "c"})
        .watermark(100)
        .batch(new Object[] {4L, 11L, null})
        .expect("+I[2, 40, B]", "WM 100", "+I[4, 22, null]");
  }

  @Test
  void rowKindsPassThroughAndNullConditionsDropRows() {
    Expr condition = call(Function.EQUALS, BOOLEAN, ref(2, VARCHAR), lit("x", VARCHAR));
    CalcSpec spec = new CalcSpec(INPUT, condition, List.of(ref(0, BIGINT)), Schema.of(new DataType.Field("id", BIGINT)));
    OperatorHarness.of(spec, INPUT)
        .change(RowKind.INSERT, 1L, 1L, "x")
        .change(RowKind.UPDATE_BEFORE, 1L, 1L, "x")
        .change(RowKind.UPDATE_AFTER, 1L, 2L, "x")
        .change(RowKind.INSERT, 2L, 2L, null)
        .change(RowKind.DELETE, 1L, 2L, "x")
        .expect("+I[1]", "-U[1]", "+U[1]", "-D[1]");
  }
}
