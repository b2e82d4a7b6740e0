package io.runnel.operators.over;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.runnel.operators.agg.AggKind;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverAggregateRestoreTest {
  private static final Schema INPUT =
      Schema.of(new DataType.Field("k", DataType.of(TypeKind.BIGINT)), new DataType.Field("ts", DataType.of(TypeKind.TIMESTAMP)));

  /**
   * A snapshot lists the partitions in the order of the hash table they were in; restored into a table
   * that starts small and doubles, keys in that order crowd into part of it once the old one was more than
   * half full, and each insert probes through the crowd. Restored into a table sized for all, it takes a
   * moment.
   */
  @Test
  void restoringPartitionsFromTheOrderOfTheirTableTakesLinearTime() {
    int partitions = 1_260_000; // 60% of the 2^21 slots their table holds: past half full
    var spec = new OverAggregateSpec(INPUT, List.of(0), 1, true, -1, List.of(OverAggregateTest.call(AggKind.COUNT_STAR, -1, true)));
    long[] emitted = new long[1];
    Output counting =
        new Output() {
          @Override
          public void emit(Batch batch) {
            emitted[0] += batch.size();
          }

          @Override
          public void emitWatermark(Watermark watermark) {}
        };
    OperatorContext context = new OperatorContext("test", counting, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), (source, reason, row) -> {}, (source, rowtime, watermark, row) -> {});
    Operator op = spec.create();
    op.open(context);
    for (long k = 0; k < partitions; k += 1024) {
      BatchBuilder b = new BatchBuilder(INPUT, 1024);
      for (long i = k; i < Math.min(partitions, k + 1024); i++) {
        b.add(i, 1L);
      }
      op.processBatch(0, b.build());
    }
    op.processWatermark(new Watermark(1));
    Operator restored = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> OperatorHarness.restoreIntoFresh(op, spec, context));
    emitted[0] = 0;
    BatchBuilder again = new BatchBuilder(INPUT, 1);
    again.add(42L, 2L);
    restored.processBatch(0, again.build());
    restored.processWatermark(new Watermark(2));
    assertEquals(1, emitted[0], "the partition of 42 was restored: its row is emitted with the count over both");
  }
}
