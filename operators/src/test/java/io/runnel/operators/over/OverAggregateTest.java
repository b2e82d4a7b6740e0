package io.runnel.operators.over;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverAggregateTest {
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  // key, value, event time
  static final Schema INPUT =
      Schema.of(new DataType.Field("k", DataType.of(TypeKind.VARCHAR)), new DataType.Field("v", BIGINT), new DataType.Field("ts", DataType.of(TypeKind.TIMESTAMP)));

  static AggCall call(AggKind kind, int argument, boolean retracting) {
    DataType type = kind == AggKind.COUNT_STAR ? BIGINT.withNullable(false) : BIGINT;
    return new AggCall(kind, argument, false, -1, type, kind.name().toLowerCase(), retracting);
  }

  static Object[] row(String k, Long v, long ts) {
    return new Object[] {k, v, ts};
  }

  @Test
  void rowsFrameHoldsTheCurrentRowAndTheNBeforeItInTimeOrder() {
    var spec =
        new OverAggregateSpec(INPUT, List.of(0), 2, true, 2, List.of(call(AggKind.COUNT_STAR, -1, true), call(AggKind.SUM, 1, true), call(AggKind.MAX, 1, true)));
    OperatorHarness.of(spec, INPUT)
        .batch(row("a", 10L, 1), row("a", 30L, 3), row("b", 5L, 2))
        .batch(row("a", 20L, 2), row("a", 5L, 4)) // 20 arrives after 30 but sorts before it
        .watermark(3)
        .batch(row("a", 99L, 3)) // at the watermark: its place has passed
        .batch(row("a", null, 5))
        .watermark(10)
        .expect(
            "+I[a, 10, 1, 1, 10, 10]",
            "+I[b, 5, 2, 1, 5, 5]",
            "+I[a, 20, 2, 2, 30, 20]",
            "+I[a, 30, 3, 3, 60, 30]",
            "WM 3",
            "LATE 3 [a, 99, 1970-01-01 00:00:00.003]",
            "+I[a, 5, 4, 3, 55, 30]", // 10 left the frame
            "+I[a, null, 5, 3, 35, 30]", // 20 left; NULL is counted by COUNT(*), skipped by SUM and MAX
            "WM 10");
  }

  @Test
  void rangeFrameHoldsTheRowsWithinTheIntervalAndPeersShareTheirResult() {
    var spec = new OverAggregateSpec(INPUT, List.of(0), 2, false, 10, List.of(call(AggKind.COUNT_STAR, -1, true), call(AggKind.MIN, 1, true)));
    OperatorHarness.of(spec, INPUT)
        .batch(row("a", 7L, 0), row("a", 3L, 10), row("a", 9L, 10), row("a", 8L, 11), row("a", 1L, 25))
        .watermark(30)
        .expect(
            "+I[a, 7, 0, 1, 7]",
            "+I[a, 3, 10, 3, 3]",
            "+I[a, 9, 10, 3, 3]",
            "+I[a, 8, 11, 3, 3]", // 11 - 10 = 1: the row at 0 has left
            "+I[a, 1, 25, 1, 1]",
            "WM 30");
  }

  @Test
  void unboundedFrameKeepsOnlyAccumulators() {
    var spec = new OverAggregateSpec(INPUT, List.of(), 2, false, -1, List.of(call(AggKind.SUM, 1, false)));
    OperatorHarness.of(spec, INPUT)
        .batch(row("a", 1L, 1), row("b", 2L, 2))
        .watermark(1)
        .batch(row("c", 3L, 3))
        .watermark(5)
        .expect("+I[a, 1, 1, 1]", "WM 1", "+I[b, 2, 2, 3]", "+I[c, 3, 3, 6]", "WM 5");
  }
}
