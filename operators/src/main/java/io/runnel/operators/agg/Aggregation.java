package io.runnel.operators.agg;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.state.StateSize;
import io.runnel.operators.state.ValueCodec;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every grouping operator shares: reading a row's group key, feeding a row to a group's
 * accumulators, building result rows, emitting the change between two results, and writing groups to
 * snapshots.
 */
public final class Aggregation {
  private final int[] keys;
  /** Keys of two to 64 columns are {@link RowKey}s of these physical kinds; null: one column, or a {@link CompositeKey}. */
  private final TypeKind.Physical[] keyKinds;
  /** The key {@link #probe} refills row after row; null unless keys are {@link RowKey}s. */
  private final RowKey probe;
  /** The same for one key column of longs, whose keys are {@link LongKey}s; else null. */
  private final LongKey longProbe;
  private final AggCall[] calls;
  /** Groups of COUNT(DISTINCT) calls over one column (two or more), computed by one {@link SharedDistinct}. */
  private final int[][] shares;
  /** Per call: its share group and its place in it, or -1 when it has an accumulator of its own. */
  private final int[] shareOf;
  private final int[] memberOf;
  /** Per share group: its calls never take rows back (bit form), and whether its column holds longs. */
  private final boolean[] shareBits;
  private final boolean[] shareLongs;
  /** The calls whose state is a few longs in each group's {@link Group#flat}. */
  private final FlatState flat;
  /** What groups hold for accumulators when every call is flat or shared: one array of nulls for all. */
  private final Accumulator[] noAccumulators;
  private static final SharedDistinct[] NO_SHARES = new SharedDistinct[0];
  /** What {@link #sizeOf} counts for an accumulator object: a header and a few fields. */
  private static final long ACCUMULATOR_BYTES = 32;
  /** {@link #accumulateInserts}' gathered accumulators and values of one call, reused between batches. */
  private Accumulator[] scratchAccumulators = new Accumulator[0];
  private long[] scratchValues = new long[0];
  private ErrorSink errors = ErrorSink.THROWING;
  private String source = "aggregate";
  /** The size of the groups made, sampled: see {@link #groupBytes()}. */
  private final StateSize.Average groupSizes = new StateSize.Average();

  public Aggregation(Schema input, int[] keys, List<AggCall> calls) {
    this.keys = keys.clone();
    if (keys.length > 1 && keys.length <= 64) {
      this.keyKinds = new TypeKind.Physical[keys.length];
      for (int i = 0; i < keys.length; i++) {
        keyKinds[i] = input.type(keys[i]).physical();
      }
      this.probe = RowKey.over(this.keys, keyKinds);
    } else {
      this.keyKinds = null;
      this.probe = null;
    }
    this.longProbe = keys.length == 1 && input.type(keys[0]).physical() == TypeKind.Physical.LONG ? LongKey.probe() : null;
    this.calls = calls.toArray(AggCall[]::new);
    this.shareOf = new int[this.calls.length];
    this.memberOf = new int[this.calls.length];
    Arrays.fill(shareOf, -1);
    List<int[]> groups = new ArrayList<>();
    for (int i = 0; i < this.calls.length; i++) {
      if (!sharable(this.calls[i]) || shareOf[i] >= 0) {
        continue;
      }
      List<Integer> members = new ArrayList<>();
      for (int j = i; j < this.calls.length; j++) {
        if (sharable(this.calls[j]) && this.calls[j].argument() == this.calls[i].argument()) {
          members.add(j);
        }
      }
      if (members.size() > 1) {
        for (int m = 0; m < members.size(); m++) {
          shareOf[members.get(m)] = groups.size();
          memberOf[members.get(m)] = m;
        }
        groups.add(members.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    this.shares = groups.toArray(int[][]::new);
    this.shareBits = new boolean[shares.length];
    this.shareLongs = new boolean[shares.length];
    for (int g = 0; g < shares.length; g++) {
      boolean insertOnly = shares[g].length <= 32;
      for (int m : shares[g]) {
        insertOnly &= !this.calls[m].retracting();
      }
      shareBits[g] = insertOnly;
      shareLongs[g] = input.type(this.calls[shares[g][0]].argument()).physical() == TypeKind.Physical.LONG;
    }
    boolean[] shared = new boolean[this.calls.length];
    for (int i = 0; i < shared.length; i++) {
      shared[i] = shareOf[i] >= 0;
    }
    this.flat = new FlatState(this.calls, shared);
    boolean objects = false;
    for (int i = 0; i < shared.length; i++) {
      objects |= !shared[i] && !flat.isFlat(i);
    }
    this.noAccumulators = objects ? null : new Accumulator[this.calls.length];
  }

  /**
   * True when every row added to or taken from a group changes its result: an unfiltered {@code COUNT(*)}
   * is among the calls. Then a change need not be checked by comparing the results.
   */
  public boolean everyRowChangesTheResult() {
    for (AggCall call : calls) {
      if (call.kind() == AggKind.COUNT_STAR && call.filter() < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean sharable(AggCall call) {
    return call.kind() == AggKind.COUNT && call.distinct();
  }

  /** The output schema: the key columns of {@code input}, then {@code extra}, then one column per call. */
  public static Schema outputSchema(Schema input, int[] keys, List<DataType.Field> extra, List<AggCall> calls) {
    List<DataType.Field> fields = new ArrayList<>();
    for (int k : keys) {
      fields.add(input.fields().get(k));
    }
    fields.addAll(extra);
    for (AggCall call : calls) {
      fields.add(new DataType.Field(call.name(), call.resultType()));
    }
    return new Schema(fields);
  }

  /**
   * The row's key as a hashable value: for one key column a {@link LongKey} when it holds longs, else the
   * value itself; for several a {@link RowKey} (or for over 64 columns a {@link CompositeKey}).
   */
  public Object key(Batch batch, int row) {
    if (longProbe != null) {
      return LongKey.probe().set(batch.column(keys[0]), row);
    }
    if (keys.length == 1) {
      return batch.column(keys[0]).getObject(row);
    }
    if (keyKinds != null) {
      return RowKey.over(keys, keyKinds).set(batch, row);
    }
    return new CompositeKey(keyValues(batch, row));
  }

  /**
   * Like {@link #key}, but a key of several columns, or of one column of longs, is one this aggregation
   * refills on every call: for looking a group up without allocating a key per row. It must not be stored:
   * store {@link #keep}'s copy.
   */
  public Object probe(Batch batch, int row) {
    return probe != null ? probe.set(batch, row) : longProbe != null ? longProbe.set(batch.column(keys[0]), row) : key(batch, row);
  }

  /** A key that stays as it is: a copy of the {@link #probe} key, else {@code key} itself. */
  public Object keep(Object key) {
    return probe != null && key == probe ? probe.copy() : longProbe != null && key == longProbe ? longProbe.copy() : key;
  }

  public Object keyOf(Object[] keyValues) {
    if (longProbe != null) {
      return LongKey.of(keyValues[0]);
    }
    return keyValues.length == 1 ? keyValues[0] : keyKinds != null ? RowKey.over(keys, keyKinds).set(keyValues) : new CompositeKey(keyValues);
  }

  public Object[] keyValues(Batch batch, int row) {
    Object[] values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = batch.column(keys[i]).getObject(row);
    }
    return values;
  }

  public Group newGroup(Object[] keyValues) {
    Accumulator[] accs = noAccumulators;
    if (accs == null) {
      accs = new Accumulator[calls.length];
      for (int i = 0; i < calls.length; i++) {
        accs[i] = shareOf[i] >= 0 || flat.isFlat(i) ? null : calls[i].newAccumulator();
      }
    }
    SharedDistinct[] shared = shares.length == 0 ? NO_SHARES : new SharedDistinct[shares.length];
    for (int g = 0; g < shares.length; g++) {
      shared[g] = shareBits[g] ? new SharedDistinct(shares[g].length, shareLongs[g]) : new SharedDistinct(shares[g].length);
    }
    Group group = new Group(keyValues, accs, shared, flat.width() == 0 ? null : new long[flat.width()]);
    if (groupSizes.wants()) {
      groupSizes.add(sizeOf(group));
    }
    return group;
  }

  /** The bytes an operator's state spends on a group, on average over the groups made (sampled): see {@link #sizeOf}. */
  public long groupBytes() {
    return groupSizes.mean();
  }

  /**
   * The bytes of a group as made: the group, its key's values twice (as the group holds them, and as the
   * map's key built of them), its accumulators (an object each, as first made), its flat state, and the
   * map slot that finds it.
   */
  private long sizeOf(Group group) {
    long bytes = 40 + StateSize.MAP_SLOT + 2 * StateSize.row(group.keyValues);
    if (group.flat != null) {
      bytes += StateSize.HEADER + 8L * group.flat.length;
    }
    if (group.accumulators != noAccumulators) {
      bytes += StateSize.references(group.accumulators.length);
      for (Accumulator a : group.accumulators) {
        bytes += a == null ? 0 : ACCUMULATOR_BYTES;
      }
    }
    return bytes + group.shared.length * ACCUMULATOR_BYTES;
  }

  /**
   * Adds every row of {@code batch}, an insert-only batch, to its group: row r to {@code groupOfRow[r]}, in
   * order. The same as {@link #accumulate(Group, Batch, int, boolean)} row after row, but call after call:
   * a call whose argument holds longs (or {@code COUNT(*)}) hands its accumulators their values in one
   * {@link Accumulator#addLongs}, a loop over one class instead of an interface call per row and call.
   */
  public void accumulateInserts(Group[] groupOfRow, Batch batch) {
    int n = batch.size();
    for (int r = 0; r < n; r++) {
      groupOfRow[r].rows++;
    }
    if (shares.length > 0) {
      for (int r = 0; r < n; r++) {
        accumulateShared(groupOfRow[r], batch, r, false);
      }
    }
    if (scratchAccumulators.length < n) {
      scratchAccumulators = new Accumulator[n];
      scratchValues = new long[n];
    }
    Accumulator[] accs = scratchAccumulators;
    long[] values = scratchValues;
    int gathered = 0;
    for (int i = 0; i < calls.length; i++) {
      AggCall call = calls[i];
      if (shareOf[i] >= 0) {
        continue;
      }
      Column filter = call.filter() >= 0 ? batch.column(call.filter()) : null;
      Column column = call.argument() >= 0 ? batch.column(call.argument()) : null;
      if (flat.isFlat(i)) {
        flat.addInserts(groupOfRow, i, column, filter, n);
        continue;
      }
      if (column != null && !(column instanceof LongColumn)) {
        for (int r = 0; r < n; r++) {
          Object value = passes(filter, r) ? column.getObject(r) : null;
          if (value != null) {
            groupOfRow[r].accumulators[i].add(value);
          }
        }
        continue;
      }
      int m = 0;
      for (int r = 0; r < n; r++) {
        if (passes(filter, r) && (column == null || !column.isNull(r))) {
          accs[m] = groupOfRow[r].accumulators[i];
          values[m++] = column == null ? 0 : column.getLong(r);
        }
      }
      if (m > 0) {
        accs[0].addLongs(accs, values, m);
      }
      gathered = Math.max(gathered, m);
    }
    Arrays.fill(accs, 0, gathered, null); // hold on to no group past the batch
  }

  /** Whether row {@code row} passes a call's FILTER column {@code filter} (null: no FILTER): TRUE, not FALSE or NULL. */
  static boolean passes(Column filter, int row) {
    return filter == null || (!filter.isNull(row) && filter.getLong(row) != 0);
  }

  /** Adds (or with {@code retract}, takes back) row {@code row} of {@code batch} to {@code group}. */
  public void accumulate(Group group, Batch batch, int row, boolean retract) {
    group.rows += retract ? -1 : 1;
    if (shares.length > 0) {
      accumulateShared(group, batch, row, retract);
    }
    accumulateCalls(group, batch, row, retract);
  }

  /** The COUNT(DISTINCT) calls that share their column's values. */
  private void accumulateShared(Group group, Batch batch, int row, boolean retract) {
    for (int g = 0; g < shares.length; g++) {
      if (shareBits[g] && !retract) {
        Column column = batch.column(calls[shares[g][0]].argument());
        int members = memberMask(g, batch, row);
        if (members != 0 && !column.isNull(row)) {
          if (shareLongs[g]) {
            group.shared[g].addLongBits(column.getLong(row), members);
          } else {
            group.shared[g].addBits(column.getObject(row), members);
          }
        }
        continue;
      }
      Object value = batch.column(calls[shares[g][0]].argument()).getObject(row);
      if (value != null) {
        SharedDistinct shared = group.shared[g];
        int[] counts = shared.countsOf(value, !retract);
        if (counts != null) {
          for (int m = 0; m < shares[g].length; m++) {
            int filter = calls[shares[g][m]].filter();
            if (filter < 0 || (!batch.column(filter).isNull(row) && batch.column(filter).getLong(row) != 0)) {
              if (retract) {
                shared.retract(counts, m);
              } else {
                shared.add(counts, m);
              }
            }
          }
          if (retract) {
            shared.release(value, counts);
          }
        }
      }
    }
  }

  /** The calls with accumulators of their own. */
  private void accumulateCalls(Group group, Batch batch, int row, boolean retract) {
    for (int i = 0; i < calls.length; i++) {
      AggCall call = calls[i];
      if (shareOf[i] >= 0) {
        continue;
      }
      if (call.filter() >= 0) {
        Column f = batch.column(call.filter());
        if (f.isNull(row) || f.getLong(row) == 0) {
          continue;
        }
      }
      if (flat.isFlat(i)) {
        Column column = call.argument() >= 0 ? batch.column(call.argument()) : null;
        if (column == null || !column.isNull(row)) {
          // a COUNT's argument may hold anything: only whether it is null counts
          long value = column instanceof LongColumn longs ? longs.getLong(row) : 0;
          if (retract) {
            flat.retract(group.flat, i, value);
          } else {
            flat.add(group.flat, i, value);
          }
        }
        continue;
      }
      Object value = null;
      if (call.argument() >= 0) {
        Column column = batch.column(call.argument());
        if (column instanceof LongColumn longs) {
          // unboxed: most arguments are integers or times
          if (!longs.isNull(row)) {
            if (retract) {
              group.accumulators[i].retractLong(longs.getLong(row));
            } else {
              group.accumulators[i].addLong(longs.getLong(row));
            }
          }
          continue;
        }
        value = column.getObject(row);
        if (value == null) {
          continue;
        }
      }
      if (retract) {
        group.accumulators[i].retract(value);
      } else {
        group.accumulators[i].add(value);
      }
    }
  }

  /** The calls of share group {@code g} whose FILTER lets row {@code row} in: bit m for member m. */
  private int memberMask(int g, Batch batch, int row) {
    int members = 0;
    for (int m = 0; m < shares[g].length; m++) {
      int filter = calls[shares[g][m]].filter();
      if (filter < 0 || (!batch.column(filter).isNull(row) && batch.column(filter).getLong(row) != 0)) {
        members |= 1 << m;
      }
    }
    return members;
  }

  /** Adds (or takes back) a boxed row (see {@link Batch#row}) to {@code group}; for operators that keep rows. */
  public void accumulate(Group group, Object[] row, boolean retract) {
    group.rows += retract ? -1 : 1;
    for (int g = 0; g < shares.length; g++) {
      if (shareBits[g] && !retract) {
        Object value = row[calls[shares[g][0]].argument()];
        int members = 0;
        for (int m = 0; m < shares[g].length; m++) {
          int filter = calls[shares[g][m]].filter();
          if (filter < 0 || (row[filter] instanceof Long flag && flag != 0)) {
            members |= 1 << m;
          }
        }
        if (members != 0 && value != null) {
          group.shared[g].addBits(value, members);
        }
        continue;
      }
      Object value = row[calls[shares[g][0]].argument()];
      int[] counts = value == null ? null : group.shared[g].countsOf(value, !retract);
      if (counts != null) {
        for (int m = 0; m < shares[g].length; m++) {
          int filter = calls[shares[g][m]].filter();
          if (filter < 0 || (row[filter] instanceof Long flag && flag != 0)) {
            if (retract) {
              group.shared[g].retract(counts, m);
            } else {
              group.shared[g].add(counts, m);
            }
          }
        }
        if (retract) {
          group.shared[g].release(value, counts);
        }
      }
    }
    for (int i = 0; i < calls.length; i++) {
      AggCall call = calls[i];
      if (shareOf[i] >= 0) {
        continue;
      }
      if (call.filter() >= 0 && !(row[call.filter()] instanceof Long flag && flag != 0)) {
        continue;
      }
      Object value = call.argument() >= 0 ? row[call.argument()] : null;
      if (call.argument() >= 0 && value == null) {
        continue;
      }
      if (flat.isFlat(i)) {
        long v = value instanceof Number number ? number.longValue() : 0; // a COUNT's argument may hold anything
        if (retract) {
          flat.retract(group.flat, i, v);
        } else {
          flat.add(group.flat, i, v);
        }
        continue;
      }
      if (retract) {
        group.accumulators[i].retract(value);
      } else {
        group.accumulators[i].add(value);
      }
    }
  }

  public void merge(Group into, Group other) {
    into.rows += other.rows;
    for (int i = 0; i < calls.length; i++) {
      if (shareOf[i] < 0 && !flat.isFlat(i)) {
        into.accumulators[i].merge(other.accumulators[i]);
      }
    }
    if (into.flat != null) {
      flat.merge(into.flat, other.flat);
    }
    for (int g = 0; g < shares.length; g++) {
      into.shared[g].merge(other.shared[g]);
    }
  }

  /** The group's result: its key values, then {@code extra}, then each aggregate; null when it has no rows. */
  public Object[] result(Group group, Object... extra) {
    if (group.rows <= 0) {
      return null;
    }
    Object[] k = group.keyValues;
    Object[] row = new Object[k.length + extra.length + calls.length];
    System.arraycopy(k, 0, row, 0, k.length);
    System.arraycopy(extra, 0, row, k.length, extra.length);
    for (int i = 0; i < calls.length; i++) {
      try {
        row[k.length + extra.length + i] =
            shareOf[i] >= 0 ? (Object) group.shared[shareOf[i]].result(memberOf[i]) : flat.isFlat(i) ? flat.result(group.flat, i) : group.accumulators[i].result();
      } catch (ArithmeticException overflow) {
        // a SUM out of its type's range: no value rather than a wrapped one, and the group is reported
        errors.report(source, overflow.getMessage() + " in " + calls[i].name(), Arrays.toString(k));
      }
    }
    return row;
  }

  /**
   * Where a result that has no value (a SUM out of its type's range) is reported, with the group's key:
   * the operator's error sink and name. Until this is called such a result throws.
   */
  public void reportTo(ErrorSink errors, String source) {
    this.errors = requireNonNull(errors, "errors is null");
    this.source = requireNonNull(source, "source is null");
  }

  /**
   * Emits the change from result {@code before} to result {@code after} (either may be null: no row):
   * {@code +I}, {@code -D}, or {@code -U} then {@code +U}; nothing when they are equal.
   */
  public static void emitChange(BatchBuilder out, Object[] before, Object[] after) {
    emitChange(out, before, after, false);
  }

  /** Like {@link #emitChange(BatchBuilder, Object[], Object[])}; {@code changed} says the results differ. */
  public static void emitChange(BatchBuilder out, Object[] before, Object[] after, boolean changed) {
    if (before == null) {
      if (after != null) {
        out.add(RowKind.INSERT, after);
      }
    } else if (after == null) {
      out.add(RowKind.DELETE, before);
    } else if (changed || !Arrays.equals(before, after)) {
      out.add(RowKind.UPDATE_BEFORE, before);
      out.add(RowKind.UPDATE_AFTER, after);
    }
  }

  public void write(DataOutput out, Group group) throws IOException {
    ValueCodec.writeRow(out, group.keyValues);
    out.writeLong(group.rows);
    // in call order, as the accumulators of every call wrote before any was flat
    for (int i = 0; i < calls.length; i++) {
      if (flat.isFlat(i)) {
        flat.write(out, group.flat, i);
      } else if (group.accumulators[i] != null) {
        group.accumulators[i].write(out);
      }
    }
    for (SharedDistinct shared : group.shared) {
      shared.write(out);
    }
  }

  public Group read(DataInput in) throws IOException {
    Group group = newGroup(ValueCodec.readRow(in));
    group.rows = in.readLong();
    for (int i = 0; i < calls.length; i++) {
      if (flat.isFlat(i)) {
        flat.read(in, group.flat, i);
      } else if (group.accumulators[i] != null) {
        group.accumulators[i].read(in);
      }
    }
    for (SharedDistinct shared : group.shared) {
      shared.read(in);
    }
    return group;
  }

  /**
   * The state of one group: its key values, how many rows it holds, and per call an accumulator or a few
   * longs of {@link #flat}.
   */
  public static final class Group {
    final Object[] keyValues;
    final Accumulator[] accumulators; // null for a call computed by a SharedDistinct or kept in flat
    final SharedDistinct[] shared;
    /** The calls' state that {@link FlatState} keeps; null when there is none. */
    final long[] flat;
    long rows;
    /** Mini-batch: the current batch touched the group (it is in the operator's list of touched groups). */
    boolean touched;

    Group(Object[] keyValues, Accumulator[] accumulators, SharedDistinct[] shared, long[] flat) {
      this.keyValues = keyValues;
      this.accumulators = accumulators;
      this.shared = shared;
      this.flat = flat;
    }

    public Object[] keyValues() {
      return keyValues;
    }

    public long rows() {
      return rows;
    }
  }
}
