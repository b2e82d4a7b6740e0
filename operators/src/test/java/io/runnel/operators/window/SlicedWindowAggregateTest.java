package io.runnel.operators.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.calc.CalcSpec;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.Timestamps;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The sliced HOP aggregation against what it stands for: the window table function, the projection and the
 * window aggregate, on scripted and on random input (keys, out-of-order rows within the watermark's bound,
 * late rows, rows without event time, snapshots taken mid-stream).
 */
class SlicedWindowAggregateTest {
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);
  static final DataType DECIMAL = DataType.decimal(10, 2);
  static final DataType TS = DataType.of(TypeKind.TIMESTAMP);

  // key, value, event time
  static final Schema SMALL = Schema.of(new DataType.Field("k", VARCHAR), new DataType.Field("v", BIGINT), new DataType.Field("ts", TS));

  // k, k2, v, d, f, s, m, ts: then window_start 8, window_end 9, window_time 10
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("k", VARCHAR),
          new DataType.Field("k2", BIGINT),
          new DataType.Field("v", BIGINT),
          new DataType.Field("d", BIGINT),
          new DataType.Field("f", DataType.of(TypeKind.BOOLEAN)),
          new DataType.Field("s", VARCHAR),
          new DataType.Field("m", DECIMAL),
          new DataType.Field("ts", TS));
  static final int TIME = 7;

  static AggCall call(AggKind kind, int argument, boolean distinct, int filter, DataType type, String name) {
    return new AggCall(kind, argument, distinct, filter, type, name, false);
  }

  /** The windowed schema a projection of {@code columns} of the assigned rows gives. */
  static Schema windowed(Schema input, List<Integer> columns) {
    Schema assigned = new WindowAssignSpec(input, input.size() - 1, Windows.hop(1, 1)).outputSchema();
    return new Schema(columns.stream().map(c -> assigned.fields().get(c)).toList());
  }

  static String ts(long millis) {
    return Timestamps.format(millis);
  }

  @Test
  void eachRowGoesToOneSliceAndEachWindowMergesItsSlices() {
    // HOP(slide 5, size 10): windows [-5, 5), [0, 10), [5, 15), ...; windowed row: k, v, start, end
    List<Integer> columns = List.of(0, 1, 3, 4);
    var spec =
        new SlicedWindowAggregateSpec(
            SMALL, 2, Windows.hop(5, 10), columns, windowed(SMALL, columns), List.of(0, 2, 3),
            List.of(call(AggKind.COUNT_STAR, -1, false, -1, BIGINT.withNullable(false), "n"), call(AggKind.SUM, 1, false, -1, BIGINT, "total")));
    OperatorHarness.of(spec, SMALL)
        .batch(new Object[] {"a", 1L, 1L}, new Object[] {"b", 2L, 6L}, new Object[] {"a", 3L, 7L}, new Object[] {"b", 9L, null})
        .watermark(4) // [-5, 5) fires
        .state() // a in slice [0, 5); b and a in [5, 10)
        .batch(new Object[] {"b", 4L, 3L}) // late for [-5, 5), counts in [0, 10)
        .watermark(9) // [0, 10): a came first, then b
        .state() // slice [0, 5) is freed with its last window
        .batch(new Object[] {"a", 5L, 2L}) // every window of its slice has fired: late twice
        .watermark(20)
        .state()
        .expect(
            "ERROR the event time ts is NULL: the row belongs to no window",
            "+I[a, -5, 5, 1, 1]", "WM 4", "STATE 3",
            "LATE 4 [b, 4, " + ts(-5) + ", " + ts(5) + "]",
            "+I[a, 0, 10, 2, 4]", "+I[b, 0, 10, 2, 6]", "WM 9", "STATE 2",
            "LATE 4 [a, 5, " + ts(-5) + ", " + ts(5) + "]", "LATE 9 [a, 5, " + ts(0) + ", " + ts(10) + "]",
            "+I[b, 5, 15, 1, 2]", "+I[a, 5, 15, 1, 3]", "WM 20", "STATE 0");
  }

  @Test
  void theSpecReadsThePickedColumnsAndMeetsByTheKeysThatAreNotWindowColumns() {
    List<Integer> columns = List.of(5, 8, 1, 9);
    var spec = new SlicedWindowAggregateSpec(INPUT, TIME, Windows.hop(2, 10), columns, windowed(INPUT, columns), List.of(0, 1, 2, 3), List.of());
    assertEquals(Distribution.byKeys(List.of(5, 1)), spec.inputDistribution(0));
    boolean[] read = spec.inputColumnsRead(0, null);
    assertEquals("[false, true, false, false, false, true, false, true]", Arrays.toString(read));
    assertEquals(List.of("s", "window_start", "k2", "window_end"), spec.outputSchema().names());
    assertTrue(spec.describe().startsWith("SlicedWindowAggregate(HOP(slide=2ms, size=10ms)"));
    // no slices for a size that is not a whole number of slides, nor for calls that do not merge exactly
    assertThrows(IllegalArgumentException.class, () -> new SlicedWindowAggregateSpec(INPUT, TIME, Windows.hop(3, 10), columns, windowed(INPUT, columns), List.of(1, 3), List.of()));
    AggCall doubleSum = call(AggKind.SUM, 2, false, -1, DataType.of(TypeKind.DOUBLE), "x");
    assertFalse(doubleSum.mergesExactly());
    assertThrows(IllegalArgumentException.class, () -> new SlicedWindowAggregateSpec(INPUT, TIME, Windows.hop(2, 10), columns, windowed(INPUT, columns), List.of(1, 3), List.of(doubleSum)));
  }

  /** A layout of the windowed rows, the keys and calls over it: what one query would group and compute. */
  record Layout(List<Integer> columns, List<Integer> keys, List<AggCall> calls) {}

  static final List<Layout> LAYOUTS =
      List.of(
          // k, window_start, v, d, window_end, f, s, m: grouped by k and the window
          new Layout(
              List.of(0, 8, 2, 3, 9, 4, 5, 6),
              List.of(0, 1, 4),
              List.of(
                  call(AggKind.COUNT_STAR, -1, false, -1, BIGINT.withNullable(false), "n"),
                  call(AggKind.SUM, 2, false, -1, BIGINT, "sum_v"),
                  call(AggKind.MIN, 2, false, -1, BIGINT, "min_v"),
                  call(AggKind.MAX, 2, false, -1, BIGINT, "max_v"),
                  call(AggKind.AVG, 2, false, -1, BIGINT, "avg_v"),
                  call(AggKind.COUNT, 3, true, -1, BIGINT.withNullable(false), "distinct_d"),
                  call(AggKind.COUNT, 3, true, 5, BIGINT.withNullable(false), "distinct_d_f"),
                  call(AggKind.COUNT, 2, false, 5, BIGINT.withNullable(false), "count_v_f"),
                  call(AggKind.MIN, 6, false, -1, VARCHAR, "min_s"),
                  call(AggKind.MAX, 6, true, -1, VARCHAR, "max_s"),
                  call(AggKind.SUM, 7, false, -1, DECIMAL, "sum_m"),
                  call(AggKind.AVG, 7, false, -1, DECIMAL, "avg_m"),
                  call(AggKind.SUM, 3, true, -1, BIGINT, "sum_distinct_d"),
                  call(AggKind.APPROX_COUNT_DISTINCT, 2, false, -1, BIGINT.withNullable(false), "approx_v"))),
          // k2, window_time, window_end, window_start, v, d, k: grouped by k, the window (time too) and k2
          new Layout(
              List.of(1, 10, 9, 8, 2, 3, 0),
              List.of(6, 3, 2, 1, 0),
              List.of(call(AggKind.MAX, 4, false, -1, BIGINT, "max_v"), call(AggKind.COUNT, 5, true, -1, BIGINT.withNullable(false), "distinct_d"))),
          // window_start, window_end, v, d: grouped by the window alone
          new Layout(
              List.of(8, 9, 2, 3),
              List.of(0, 1),
              List.of(
                  call(AggKind.COUNT_STAR, -1, false, -1, BIGINT.withNullable(false), "n"),
                  call(AggKind.SUM, 2, false, -1, BIGINT, "sum_v"),
                  call(AggKind.COUNT, 3, true, -1, BIGINT.withNullable(false), "distinct_d"))));

  @Test
  void randomInputGivesWhatTheWindowTableFunctionAndTheWindowAggregateGive() {
    for (int seed = 0; seed < 150; seed++) {
      Random random = new Random(seed);
      long slide = 1 + random.nextInt(5);
      long size = slide * (1 + random.nextInt(5));
      long offset = random.nextInt((int) slide);
      Windows windows = new Windows(WindowKind.HOP, size, slide, offset);
      Layout layout = LAYOUTS.get(seed % LAYOUTS.size());
      List<Object> script = script(random, size);
      Schema windowedSchema = windowed(INPUT, layout.columns());
      SlicedWindowAggregateSpec sliced = new SlicedWindowAggregateSpec(INPUT, TIME, windows, layout.columns(), windowedSchema, layout.keys(), layout.calls());
      WindowAssignSpec assign = new WindowAssignSpec(INPUT, TIME, windows);
      List<Expr> projections = layout.columns().stream().map(c -> (Expr) new Expr.InputRef(c, assign.outputSchema().type(c))).toList();
      CalcSpec project = new CalcSpec(assign.outputSchema(), null, projections, windowedSchema);
      int end = layout.columns().indexOf(INPUT.size() + 1);
      WindowAggregateSpec aggregate = new WindowAggregateSpec(windowedSchema, layout.keys(), end, layout.calls(), false, 0, false);
      List<String> expected = run(script, List.of(assign, project, aggregate), null);
      String what = "seed " + seed + ", " + windows;
      assertSame(expected, run(script, List.of(sliced), null), what);
      // the same with the operator snapshotted and restored into a fresh instance at random points
      assertSame(expected, run(script, List.of(sliced), new Random(seed)), what + ", restored mid-stream");
      assertTrue(expected.stream().anyMatch(s -> s.startsWith("+I")), what);
    }
  }

  /** Equal lists, or a failure that shows where they first differ. */
  static void assertSame(List<String> expected, List<String> actual, String what) {
    int i = 0;
    while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
      i++;
    }
    if (i < expected.size() || i < actual.size()) {
      int from = Math.max(0, i - 3);
      assertEquals(
          expected.subList(from, Math.min(expected.size(), i + 3)), actual.subList(from, Math.min(actual.size(), i + 3)), what + ": line " + i + " of " + expected.size());
    }
  }

  /** Random batches and watermarks: rows out of order within the watermark's bound, late rows, some without event time. */
  static List<Object> script(Random random, long size) {
    List<Object> script = new ArrayList<>();
    long bound = 1 + random.nextInt((int) size * 2);
    long now = -30 + random.nextInt(20);
    long max = Long.MIN_VALUE;
    long watermark = Long.MIN_VALUE;
    String[] keys = {"a", "b", "c", "d", null};
    String[] strings = {"x", "yy", "z", null};
    for (int b = 0; b < 40; b++) {
      BatchBuilder batch = new BatchBuilder(INPUT, 8);
      int rows = random.nextInt(8);
      for (int r = 0; r < rows; r++) {
        now += random.nextInt(3);
        Long ts;
        int kind = random.nextInt(100);
        if (kind < 3) {
          ts = null;
        } else if (kind < 15 && watermark != Long.MIN_VALUE) {
          ts = watermark - random.nextInt((int) size * 2 + 1); // late for some or all of its windows
        } else {
          ts = now - random.nextInt((int) bound + 1); // out of order within the bound
        }
        if (ts != null) {
          max = Math.max(max, ts);
        }
        BigDecimal m = random.nextInt(5) == 0 ? null : BigDecimal.valueOf(random.nextInt(1000) - 500, 1 + random.nextInt(2));
        batch.add(
            keys[random.nextInt(keys.length)],
            random.nextInt(6) == 0 ? null : (long) random.nextInt(4),
            random.nextInt(6) == 0 ? null : (long) random.nextInt(101) - 50,
            random.nextInt(6) == 0 ? null : (long) random.nextInt(6),
            random.nextInt(6) == 0 ? null : (long) random.nextInt(2),
            strings[random.nextInt(strings.length)],
            m,
            ts);
      }
      script.add(batch.build());
      if (random.nextInt(3) == 0 && max != Long.MIN_VALUE) {
        // now and then a watermark far ahead of the rows, or one behind the last
        long next = random.nextInt(10) == 0 ? max + random.nextInt((int) size * 3) : max - bound;
        if (next > watermark) {
          watermark = next;
        }
        script.add(next);
      }
    }
    script.add(Long.MAX_VALUE);
    return script;
  }

  /**
   * Runs {@code script} (batches, and watermarks as longs) through a chain of operators; returns their
   * output with late rows, then the errors. With {@code restore}, the last operator is snapshotted and restored
   * into a fresh instance at random points of the script.
   */
  static List<String> run(List<Object> script, List<OperatorSpec> chain, Random restore) {
    List<String> out = new ArrayList<>();
    List<String> reported = new ArrayList<>();
    // errors and late rows go to different streams: each keeps its order, not their interleaving
    ErrorSink errors = (source, reason, row) -> reported.add("ERROR " + reason + " " + row);
    LateSink late = (source, rowtime, watermark, row) -> out.add("LATE " + rowtime + " " + watermark + " " + row);
    Operator[] ops = new Operator[chain.size()];
    OperatorContext[] contexts = new OperatorContext[chain.size()];
    for (int i = chain.size() - 1; i >= 0; i--) {
      int next = i + 1;
      Output output =
          new Output() {
            @Override
            public void emit(Batch batch) {
              if (next < ops.length) {
                ops[next].processBatch(0, batch);
              } else {
                for (int r = 0; r < batch.size(); r++) {
                  out.add(batch.kind(r).shortString() + batch.format(r));
                }
              }
            }

            @Override
            public void emitWatermark(Watermark watermark) {
              if (next < ops.length) {
                ops[next].processWatermark(watermark);
              } else {
                out.add("WM " + watermark.timestamp());
              }
            }
          };
      contexts[i] = new OperatorContext("op" + i, output, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), errors, late);
      ops[i] = chain.get(i).create();
      ops[i].open(contexts[i]);
    }
    int lastOp = ops.length - 1;
    for (Object step : script) {
      if (step instanceof Batch batch) {
        ops[0].processBatch(0, batch);
      } else {
        ops[0].processWatermark(new Watermark((Long) step));
      }
      if (restore != null && restore.nextInt(4) == 0) {
        ops[lastOp] = OperatorHarness.restoreIntoFresh(ops[lastOp], chain.get(lastOp), contexts[lastOp]);
      }
    }
    out.addAll(reported);
    return out;
  }

  @Test
  void aSnapshotTakenMidStreamRestoresSlicesTheirGroupsAndTheOrderOfArrival() {
    List<Integer> columns = List.of(0, 1, 3, 4);
    var spec =
        new SlicedWindowAggregateSpec(
            SMALL, 2, Windows.hop(2, 6), columns, windowed(SMALL, columns), List.of(0, 2, 3),
            List.of(call(AggKind.COUNT_STAR, -1, false, -1, BIGINT.withNullable(false), "n"), call(AggKind.COUNT, 1, true, -1, BIGINT.withNullable(false), "d")));
    Function<Boolean, List<String>> run =
        restore -> {
          List<Object> script = new ArrayList<>();
          BatchBuilder first = new BatchBuilder(SMALL, 4);
          first.add("b", 1L, 5L).add("a", 1L, 1L).add("a", 2L, 4L).add("c", 1L, 3L);
          script.add(first.build());
          script.add(2L);
          BatchBuilder second = new BatchBuilder(SMALL, 4);
          second.add("a", 2L, 7L).add("b", 3L, 2L).add("c", 1L, 0L);
          script.add(second.build());
          script.add(Long.MAX_VALUE);
          // restore after every step, or never
          return run(script, List.of(spec), restore ? new Random(0) {
            @Override
            public int nextInt(int bound) {
              return 0;
            }
          } : null);
        };
    // HOP(slide 2, size 6): a row at t is in the slice [t - t mod 2, ...) and in the three windows that hold it
    List<String> expected =
        List.of(
            "+I[a, " + ts(-4) + ", " + ts(2) + ", 1, 1]", "WM 2",
            "LATE 1 2 [c, 1, " + ts(-4) + ", " + ts(2) + "]",
            // in order of each group's first row in the window
            "+I[a, " + ts(-2) + ", " + ts(4) + ", 1, 1]", "+I[c, " + ts(-2) + ", " + ts(4) + ", 2, 1]", "+I[b, " + ts(-2) + ", " + ts(4) + ", 1, 1]",
            "+I[b, " + ts(0) + ", " + ts(6) + ", 2, 2]", "+I[a, " + ts(0) + ", " + ts(6) + ", 2, 2]", "+I[c, " + ts(0) + ", " + ts(6) + ", 2, 1]",
            "+I[b, " + ts(2) + ", " + ts(8) + ", 2, 2]", "+I[a, " + ts(2) + ", " + ts(8) + ", 2, 1]", "+I[c, " + ts(2) + ", " + ts(8) + ", 1, 1]",
            "+I[b, " + ts(4) + ", " + ts(10) + ", 1, 1]", "+I[a, " + ts(4) + ", " + ts(10) + ", 2, 1]",
            "+I[a, " + ts(6) + ", " + ts(12) + ", 1, 1]",
            "WM " + Long.MAX_VALUE);
    assertEquals(expected, run.apply(false));
    assertEquals(expected, run.apply(true));
  }
}
