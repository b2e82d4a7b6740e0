package io.runnel.operators.over;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
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
        .state() // a and b, a's frame of 3 rows and its row at 4 waiting, b's frame of 1
        .batch(row("a", 99L, 3)) // at the watermark: its place has passed
        .batch(row("a", null, 5))
        .watermark(10)
        .state() // a's frame is down to 3 rows
        .expect(
            "+I[a, 10, 1, 1, 10, 10]",
            "+I[b, 5, 2, 1, 5, 5]",
            "+I[a, 20, 2, 2, 30, 20]",
            "+I[a, 30, 3, 3, 60, 30]",
            "WM 3", "STATE 7",
            "LATE 3 [a, 99, 1970-01-01 00:00:00.003]",
            "+I[a, 5, 4, 3, 55, 30]", // 10 left the frame
            "+I[a, null, 5, 3, 35, 30]", // 20 left; NULL is counted by COUNT(*), skipped by SUM and MAX
            "WM 10", "STATE 6");
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
  void aRangeFramesPartitionIsFreedOnceTheWatermarkIsPastItsNewestRowByTheInterval() throws Exception {
    var spec = new OverAggregateSpec(INPUT, List.of(0), 2, false, 10, List.of(call(AggKind.COUNT_STAR, -1, true), call(AggKind.SUM, 1, true)));
    OverAggregate op = (OverAggregate) spec.create();
    List<String> out = new ArrayList<>();
    op.open(new OperatorContext("test", new Output() {
      @Override
      public void emit(Batch batch) {
        batch.rows().forEach(r -> out.add(Arrays.toString(r)));
      }

      @Override
      public void emitWatermark(Watermark watermark) {}
    }, Clock.systemUTC(), (source, reason, row) -> {}, (source, rowtime, watermark, row) -> {}));
    op.processBatch(0, batch(row("a", 1L, 1), row("b", 2L, 2), row("b", 3L, 30)));
    op.processWatermark(new Watermark(5));
    assertEquals(2, partitions(op), "a and b hold frames");
    assertEquals(5, op.stateEntries(), "a and b, the rows at 1 and 2 in their frames, b's row at 30 waiting");
    op.processWatermark(new Watermark(10));
    assertEquals(2, partitions(op), "a row of a may still come at 11, and its frame [1, 11] holds the row at 1");
    op.processWatermark(new Watermark(11));
    assertEquals(1, partitions(op), "a row of a still to come is at 12 or later: the row at 1 is out of its frame, a is freed; b has a row at 30 waiting");
    assertEquals(3, op.stateEntries(), "b, its frame's row at 2 and its row at 30 waiting");
    op.processWatermark(new Watermark(39));
    assertEquals(1, partitions(op), "b's newest row is at 30: a row at 40 would see it");
    op.processWatermark(new Watermark(40));
    assertEquals(0, partitions(op));
    assertEquals(0, op.stateEntries());
    assertEquals(0, op.stateBytes());
    op.processBatch(0, batch(row("a", 5L, 50)));
    op.processWatermark(new Watermark(60));
    // a row after the partition was freed sees the frame it would have seen anyway: itself
    assertEquals(List.of("[a, 1, 1, 1, 1]", "[b, 2, 2, 1, 2]", "[b, 3, 30, 1, 3]", "[a, 5, 50, 1, 5]"), out);
  }

  private static Batch batch(Object[]... rows) {
    BatchBuilder b = new BatchBuilder(INPUT, rows.length);
    for (Object[] r : rows) {
      b.add(r);
    }
    return b.build();
  }

  /** The number of partitions in the operator's snapshot (written after its watermark). */
  private static int partitions(OverAggregate op) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    op.snapshotState(new DataOutputStream(bytes));
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    in.readLong();
    return in.readInt();
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
