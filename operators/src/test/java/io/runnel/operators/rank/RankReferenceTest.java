package io.runnel.operators.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.harness.Materialized;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random inputs, one row at a time, with the operator snapshotted and restored now and then: after every row
 * the result its changelog adds up to must be what a reference computes from every row seen, from scratch.
 */
class RankReferenceTest {
  // partition, name, score
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("k", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("n", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("s", DataType.of(TypeKind.BIGINT)));

  /** A row held by the reference, with its arrival. */
  record Held(Object[] row, long seq) {}

  @Test
  void rankAddsUpToTheTopNOfEveryRowSeen() {
    List<SortKey> order = List.of(new SortKey(2, true, false), new SortKey(1, false, true));
    for (RankFunction function : RankFunction.values()) {
      for (boolean outputRank : new boolean[] {false, true}) {
        for (boolean insertOnly : new boolean[] {false, true}) {
          for (long limit : new long[] {1, 3}) {
            RankSpec spec = new RankSpec(INPUT, List.of(0), order, function, limit, outputRank, outputRank ? RankSpec.withRankColumn(INPUT, "rk") : INPUT, insertOnly);
            long seed = function.ordinal() * 100 + (outputRank ? 10 : 0) + (insertOnly ? 1 : 0) + limit * 1000;
            run(spec, new Random(seed), insertOnly, (held) -> top(held, order, function, limit, outputRank), function == RankFunction.ROW_NUMBER && insertOnly ? 2 * limit : Long.MAX_VALUE);
          }
        }
      }
    }
  }

  @Test
  void deduplicateAddsUpToTheKeptRowOfEveryKey() {
    for (int time : new int[] {-1, 2}) {
      for (boolean keepLast : new boolean[] {false, true}) {
        for (boolean insertOnly : new boolean[] {false, true}) {
          DeduplicateSpec spec = new DeduplicateSpec(INPUT, List.of(0), time, keepLast, insertOnly);
          Comparator<Held> byTime = time < 0 ? Comparator.comparingLong(Held::seq) : Comparator.<Held>comparingLong(h -> (Long) h.row()[2]).thenComparingLong(Held::seq);
          long seed = (time + 1) * 10 + (keepLast ? 100 : 0) + (insertOnly ? 1 : 0);
          run(spec, new Random(seed), insertOnly, (held) -> {
            Map<String, Held> kept = new HashMap<>();
            for (Held h : held) {
              if (h.row()[2] == null && time >= 0) {
                continue;
              }
              kept.merge((String) h.row()[0], h, (a, b) -> (byTime.compare(a, b) < 0) == keepLast ? b : a);
            }
            return kept.values().stream().map(h -> Arrays.deepToString(h.row())).sorted().toList();
          }, Long.MAX_VALUE);
        }
      }
    }
  }

  /** The Top-N of each partition of {@code held}, as sorted output rows. */
  static List<String> top(List<Held> held, List<SortKey> orderBy, RankFunction function, long limit, boolean outputRank) {
    RowOrder order = new RowOrder(orderBy);
    Map<Object, List<Held>> partitions = new HashMap<>();
    for (Held h : held) {
      partitions.computeIfAbsent(h.row()[0], k -> new ArrayList<>()).add(h);
    }
    List<String> result = new ArrayList<>();
    for (List<Held> rows : partitions.values()) {
      rows.sort((a, b) -> {
        int c = order.compare(a.row(), b.row());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
      });
      for (int i = 0; i < rows.size(); i++) {
        Object[] current = rows.get(i).row();
        long rank =
            switch (function) {
              case ROW_NUMBER -> i + 1;
              case RANK -> 1 + countBefore(rows, i, order);
              // the sort keys are (s, n): count the distinct pairs strictly before
              case DENSE_RANK -> 1 + rows.subList(0, i).stream().map(Held::row).filter(r -> order.compare(r, current) < 0).map(r -> Arrays.asList(r[2], r[1])).distinct().count();
            };
        if (rank <= limit) {
          result.add(Arrays.deepToString(outputRank ? new Object[] {current[0], current[1], current[2], rank} : current));
        }
      }
    }
    result.sort(null);
    return result;
  }

  /** How many rows sort strictly before row {@code i}. */
  static long countBefore(List<Held> rows, int i, RowOrder order) {
    Object[] current = rows.get(i).row();
    return rows.stream().filter(h -> order.compare(h.row(), current) < 0).count();
  }

  interface Reference {
    List<String> result(List<Held> held);
  }

  private static void run(OperatorSpec spec, Random random, boolean insertOnly, Reference reference, long maxState) {
    Materialized output = new Materialized(spec.describe());
    List<String> materialized = output.rows();
    // rows of no event time are reported to deduplication's error sink; the reference skips them
    ErrorSink errors = (source, reason, row) -> {};
    OperatorContext context = new OperatorContext("test", output, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), errors, LateSink.THROWING);
    Operator op = spec.create();
    op.open(context);
    List<Held> held = new ArrayList<>();
    for (long seq = 0; seq < 400; seq++) {
      RowKind kind = RowKind.INSERT;
      Object[] row;
      if (!insertOnly && !held.isEmpty() && random.nextInt(3) == 0) {
        // a removal of a row held (now and then of one that is not)
        kind = random.nextBoolean() ? RowKind.DELETE : RowKind.UPDATE_BEFORE;
        row = random.nextInt(10) == 0 ? randomRow(random) : held.get(random.nextInt(held.size())).row().clone();
        for (int i = held.size() - 1; i >= 0; i--) {
          if (Arrays.deepEquals(held.get(i).row(), row)) {
            held.remove(i);
            break;
          }
        }
      } else {
        row = randomRow(random);
        held.add(new Held(row, seq));
      }
      BatchBuilder b = new BatchBuilder(INPUT, 1);
      b.add(kind, row);
      op.processBatch(0, b.build());
      List<String> got = new ArrayList<>(materialized);
      got.sort(null);
      assertEquals(reference.result(held), got, spec.describe() + " after row " + seq);
      assertTrue(op.stateEntries() <= maxState, spec.describe() + " holds " + op.stateEntries());
      if (random.nextInt(20) == 0) {
        op = OperatorHarness.restoreIntoFresh(op, spec, context);
      }
    }
  }

  private static Object[] randomRow(Random random) {
    int s = random.nextInt(6);
    return new Object[] {random.nextBoolean() ? "a" : "b", String.valueOf((char) ('p' + random.nextInt(4))), s == 5 ? null : (Long) (long) s};
  }
}
