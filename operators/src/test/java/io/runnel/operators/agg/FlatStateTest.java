package io.runnel.operators.agg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The calls kept as longs in each group give what accumulator objects give, by every path rows reach a
 * group, and write the same snapshot bytes: the reference here is {@link AggCall#newAccumulator} fed the
 * same values in the same order.
 */
class FlatStateTest {
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  static final DataType BOOLEAN = DataType.of(TypeKind.BOOLEAN);
  static final Schema INPUT =
      Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("v", BIGINT), new DataType.Field("f", BOOLEAN), new DataType.Field("s", DataType.of(TypeKind.VARCHAR)));

  /** Every kind that is flat, with and without a filter, and two that are not (a DOUBLE sum is an object). */
  static List<AggCall> calls(boolean retracting) {
    List<AggCall> calls = new ArrayList<>();
    calls.add(new AggCall(AggKind.COUNT_STAR, -1, false, -1, BIGINT, "n", retracting));
    calls.add(new AggCall(AggKind.COUNT, 3, false, 2, BIGINT, "ns", retracting));
    calls.add(new AggCall(AggKind.SUM, 1, false, -1, BIGINT, "sum", retracting));
    calls.add(new AggCall(AggKind.AVG, 1, false, 2, BIGINT, "avg", retracting));
    if (!retracting) {
      calls.add(new AggCall(AggKind.MIN, 1, false, -1, BIGINT, "min", false));
      calls.add(new AggCall(AggKind.MAX, 1, false, 2, BIGINT, "max", false));
    }
    calls.add(new AggCall(AggKind.COUNT, 1, true, -1, BIGINT, "distinct", retracting));
    calls.add(new AggCall(AggKind.SUM, 1, false, -1, DataType.of(TypeKind.DOUBLE), "dsum", retracting));
    return calls;
  }

  /** Random rows of {@link #INPUT}, keys 0 to 2; with {@code retractions}, some rows take back an earlier one. */
  static Batch randomBatch(Random random, int rows, boolean retractions) {
    BatchBuilder builder = new BatchBuilder(INPUT, rows);
    List<Object[]> inserted = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      if (retractions && !inserted.isEmpty() && random.nextInt(4) == 0) {
        builder.add(RowKind.DELETE, inserted.remove(random.nextInt(inserted.size())));
        continue;
      }
      Long v = random.nextInt(8) == 0 ? null : random.nextInt(5) == 0 ? (random.nextBoolean() ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4) : random.nextLong() % 1000;
      Boolean f = random.nextInt(6) == 0 ? null : random.nextBoolean();
      String s = random.nextInt(5) == 0 ? null : "s" + random.nextInt(3);
      Object[] row = {(long) random.nextInt(3), v, f == null ? null : f ? 1L : 0L, s};
      inserted.add(row);
      builder.add(RowKind.INSERT, row);
    }
    return builder.build();
  }

  /** Each call's accumulator object, fed the rows of {@code batch} that fall in {@code key}'s group. */
  static List<Accumulator> reference(List<AggCall> calls, Batch batch, long key) {
    List<Accumulator> accs = new ArrayList<>();
    for (AggCall call : calls) {
      Accumulator acc = call.newAccumulator();
      for (int r = 0; r < batch.size(); r++) {
        Object[] row = batch.row(r);
        boolean in = call.filter() < 0 || Long.valueOf(1L).equals(row[call.filter()]);
        Object value = call.argument() < 0 ? null : row[call.argument()];
        if ((Long) row[0] == key && in && (call.argument() < 0 || value != null)) {
          if (batch.kind(r).isAccumulate()) {
            acc.add(value);
          } else {
            acc.retract(value);
          }
        }
      }
      accs.add(acc);
    }
    return accs;
  }

  static byte[] snapshot(Aggregation aggregation, Aggregation.Group group) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    aggregation.write(new DataOutputStream(bytes), group);
    return bytes.toByteArray();
  }

  /** The accumulator's result, or null when it has none (a SUM out of range: the aggregation reports it). */
  static Object valueOf(Accumulator acc) {
    try {
      return acc.result();
    } catch (ArithmeticException overflow) {
      return null;
    }
  }

  /** The bytes {@link Aggregation#write} wrote before any call was flat: key, row count, each accumulator in call order. */
  static byte[] referenceSnapshot(Object[] keyValues, long rows, List<Accumulator> accs) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    io.runnel.operators.state.ValueCodec.writeRow(out, keyValues);
    out.writeLong(rows);
    for (Accumulator acc : accs) {
      acc.write(out);
    }
    return bytes.toByteArray();
  }

  @Test
  void flatCallsAgreeWithAccumulatorObjectsRowByRowAndInBatches() throws IOException {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      boolean retractions = round % 2 == 1;
      List<AggCall> checked = calls(retractions);
      Aggregation aggregation = new Aggregation(INPUT, new int[] {0}, checked);
      aggregation.reportTo((source, reason, row) -> {}, "test"); // a sum out of range is null, as valueOf says
      Batch batch = randomBatch(random, 1 + random.nextInt(300), retractions);
      Aggregation.Group[] groups = new Aggregation.Group[3];
      for (int k = 0; k < 3; k++) {
        groups[k] = aggregation.newGroup(new Object[] {(long) k});
      }
      if (!retractions && round % 4 == 0) {
        Aggregation.Group[] groupOfRow = new Aggregation.Group[batch.size()];
        for (int r = 0; r < batch.size(); r++) {
          groupOfRow[r] = groups[(int) batch.column(0).getLong(r)];
        }
        aggregation.accumulateInserts(groupOfRow, batch);
      } else if (round % 4 == 2) {
        for (int r = 0; r < batch.size(); r++) {
          aggregation.accumulate(groups[(int) batch.column(0).getLong(r)], batch.row(r), !batch.kind(r).isAccumulate());
        }
      } else {
        for (int r = 0; r < batch.size(); r++) {
          aggregation.accumulate(groups[(int) batch.column(0).getLong(r)], batch, r, !batch.kind(r).isAccumulate());
        }
      }
      for (int k = 0; k < 3; k++) {
        List<Accumulator> reference = reference(checked, batch, k);
        Object[] result = aggregation.result(groups[k]);
        if (result == null) {
          assertTrue(groups[k].rows() <= 0, "round " + round);
          continue;
        }
        for (int i = 0; i < checked.size(); i++) {
          assertEquals(valueOf(reference.get(i)), result[1 + i], "round " + round + ", group " + k + ", " + checked.get(i));
        }
        byte[] written = snapshot(aggregation, groups[k]);
        assertArrayEquals(referenceSnapshot(new Object[] {(long) k}, groups[k].rows(), reference), written, "round " + round + ", group " + k);
        Aggregation.Group back = aggregation.read(new DataInputStream(new ByteArrayInputStream(written)));
        assertArrayEquals(result, aggregation.result(back), "round " + round + ", group " + k);
      }
      // merging the groups, as sessions do, gives what one group fed every row gives
      if (!retractions) {
        Aggregation.Group all = aggregation.newGroup(new Object[] {0L});
        for (Aggregation.Group g : groups) {
          aggregation.merge(all, g);
        }
        Batch oneKey = oneKey(batch);
        List<Accumulator> reference = reference(checked, oneKey, 0);
        Object[] merged = aggregation.result(all);
        for (int i = 0; merged != null && i < checked.size(); i++) {
          if (checked.get(i).mergesExactly()) { // a sum of doubles rounds by the order of its additions
            assertEquals(valueOf(reference.get(i)), merged[1 + i], "round " + round + ", merged, " + checked.get(i));
          }
        }
      }
    }
  }

  /** {@code batch} with every row's key 0. */
  static Batch oneKey(Batch batch) {
    BatchBuilder builder = new BatchBuilder(INPUT, batch.size());
    for (int r = 0; r < batch.size(); r++) {
      Object[] row = batch.row(r);
      row[0] = 0L;
      builder.add(batch.kind(r), row);
    }
    return builder.build();
  }

  @Test
  void onlyCallsOfLongsWithoutDistinctAreFlat() {
    List<AggCall> calls = calls(false);
    FlatState flat = new FlatState(calls.toArray(AggCall[]::new), new boolean[calls.size()]);
    for (int i = 0; i < calls.size(); i++) {
      boolean expected = !calls.get(i).distinct() && calls.get(i).resultType().physical() == TypeKind.Physical.LONG;
      assertEquals(expected, flat.isFlat(i), calls.get(i).toString());
    }
    assertEquals(1 + 1 + 3 + 3 + 2 + 2, flat.width()); // a sum keeps its carry
    List<AggCall> retracting = List.of(new AggCall(AggKind.MIN, 1, false, -1, BIGINT, "min", true));
    assertEquals(0, new FlatState(retracting.toArray(AggCall[]::new), new boolean[1]).width(), "MIN over retractions keeps every value");
    AggCall max = new AggCall(AggKind.MAX, 1, false, -1, BIGINT, "max", false);
    FlatState maxOnly = new FlatState(new AggCall[] {max}, new boolean[1]);
    long[] state = new long[maxOnly.width()];
    assertNull(maxOnly.result(state, 0), "MAX of no rows");
    maxOnly.add(state, 0, Long.MIN_VALUE);
    assertEquals(Long.MIN_VALUE, maxOnly.result(state, 0), "the least long is a value, not none");
    assertThrows(IllegalStateException.class, () -> maxOnly.retract(state, 0, 1));
    Aggregation allFlat = new Aggregation(INPUT, new int[] {0}, calls.subList(0, 6));
    assertNotNull(allFlat.newGroup(new Object[] {0L}).flat);
    assertTrue(allFlat.newGroup(new Object[] {0L}).accumulators == allFlat.newGroup(new Object[] {1L}).accumulators, "groups of flat calls only share one array of no accumulators");
  }
}
