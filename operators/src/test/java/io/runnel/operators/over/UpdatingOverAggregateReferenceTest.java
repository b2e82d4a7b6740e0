package io.runnel.operators.over;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.harness.Materialized;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.rank.RowOrder;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random inserts and retractions (some of rows not held, some of rows held twice), in batches of one to five
 * rows, with the operator snapshotted and restored now and then: after every batch the result its changelog
 * adds up to must be what a reference computes from the rows held, from scratch, as a batch query would: each
 * partition sorted by the ORDER BY keys and then by the rows' values, each row's frame read off that order.
 */
class UpdatingOverAggregateReferenceTest {
  // key, time, integer value, double value
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("k", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("t", DataType.of(TypeKind.TIMESTAMP)),
          new DataType.Field("v", DataType.of(TypeKind.BIGINT)),
          new DataType.Field("d", DataType.of(TypeKind.DOUBLE)));
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  static final List<AggCall> CALLS =
      List.of(
          new AggCall(AggKind.COUNT_STAR, -1, false, -1, BIGINT.withNullable(false), "n", false),
          new AggCall(AggKind.COUNT, 2, false, -1, BIGINT, "nv", false),
          new AggCall(AggKind.SUM, 2, false, -1, BIGINT, "sv", false),
          new AggCall(AggKind.MIN, 2, false, -1, BIGINT, "lo", false),
          new AggCall(AggKind.MAX, 2, false, -1, BIGINT, "hi", false),
          new AggCall(AggKind.SUM, 3, false, -1, DataType.of(TypeKind.DOUBLE), "sd", false));
  static final List<SortKey> TIME = List.of(new SortKey(1, false, true));
  static final List<SortKey> TIME_DESC = List.of(new SortKey(1, true, false));
  static final List<SortKey> TIME_THEN_VALUE_DESC = List.of(new SortKey(1, false, false), new SortKey(2, true, true));
  static final double[] DOUBLES = {0.1, 0.2, 0.3, 1e16, -1e16};

  @Test
  void rowsFramesAddUpToTheBatchResult() {
    int seed = 0;
    for (List<SortKey> order : List.of(TIME, TIME_DESC, TIME_THEN_VALUE_DESC)) {
      for (long preceding : new long[] {0, 1, 3, -1}) {
        check(new UpdatingOverAggregateSpec(INPUT, List.of(0), order, true, preceding, CALLS), new Random(seed++));
      }
    }
  }

  @Test
  void rangeFramesAddUpToTheBatchResult() {
    int seed = 100;
    for (List<SortKey> order : List.of(TIME, TIME_DESC, TIME_THEN_VALUE_DESC)) {
      for (long preceding : new long[] {0, 2, -1}) {
        if (preceding > 0 && order.size() > 1) {
          continue; // an interval needs one ORDER BY key
        }
        check(new UpdatingOverAggregateSpec(INPUT, List.of(0), order, false, preceding, CALLS), new Random(seed++));
      }
    }
  }

  @Test
  void withoutAPartitionEveryRowIsInOne() {
    check(new UpdatingOverAggregateSpec(INPUT, List.of(), TIME, true, 2, CALLS), new Random(7));
    check(new UpdatingOverAggregateSpec(INPUT, List.of(), TIME, false, -1, CALLS), new Random(8));
  }

  private static void check(UpdatingOverAggregateSpec spec, Random random) {
    Materialized output = new Materialized(spec.describe());
    List<String> materialized = output.rows();
    OperatorContext context = new OperatorContext("test", output, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), ErrorSink.THROWING, LateSink.THROWING);
    Operator op = spec.create();
    op.open(context);
    List<Object[]> held = new ArrayList<>();
    for (int step = 0; step < 150; step++) {
      BatchBuilder b = new BatchBuilder(INPUT, 5);
      for (int r = 1 + random.nextInt(5); r > 0; r--) {
        if (!held.isEmpty() && random.nextInt(3) == 0) {
          Object[] row = random.nextInt(10) == 0 ? randomRow(random) : held.get(random.nextInt(held.size())).clone();
          b.add(random.nextBoolean() ? RowKind.DELETE : RowKind.UPDATE_BEFORE, row);
          for (int i = 0; i < held.size(); i++) {
            if (Arrays.deepEquals(held.get(i), row)) {
              held.remove(i);
              break;
            }
          }
        } else {
          Object[] row = random.nextInt(8) == 0 && !held.isEmpty() ? held.get(random.nextInt(held.size())).clone() : randomRow(random);
          b.add(random.nextBoolean() ? RowKind.INSERT : RowKind.UPDATE_AFTER, row);
          held.add(row);
        }
      }
      op.processBatch(0, b.build());
      List<String> got = new ArrayList<>(materialized);
      got.sort(null);
      assertEquals(reference(spec, held), got, spec.describe() + " after batch " + step);
      assertEquals(held.size(), op.stateEntries(), spec.describe() + ": one entry per row held");
      if (random.nextInt(15) == 0) {
        op = OperatorHarness.restoreIntoFresh(op, spec, context);
      }
    }
  }

  private static Object[] randomRow(Random random) {
    int t = random.nextInt(7);
    int v = random.nextInt(6);
    int d = random.nextInt(DOUBLES.length + 1);
    return new Object[] {
      random.nextInt(12) == 0 ? null : random.nextBoolean() ? "a" : "b",
      t == 6 ? null : (Long) (long) t,
      v == 5 ? null : (Long) (long) v,
      d == DOUBLES.length ? null : (Double) DOUBLES[d]
    };
  }

  /** Every held row with its aggregates over its frame, as sorted output rows. */
  static List<String> reference(UpdatingOverAggregateSpec spec, List<Object[]> held) {
    RowOrder keys = new RowOrder(spec.orderBy());
    RowOrder values = new RowOrder(List.of(new SortKey(0, false, true), new SortKey(1, false, true), new SortKey(2, false, true), new SortKey(3, false, true)));
    Map<List<Object>, List<Object[]>> partitions = new HashMap<>();
    for (Object[] row : held) {
      List<Object> key = new ArrayList<>();
      spec.partitionKeys().forEach(k -> key.add(row[k]));
      partitions.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    List<String> result = new ArrayList<>();
    for (List<Object[]> rows : partitions.values()) {
      rows.sort(keys.thenComparing(values));
      // each row's peers (equal by the ORDER BY keys): from peerStart to peerEnd
      int[] peerStart = new int[rows.size()];
      int[] peerEnd = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        peerStart[i] = i > 0 && keys.compare(rows.get(i - 1), rows.get(i)) == 0 ? peerStart[i - 1] : i;
      }
      for (int i = rows.size() - 1; i >= 0; i--) {
        peerEnd[i] = i + 1 < rows.size() && keys.compare(rows.get(i + 1), rows.get(i)) == 0 ? peerEnd[i + 1] : i;
      }
      for (int i = 0; i < rows.size(); i++) {
        List<Object[]> frame = new ArrayList<>();
        if (spec.rows()) {
          // the row and the n before it
          for (int j = spec.preceding() < 0 ? 0 : (int) Math.max(0, i - spec.preceding()); j <= i; j++) {
            frame.add(rows.get(j));
          }
        } else {
          // of the rows up to its last peer: all (UNBOUNDED), its peers, and with an interval those within it before the row
          for (int j = 0; j <= peerEnd[i]; j++) {
            if (j >= peerStart[i] || spec.preceding() < 0 || (spec.preceding() > 0 && within(spec, rows.get(j), rows.get(i)))) {
              frame.add(rows.get(j));
            }
          }
        }
        Object[] out = Arrays.copyOf(rows.get(i), 10);
        out[4] = (long) frame.size();
        out[5] = frame.stream().filter(r -> r[2] != null).count();
        out[6] = frame.stream().map(r -> (Long) r[2]).filter(Objects::nonNull).reduce(Long::sum).orElse(null);
        out[7] = frame.stream().map(r -> (Long) r[2]).filter(Objects::nonNull).min(Long::compare).orElse(null);
        out[8] = frame.stream().map(r -> (Long) r[2]).filter(Objects::nonNull).max(Long::compare).orElse(null);
        Double sum = null;
        for (Object[] r : frame) { // in the frame's order, as a batch would add them
          if (r[3] != null) {
            sum = (sum == null ? 0.0 : sum) + (Double) r[3];
          }
        }
        out[9] = sum;
        result.add(Arrays.deepToString(out));
      }
    }
    result.sort(null);
    return result;
  }

  /** Whether {@code x}'s time is at most the interval before {@code r}'s, in the order's direction (no null is). */
  private static boolean within(UpdatingOverAggregateSpec spec, Object[] x, Object[] r) {
    Long a = (Long) x[1];
    Long b = (Long) r[1];
    if (a == null || b == null) {
      return false;
    }
    long back = spec.orderBy().get(0).descending() ? a - b : b - a;
    return back >= 0 && back <= spec.preceding();
  }
}
