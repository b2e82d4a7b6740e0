package io.runnel.operators.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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

class GroupAggregateRestoreTest {
  private static final Schema INPUT = Schema.of(new DataType.Field("k", DataType.of(TypeKind.BIGINT)));

  /**
   * A snapshot lists the groups in the order of the hash table they were in. Put into a table that starts
   * small and doubles, keys in that order crowd into the part of the table their low bits name as soon as
   * the old table was more than half full, and every insert probes through the crowd: restoring 1,260,000
   * groups took minutes. Restored into a table sized for all of them at once, it takes a moment.
   */
  @Test
  void restoringGroupsFromTheOrderOfTheirTableTakesLinearTime() {
    int groups = 1_260_000; // 60% of the 2^21 slots their table holds: past half full
    var spec = new GroupAggregateSpec(INPUT, List.of(0), List.of(GroupAggregateTest.call(AggKind.COUNT_STAR, -1, false)));
    long[] emitted = new long[1];
    OperatorContext context = new OperatorContext("test", counting(emitted), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), (source, reason, row) -> {}, (source, rowtime, watermark, row) -> {});
    Operator op = spec.create();
    op.open(context);
    for (long k = 0; k < groups; k += 1024) {
      BatchBuilder b = new BatchBuilder(INPUT, 1024);
      for (long i = k; i < Math.min(groups, k + 1024); i++) {
        b.add(i);
      }
      op.processBatch(0, b.build());
    }
    Operator restored = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> OperatorHarness.restoreIntoFresh(op, spec, context));
    emitted[0] = 0;
    BatchBuilder again = new BatchBuilder(INPUT, 1);
    again.add(42L);
    restored.processBatch(0, again.build());
    assertEquals(2, emitted[0], "the group of 42 was restored: its count goes from 1 to 2 (-U, +U)");
  }

  private static Output counting(long[] rows) {
    return new Output() {
      @Override
      public void emit(Batch batch) {
        rows[0] += batch.size();
      }

      @Override
      public void emitWatermark(Watermark watermark) {}
    };
  }
}
