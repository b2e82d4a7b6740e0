package io.runnel.bench;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.calc.CalcSpec;
import io.runnel.operators.api.Operator;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Nexmark q1/q2 shape, {@code SELECT auction, price * 908 / 1000 FROM bid WHERE price > 5000000}, over
 * a batch of 1024 rows: Runnel's Calc (filter, then the projections, column at a time), a hand-written
 * loop over the same primitive columns (the floor), and the same loop over boxed {@code Object[]} rows
 * (what a row-at-a-time engine pays). Results are nanoseconds per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExpressionBenchmark {
  static final int ROWS = 1024;
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  static final DataType BOOLEAN = DataType.of(TypeKind.BOOLEAN);
  static final Schema SCHEMA = Schema.of(new DataType.Field("auction", BIGINT), new DataType.Field("price", BIGINT));

  Batch batch;
  long[] auctions;
  long[] prices;
  Object[][] rows;
  Operator calc;

  @Setup
  public void setUp(Blackhole blackhole) {
    Random random = new Random(7);
    BatchBuilder builder = new BatchBuilder(SCHEMA, ROWS);
    rows = new Object[ROWS][];
    for (int i = 0; i < ROWS; i++) {
      long auction = 1000 + random.nextInt(1000);
      long price = Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
      builder.add(auction, price);
      rows[i] = new Object[] {auction, price};
    }
    batch = builder.build();
    auctions = ((LongColumn) batch.column(0)).values();
    prices = ((LongColumn) batch.column(1)).values();
    Expr price = new Expr.InputRef(1, BIGINT);
    Expr condition = new Expr.Call(Function.GREATER_THAN, List.of(price, new Expr.Literal(5_000_000L, BIGINT)), BOOLEAN);
    Expr scaled = new Expr.Call(Function.DIVIDE, List.of(new Expr.Call(Function.TIMES, List.of(price, new Expr.Literal(908L, BIGINT)), BIGINT), new Expr.Literal(1000L, BIGINT)), BIGINT);
    Schema out = Schema.of(new DataType.Field("auction", BIGINT), new DataType.Field("price", BIGINT));
    calc = Blackholes.open(new CalcSpec(SCHEMA, condition, List.of(new Expr.InputRef(0, BIGINT), scaled), out).create(), blackhole);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void runnelCalc() {
    calc.processBatch(0, batch);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void handWrittenPrimitiveLoop(Blackhole bh) {
    long[] outAuction = new long[ROWS];
    long[] outPrice = new long[ROWS];
    int n = 0;
    for (int i = 0; i < ROWS; i++) {
      long p = prices[i];
      if (p > 5_000_000L) {
        outAuction[n] = auctions[i];
        outPrice[n++] = p * 908 / 1000;
      }
    }
    bh.consume(outAuction);
    bh.consume(outPrice);
    bh.consume(n);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void boxedRowLoop(Blackhole bh) {
    Object[][] out = new Object[ROWS][];
    int n = 0;
    for (Object[] row : rows) {
      long p = (Long) row[1];
      if (p > 5_000_000L) {
        out[n++] = new Object[] {row[0], p * 908 / 1000};
      }
    }
    bh.consume(out);
    bh.consume(n);
  }
}
