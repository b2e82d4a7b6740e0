package io.runnel.operators.rank;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.rank.TopRows.Ranked;
import io.runnel.operators.state.StateSize;
import io.runnel.operators.state.StateTtl;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Top-N per partition: the rows ranking within the limit, as an updating result. Each input row changes one
 * partition, and emits at once the difference between that partition's Top-N before and after it: {@code -D}
 * for rows leaving, {@code +I} for rows entering, and with a rank column every row whose number changed
 * retracted with its old number and inserted with its new one ({@code -U}/{@code +U} where a rank number
 * passes from one row to another). The changelog is thus the same however the input is cut into batches.
 *
 * <p>An {@code +I} or {@code +U} adds a row; a {@code -D} or {@code -U} removes one equal row (the latest
 * arrival among equal rows), or is dropped when no such row is held. Ties of ROW_NUMBER go to the earlier
 * arrival.
 *
 * <p>State: the rows of each partition in rank order. Over an insert-only input only the rows within the
 * limit (with their ties) are kept, at most about partitions x N; over an updating input every row is, since
 * removing one may pull the next into the Top-N.
 *
 * <p>With a state time-to-live ({@link StateTtl}), a partition is freed, with nothing emitted, once the ttl
 * has passed since the latest event time of its rows: when the watermark gets there, or when a row of the
 * partition comes that late, which then starts it again.
 */
public final class Rank extends BaseOperator {
  /** What a partition adds to its rows: its map slot, key and tree. */
  private static final long PARTITION_BYTES = StateSize.MAP_SLOT + 48 + 64;

  private final RankSpec spec;
  private final int[] partitionKeys;
  private final Ranking ranking;
  private final int width;
  private final Object2ObjectLinkedOpenHashMap<GroupKey, TopRows> partitions = new Object2ObjectLinkedOpenHashMap<>();
  /** The largest Top-N whose region {@link #insertRowNumber} copies; a larger one is diffed as any other. */
  private static final long MAX_COPIED_REGION = 10_000;
  /** Reused by {@link #insertRowNumber}: a partition's rows from rank 1 on. */
  private Entry[] region = new Entry[0];
  /** The state time-to-live, by partition; null: none. */
  private final StateTtl<GroupKey> ttl;
  private final int ttlTime;
  /** The number the next row to arrive gets. */
  private long seq;
  private long rowsHeld;
  /** The size of a row held with its entry, sampled as rows arrive. */
  private final StateSize.Average rowSizes = new StateSize.Average();

  Rank(RankSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.partitionKeys = spec.partitionKeys().stream().mapToInt(Integer::intValue).toArray();
    this.ranking = new Ranking(spec.orderBy(), spec.function(), spec.limit());
    this.width = spec.inputSchema().size();
    this.ttl = spec.stateTtl() == 0 ? null : new StateTtl<>(spec.stateTtl());
    this.ttlTime = spec.ttlTime();
  }

  @Override
  public void processBatch(int input, Batch batch) {
    BatchBuilder out = new BatchBuilder(outputSchema, batch.size());
    for (int r = 0; r < batch.size(); r++) {
      RowKind kind = batch.kind(r);
      if (kind.isAccumulate()) {
        add(batch.row(r), out);
      } else if (spec.inputInsertOnly()) {
        context.errors().report(context.name(), "a " + kind.shortString() + " row on an input declared insert-only: dropped", batch.format(r));
      } else {
        remove(batch.row(r), out);
      }
    }
    emit(out);
  }

  private void add(Object[] row, BatchBuilder out) {
    GroupKey key = GroupKey.of(row, partitionKeys);
    renew(key, row);
    TopRows p = partitions.get(key);
    if (p == null) {
      p = new TopRows(ranking);
      partitions.put(key, p);
    }
    touch(key, row);
    Entry e = new Entry(row, seq++);
    if (p.beyond(e)) {
      // below the Top-N: kept only while rows above it may still leave
      if (!spec.inputInsertOnly()) {
        hold(p, e);
      }
      return;
    }
    if (spec.inputInsertOnly() && ranking.function == RankFunction.ROW_NUMBER && ranking.limit <= MAX_COPIED_REGION) {
      insertRowNumber(p, e, out);
      return;
    }
    ObjectArrayList<Ranked> before = p.top();
    hold(p, e);
    ObjectArrayList<Ranked> after = p.top();
    if (spec.inputInsertOnly()) {
      rowsHeld -= p.trim();
    }
    emitChanges(before, after, out);
  }

  /**
   * ROW_NUMBER over an insert-only input, {@code e} ranking within the limit: the rows from its position on
   * move one rank down, and the last, if the region was full, leaves it. The same changes {@link #emitChanges}
   * would find, read straight off the region: at each rank from {@code e}'s, -U of the row that had it and +U
   * of the row that has it now; +I where a rank had no row; without a rank column, -D of the row pushed out
   * and +I of {@code e}.
   */
  private void insertRowNumber(TopRows p, Entry e, BatchBuilder out) {
    if (region.length < ranking.limit + 1) {
      region = new Entry[(int) ranking.limit + 1];
    }
    int before = p.size();
    rowsHeld++;
    if (rowSizes.wants()) {
      rowSizes.add(StateSize.row(e.row) + Entry.BYTES);
    }
    int n = p.insertWithinLimit(e, region);
    boolean pushedOut = n > ranking.limit;
    if (pushedOut) {
      rowsHeld--;
    }
    int k = 0;
    while (region[k] != e) {
      k++;
    }
    // e pushed out itself: it ranked just below a full region not known before (as after a restore)
    boolean changed = !(pushedOut && region[n - 1] == e);
    if (changed && !spec.outputRank()) {
      if (pushedOut) {
        out.add(RowKind.DELETE, region[n - 1].row);
      }
      out.add(RowKind.INSERT, e.row);
    } else if (changed) {
      int kept = pushedOut ? n - 1 : n;
      for (int r = k; r < kept; r++) {
        if (r < before) {
          out.add(RowKind.UPDATE_BEFORE, ranked(region[r + 1].row, r + 1));
          out.add(RowKind.UPDATE_AFTER, ranked(region[r].row, r + 1));
        } else {
          out.add(RowKind.INSERT, ranked(region[r].row, r + 1));
        }
      }
    }
    Arrays.fill(region, 0, n, null);
  }

  private Object[] ranked(Object[] row, long rank) {
    Object[] values = new Object[width + 1];
    System.arraycopy(row, 0, values, 0, width);
    values[width] = rank;
    return values;
  }

  private void remove(Object[] row, BatchBuilder out) {
    GroupKey key = GroupKey.of(row, partitionKeys);
    renew(key, row);
    TopRows p = partitions.get(key);
    Entry e = p == null ? null : p.findEqual(row);
    if (e == null) {
      return; // nothing to retract
    }
    if (p.beyond(e)) {
      p.remove(e);
    } else {
      ObjectArrayList<Ranked> before = p.top();
      p.remove(e);
      emitChanges(before, p.top(), out);
    }
    rowsHeld--;
    if (p.isEmpty()) {
      partitions.remove(key);
      if (ttl != null) {
        ttl.forget(key);
      }
    } else {
      touch(key, row);
    }
  }

  /** With a ttl: frees the partition of {@code key} when {@code row} comes the ttl or more after its latest row. */
  private void renew(GroupKey key, Object[] row) {
    if (ttl != null && row[ttlTime] != null && ttl.expired(key, (Long) row[ttlTime])) {
      ttl.forget(key);
      expire(key);
    }
  }

  private void touch(GroupKey key, Object[] row) {
    if (ttl != null && row[ttlTime] != null) {
      ttl.touch(key, (Long) row[ttlTime]);
    }
  }

  private void hold(TopRows p, Entry e) {
    p.add(e);
    rowsHeld++;
    if (rowSizes.wants()) {
      rowSizes.add(StateSize.row(e.row) + Entry.BYTES);
    }
  }

  /**
   * Emits the change from Top-N {@code before} to {@code after}. Past the prefix they share, output rows (a row
   * and its rank number) equal in both cancel out; the others leave or enter. With a rank column, rows leaving
   * and entering with the same number pair up as {@code -U}/{@code +U}, by number.
   */
  private void emitChanges(List<Ranked> before, List<Ranked> after, BatchBuilder out) {
    int common = 0;
    while (common < before.size() && common < after.size() && same(before.get(common), after.get(common))) {
      common++;
    }
    Object2IntOpenHashMap<GroupKey> unmatched = new Object2IntOpenHashMap<>();
    for (int i = common; i < before.size(); i++) {
      unmatched.addTo(new GroupKey(values(before.get(i))), 1);
    }
    ObjectArrayList<Ranked> entering = new ObjectArrayList<>();
    for (int i = common; i < after.size(); i++) {
      GroupKey k = new GroupKey(values(after.get(i)));
      if (unmatched.getInt(k) > 0) {
        unmatched.addTo(k, -1);
      } else {
        entering.add(after.get(i));
      }
    }
    ObjectArrayList<Ranked> leaving = new ObjectArrayList<>();
    for (int i = common; i < before.size(); i++) {
      GroupKey k = new GroupKey(values(before.get(i)));
      if (unmatched.getInt(k) > 0) {
        unmatched.addTo(k, -1);
        leaving.add(before.get(i));
      }
    }
    if (!spec.outputRank()) {
      for (Ranked r : leaving) {
        out.add(RowKind.DELETE, values(r));
      }
      for (Ranked r : entering) {
        out.add(RowKind.INSERT, values(r));
      }
      return;
    }
    // both lists are in rank order: walk them by rank number, pairing what leaves and enters with one number
    int i = 0;
    int j = 0;
    while (i < leaving.size() || j < entering.size()) {
      long rank = Math.min(i < leaving.size() ? leaving.get(i).rank() : Long.MAX_VALUE, j < entering.size() ? entering.get(j).rank() : Long.MAX_VALUE);
      int leaveEnd = i;
      while (leaveEnd < leaving.size() && leaving.get(leaveEnd).rank() == rank) {
        leaveEnd++;
      }
      int enterEnd = j;
      while (enterEnd < entering.size() && entering.get(enterEnd).rank() == rank) {
        enterEnd++;
      }
      while (i < leaveEnd && j < enterEnd) {
        out.add(RowKind.UPDATE_BEFORE, values(leaving.get(i++)));
        out.add(RowKind.UPDATE_AFTER, values(entering.get(j++)));
      }
      while (i < leaveEnd) {
        out.add(RowKind.DELETE, values(leaving.get(i++)));
      }
      while (j < enterEnd) {
        out.add(RowKind.INSERT, values(entering.get(j++)));
      }
    }
  }

  private boolean same(Ranked a, Ranked b) {
    return a.entry() == b.entry() && (!spec.outputRank() || a.rank() == b.rank());
  }

  /** The output row of a ranked row: its values, then its rank number when asked for. */
  private Object[] values(Ranked r) {
    if (!spec.outputRank()) {
      return r.entry().row;
    }
    Object[] values = new Object[width + 1];
    System.arraycopy(r.entry().row, 0, values, 0, width);
    values[width] = r.rank();
    return values;
  }

  @Override
  public void processWatermark(Watermark watermark) {
    if (ttl != null) {
      ttl.advance(watermark.timestamp(), this::expire);
    }
    context.output().emitWatermark(watermark);
  }

  /** Frees the partition of {@code key}, whose time-to-live is up. */
  private void expire(GroupKey key) {
    TopRows p = partitions.remove(key);
    rowsHeld -= p == null ? 0 : p.size();
  }

  /** One entry per row held. */
  @Override
  public long stateEntries() {
    return rowsHeld;
  }

  @Override
  public long stateBytes() {
    return rowsHeld * rowSizes.mean() + partitions.size() * (PARTITION_BYTES + (ttl == null ? 0 : StateTtl.BYTES_PER_KEY));
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(seq);
    out.writeInt(partitions.size());
    for (var kv : partitions.object2ObjectEntrySet()) {
      kv.getValue().write(out);
      if (ttl != null) {
        out.writeLong(ttl.stampOf(kv.getKey()));
      }
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    partitions.clear();
    if (ttl != null) {
      ttl.clear();
    }
    rowsHeld = 0;
    seq = in.readLong();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      int rows = in.readInt();
      TopRows p = new TopRows(ranking);
      for (int j = 0; j < rows; j++) {
        hold(p, Entry.read(in));
      }
      GroupKey key = GroupKey.of(p.iterator().next().row, partitionKeys);
      partitions.put(key, p);
      if (ttl != null) {
        ttl.restore(key, in.readLong());
      }
    }
  }
}
