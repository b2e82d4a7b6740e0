package io.runnel.bench;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.agg.GroupAggregateSpec;
import io.runnel.operators.api.Operator;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Nexmark q17 shape: an unbounded GROUP BY of a BIGINT and a VARCHAR key with eight aggregates (COUNT(*)
 * three times filtered, MIN, MAX, AVG and SUM of a BIGINT), per row or in mini-batches, over batches of 1024
 * rows whose keys fall among {@code groups} groups that all exist already: the steady state of a query
 * whose groups grow slowly. Nanoseconds per input row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregationBenchmark {
  static final int ROWS = 1024;
  static final int BATCHES = 256;
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  static final DataType COUNT = BIGINT.withNullable(false);
  static final DataType FLAG = DataType.of(TypeKind.BOOLEAN).withNullable(false);
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("auction", BIGINT),
          new DataType.Field("day", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("price", BIGINT),
          new DataType.Field("rank1", FLAG),
          new DataType.Field("rank2", FLAG),
          new DataType.Field("rank3", FLAG));
  static final List<AggCall> CALLS =
      List.of(
          new AggCall(AggKind.COUNT_STAR, -1, false, -1, COUNT, "total_bids", false),
          new AggCall(AggKind.COUNT_STAR, -1, false, 3, COUNT, "rank1_bids", false),
          new AggCall(AggKind.COUNT_STAR, -1, false, 4, COUNT, "rank2_bids", false),
          new AggCall(AggKind.COUNT_STAR, -1, false, 5, COUNT, "rank3_bids", false),
          new AggCall(AggKind.MIN, 2, false, -1, BIGINT, "min_price", false),
          new AggCall(AggKind.MAX, 2, false, -1, BIGINT, "max_price", false),
          new AggCall(AggKind.AVG, 2, false, -1, BIGINT, "avg_price", false),
          new AggCall(AggKind.SUM, 2, false, -1, BIGINT, "sum_price", false));

  @Param({"100", "100000"})
  int groups;

  @Param({"true", "false"})
  boolean miniBatch;

  Batch[] batches;
  int next;
  Operator aggregate;

  @Setup
  public void setUp(Blackhole blackhole) {
    Random random = new Random(17);
    String[] days = {"2015-07-15", "2015-07-16"};
    batches = new Batch[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      BatchBuilder builder = new BatchBuilder(INPUT, ROWS);
      for (int i = 0; i < ROWS; i++) {
        int g = random.nextInt(groups);
        long price = Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
        // a fresh box and string per row, as rows decoded from a log have
        builder.add(1000L + g / 2, new String(days[g % 2].toCharArray()), price, price < 10_000, price >= 10_000 && price < 1_000_000, price >= 1_000_000);
      }
      batches[b] = builder.build();
    }
    aggregate = Blackholes.open(new GroupAggregateSpec(INPUT, List.of(0, 1), CALLS, miniBatch).create(), blackhole);
    for (Batch batch : batches) {
      aggregate.processBatch(0, batch); // every group exists before measuring
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void groupAggregate() {
    aggregate.processBatch(0, batches[next]);
    next = (next + 1) % BATCHES;
  }
}
