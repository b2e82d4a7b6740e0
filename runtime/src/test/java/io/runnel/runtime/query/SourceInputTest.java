package io.runnel.runtime.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.dag.WatermarkSpec;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.runtime.journal.TaskClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceInputTest {
  private static final Schema SCHEMA =
      Schema.of(new DataType.Field("id", DataType.of(TypeKind.BIGINT)), new DataType.Field("ts", DataType.of(TypeKind.TIMESTAMP)));

  @Test
  void aRowBehindTheWatermarkOfTheRowsBeforeItStartsASegmentOfItsOwn() {
    // WATERMARK FOR ts AS ts: after 5000 the row at 3000 is behind; after 7000 so is the second 7000;
    // the row at 2000 is behind too, but the watermark has not moved since its segment began
    SourceInput input = input(true, false, batch(1000, 5000, 3000, 7000, 7000, 2000, 9000));
    List<String> segments = new ArrayList<>();
    Batch segment;
    while ((segment = input.poll()) != null) {
      segments.add(times(segment) + " then watermark " + input.watermark());
    }
    assertEquals(List.of("[1000, 5000] then watermark 5000", "[3000, 7000] then watermark 7000", "[7000, 2000, 9000] then watermark 9000"), segments);
  }

  @Test
  void orderedRowsAndRowsWithoutAWatermarkAreTakenWhole() {
    Batch ordered = batch(1000, 1001, 2000, 3000);
    SourceInput input = input(true, false, ordered);
    assertSame(ordered, input.poll());
    assertEquals(3000, input.watermark());
    Batch unordered = batch(5000, 1000);
    SourceInput plain = input(false, false, unordered);
    assertSame(unordered, plain.poll());
    assertNull(plain.poll());
  }

  @Test
  void aSourceIsNotExhaustedWhileSegmentsOfItsLastBatchRemain() {
    SourceInput input = input(true, true, batch(5000, 1000));
    assertEquals(1, input.poll().size());
    assertFalse(input.exhausted());
    assertEquals(1, input.poll().size());
    assertEquals(true, input.exhausted());
    assertEquals(Long.MAX_VALUE, input.watermark());
  }

  /** A source of {@code batches}; a bounded one says it is exhausted as it hands out the last. */
  private static SourceInput input(boolean watermark, boolean bounded, Batch... batches) {
    ArrayDeque<Batch> queue = new ArrayDeque<>(List.of(batches));
    SourceReader reader =
        new SourceReader() {
          private boolean exhausted;

          @Override
          public Batch poll() {
            Batch next = queue.poll();
            exhausted = bounded && queue.isEmpty();
            return next;
          }

          @Override
          public boolean exhausted() {
            return exhausted;
          }
        };
    TaskClock clock = TaskClock.unrecorded(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    WatermarkTracker tracker =
        watermark
            ? new WatermarkTracker(new WatermarkSpec(new Expr.InputRef(1, DataType.of(TypeKind.TIMESTAMP)), 1, 0, 0), "s", ErrorSink.THROWING, clock, new QueryCounters())
            : null;
    return new SourceInput(new SourceReader[] {reader}, new WatermarkTracker[] {tracker});
  }

  private static Batch batch(long... times) {
    BatchBuilder b = new BatchBuilder(SCHEMA, times.length);
    for (int i = 0; i < times.length; i++) {
      b.add((long) i, times[i]);
    }
    return b.build();
  }

  private static List<Long> times(Batch batch) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      times.add(batch.column(1).getLong(i));
    }
    return times;
  }
}
