package io.runnel.operators.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mini-batch GROUP BY folds insert-only batches call by call ({@link Aggregation#accumulateInserts}) and
 * other batches row by row; either way the changes it emits, applied, must give what the per-row operator's
 * give. Random batches over every kind of call, with nulls, filters, shared distinct counts and keys of
 * one or several columns of mixed kinds.
 */
class MiniBatchDifferentialTest {
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  static final DataType COUNT = BIGINT.withNullable(false);
  static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
  static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);
  // k, g, v, d, s, f
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("k", VARCHAR),
          new DataType.Field("g", BIGINT),
          new DataType.Field("v", BIGINT),
          new DataType.Field("d", DOUBLE),
          new DataType.Field("s", VARCHAR),
          new DataType.Field("f", DataType.of(TypeKind.BOOLEAN)));

  static List<AggCall> calls(boolean retracting) {
    return List.of(
        new AggCall(AggKind.COUNT_STAR, -1, false, -1, COUNT, "n", false),
        new AggCall(AggKind.COUNT_STAR, -1, false, 5, COUNT, "n_f", false),
        new AggCall(AggKind.COUNT, 2, false, -1, COUNT, "count_v", false),
        new AggCall(AggKind.COUNT, 2, false, 5, COUNT, "count_v_f", false),
        new AggCall(AggKind.SUM, 2, false, -1, BIGINT, "sum_v", retracting),
        new AggCall(AggKind.AVG, 2, false, -1, BIGINT, "avg_v", retracting),
        new AggCall(AggKind.MIN, 2, false, -1, BIGINT, "min_v", retracting),
        new AggCall(AggKind.MAX, 2, false, 5, BIGINT, "max_v_f", retracting),
        new AggCall(AggKind.SUM, 3, false, -1, DOUBLE, "sum_d", retracting),
        new AggCall(AggKind.AVG, 3, false, -1, DOUBLE, "avg_d", retracting),
        new AggCall(AggKind.MAX, 3, false, -1, DOUBLE, "max_d", retracting),
        new AggCall(AggKind.MIN, 4, false, -1, VARCHAR, "min_s", retracting),
        new AggCall(AggKind.COUNT, 2, true, -1, COUNT, "distinct_v", retracting),
        new AggCall(AggKind.COUNT, 2, true, 5, COUNT, "distinct_v_f", retracting),
        new AggCall(AggKind.COUNT, 4, true, -1, COUNT, "distinct_s", retracting));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void insertOnlyBatchesGiveThePerRowResult(long seed) {
    for (List<Integer> keys : List.of(List.of(0), List.of(0, 1), List.of(1, 2))) {
      List<Batch> batches = batches(new Random(seed), false);
      assertSameResult(keys, calls(false), batches);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7})
  void batchesWithRetractionsGiveThePerRowResult(long seed) {
    for (List<Integer> keys : List.of(List.of(0), List.of(0, 1))) {
      List<Batch> batches = batches(new Random(seed), true);
      assertSameResult(keys, calls(true), batches);
    }
  }

  private static void assertSameResult(List<Integer> keys, List<AggCall> calls, List<Batch> batches) {
    Map<String, Integer> perRow = run(new GroupAggregateSpec(INPUT, keys, calls, false), batches);
    Map<String, Integer> miniBatch = run(new GroupAggregateSpec(INPUT, keys, calls, true), batches);
    assertTrue(perRow.size() > 5, "enough groups to compare: " + perRow.size());
    assertEquals(perRow, miniBatch, "keys " + keys);
  }

  /** Random batches of 1 to 300 rows; with {@code retractions}, some rows take back earlier ones. */
  private static List<Batch> batches(Random random, boolean retractions) {
    List<Object[]> live = new ArrayList<>();
    List<Batch> batches = new ArrayList<>();
    for (int b = 0; b < 40; b++) {
      int n = 1 + random.nextInt(300);
      BatchBuilder builder = new BatchBuilder(INPUT, n);
      for (int i = 0; i < n; i++) {
        if (retractions && !live.isEmpty() && random.nextInt(4) == 0) {
          builder.add(RowKind.DELETE, live.remove(random.nextInt(live.size())));
          continue;
        }
        Object[] row = {
          nullOr(random, "k" + random.nextInt(6)),
          nullOr(random, (long) random.nextInt(4)),
          nullOr(random, (long) random.nextInt(50) - 10),
          nullOr(random, random.nextInt(3) == 0 ? -0.0 : random.nextInt(20) / 4.0),
          nullOr(random, "s" + random.nextInt(9)),
          nullOr(random, random.nextBoolean())
        };
        live.add(row);
        builder.add(RowKind.INSERT, row);
      }
      batches.add(builder.build());
    }
    return batches;
  }

  private static Object nullOr(Random random, Object value) {
    return random.nextInt(10) == 0 ? null : value;
  }

  /** The result the operator's changes give when applied: each row with how many times it is there. */
  private static Map<String, Integer> run(GroupAggregateSpec spec, List<Batch> batches) {
    Map<String, Integer> result = new TreeMap<>();
    Operator op = spec.create();
    op.open(new OperatorContext("test", new Output() {
      @Override
      public void emit(Batch batch) {
        for (int r = 0; r < batch.size(); r++) {
          String row = Arrays.toString(batch.row(r));
          int delta = batch.kind(r).isAccumulate() ? 1 : -1;
          result.merge(row, delta, (a, x) -> a + x == 0 ? null : a + x);
        }
      }

      @Override
      public void emitWatermark(Watermark watermark) {}
    }, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), ErrorSink.THROWING, LateSink.THROWING));
    for (Batch batch : batches) {
      op.processBatch(0, batch);
    }
    op.close();
    result.values().forEach(count -> assertEquals(1, count, "every row once"));
    return result;
  }
}
