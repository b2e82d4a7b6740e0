package io.runnel.operators.calc;

import static io.runnel.operators.harness.Exprs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * A projection that only passes a column on reads it only when its output is read downstream; any other
   * projection, and the condition, read their columns whatever is read of the output. A column passed on
   * unread comes out marked unread.
   */
  @Test
  void aColumnOnlyPassedOnIsReadOnlyWhenItsOutputIs() {
    Expr condition = call(Function.GREATER_THAN, BOOLEAN, ref(1, BIGINT), lit(10L, BIGINT));
    Schema out = Schema.of(new DataType.Field("id", BIGINT), new DataType.Field("name", VARCHAR), new DataType.Field("upper", VARCHAR));
    CalcSpec spec = new CalcSpec(INPUT, condition, List.of(ref(0, BIGINT), ref(2, VARCHAR), call(Function.UPPER, VARCHAR, ref(2, VARCHAR))), out);
    assertEquals(List.of(true, true, true), asList(spec.inputColumnsRead(0, null)), "everything read downstream");
    assertEquals(List.of(true, true, true), asList(spec.inputColumnsRead(0, new boolean[] {true, true, false})));
    assertEquals(List.of(false, true, true), asList(spec.inputColumnsRead(0, new boolean[] {false, false, false})), "UPPER is evaluated, read or not");
    CalcSpec passOnly = new CalcSpec(INPUT, null, List.of(ref(0, BIGINT), ref(2, VARCHAR)), Schema.of(new DataType.Field("id", BIGINT), new DataType.Field("name", VARCHAR)));
    assertEquals(List.of(true, false, false), asList(passOnly.inputColumnsRead(0, new boolean[] {true, false})));

    Batch in = new BatchBuilder(INPUT, 1).add(7L, 0L, null).build().withUnread(new boolean[] {false, true, true});
    List<Batch> emitted = OperatorHarness.emittedBatches(passOnly, in);
    assertEquals(false, emitted.get(0).unread(0));
    assertEquals(true, emitted.get(0).unread(1), "name was not read, and is passed on so");
    assertEquals("[7, " + Batch.NOT_READ + "]", emitted.get(0).format(0));
  }

  private static List<Boolean> asList(boolean[] flags) {
    List<Boolean> list = new ArrayList<>();
    for (boolean f : flags) {
      list.add(f);
    }
    return list;
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

  @Test
  void aSubExpressionOfTheConditionAndAProjectionIsComputedOnceForTheRowsKept() {
    AtomicInteger calls = new AtomicInteger();
    Expr tagged = countingTag(ref(2, VARCHAR), calls);
    Expr condition = call(Function.NOT_EQUALS, BOOLEAN, tagged, lit("<skip>", VARCHAR));
    Schema out = Schema.of(new DataType.Field("id", BIGINT), new DataType.Field("tagged", VARCHAR));
    CalcSpec spec = new CalcSpec(INPUT, condition, List.of(ref(0, BIGINT), tagged), out);
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {1L, 1L, "skip"}, new Object[] {2L, 2L, "b"}, new Object[] {3L, 3L, "skip"}, new Object[] {4L, 4L, "d"}, new Object[] {5L, 5L, null})
        .expect("+I[2, <b>]", "+I[4, <d>]");

    List<String> rows = new ArrayList<>();
    Operator calc = spec.create();
    calc.open(new OperatorContext("test", new Output() {
      @Override
      public void emit(Batch batch) {
        for (int r = 0; r < batch.size(); r++) {
          rows.add(Arrays.toString(batch.row(r)));
        }
      }

      @Override
      public void emitWatermark(Watermark watermark) {}
    }, Clock.systemUTC(), ErrorSink.THROWING, LateSink.THROWING));
    calls.set(0);
    calc.processBatch(0, new BatchBuilder(INPUT, 4).add(1L, 1L, "skip").add(2L, 2L, "b").add(3L, 3L, "skip").add(4L, 4L, "d").build());
    assertEquals(List.of("[2, <b>]", "[4, <d>]"), rows);
    assertEquals(4, calls.get(), "once a row, by the condition; the projection takes the kept rows' values");
  }
}
