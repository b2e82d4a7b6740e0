package io.runnel.operators.rank;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.state.StateSize;
import io.runnel.operators.state.StateTtl;
import io.runnel.operators.state.ValueCodec;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectBidirectionalIterator;
import it.unimi.dsi.fastutil.objects.ObjectLinkedOpenHashSet;
import it.unimi.dsi.fastutil.objects.ObjectRBTreeSet;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Keeps one row per key: the first or the last, by order of arrival in the input or by an event-time column
 * (the first: the smallest time, ties to the earlier arrival; the last: the largest time, ties to the later
 * arrival). The first row of a key is emitted as {@code +I}; when the kept row changes, {@code -U} old and
 * {@code +U} new (nothing when the two are equal); when a key loses its last row, {@code -D}.
 *
 * <p>An {@code +I} or {@code +U} adds a row; a {@code -D} or {@code -U} removes one equal row (the latest
 * arrival among equal rows), or is dropped when no such row is held. Removing the kept row falls back to the
 * next in the order.
 *
 * <p>State, over an insert-only input: the keys seen when keeping the first by arrival (the output is then
 * insert-only), else the kept row per key. Over an updating input: every row per key, in order, since the
 * kept one may be removed.
 *
 * <p>With a state time-to-live ({@link StateTtl}), a key is freed, with nothing emitted, once the ttl has
 * passed since the latest event time of its rows: when the watermark gets there, or when a row of the key
 * comes that late, which is then its first again.
 */
public final class Deduplicate extends BaseOperator {
  /** What a key adds to what it holds: its map slot and key, and (updating input) its tree. */
  private static final long KEY_BYTES = StateSize.MAP_SLOT + 48;
  private static final long TREE_BYTES = 64;

  private final DeduplicateSpec spec;
  private final int[] keys;
  private final int time;
  private final boolean keysOnly;
  /** Rows by time (event time), then by arrival: kept is the first or the last. */
  private final Comparator<Entry> order;
  /** Keep-first by arrival over an insert-only input: the keys seen. */
  private final ObjectLinkedOpenHashSet<GroupKey> seen = new ObjectLinkedOpenHashSet<>();
  /** Other insert-only input: the row kept per key. */
  private final Object2ObjectLinkedOpenHashMap<GroupKey, Entry> kept = new Object2ObjectLinkedOpenHashMap<>();
  /** Updating input: every row per key, in order. */
  private final Object2ObjectLinkedOpenHashMap<GroupKey, ObjectRBTreeSet<Entry>> held = new Object2ObjectLinkedOpenHashMap<>();
  /** The state time-to-live, by key; null: none. */
  private final StateTtl<GroupKey> ttl;
  private final int ttlTime;
  /** The number the next row to arrive gets. */
  private long seq;
  private long rowsHeld;
  /** The size of a key seen, or of a row held with its entry, sampled as they arrive. */
  private final StateSize.Average sizes = new StateSize.Average();

  Deduplicate(DeduplicateSpec spec) {
    super(spec.schema());
    this.spec = spec;
    this.keys = spec.keys().stream().mapToInt(Integer::intValue).toArray();
    this.time = spec.timeColumn();
    this.keysOnly = spec.inputInsertOnly() && spec.byArrival() && !spec.keepLast();
    Comparator<Entry> byArrival = (a, b) -> Long.compare(a.seq, b.seq);
    this.ttl = spec.stateTtl() == 0 ? null : new StateTtl<>(spec.stateTtl());
    this.ttlTime = spec.ttlTime();
    this.order = spec.byArrival() ? byArrival : Comparator.<Entry>comparingLong(e -> (Long) e.row[time]).thenComparing(byArrival);
  }

  @Override
  public void processBatch(int input, Batch batch) {
    BatchBuilder out = new BatchBuilder(outputSchema, keysOnly ? 16 : 2 * batch.size());
    for (int r = 0; r < batch.size(); r++) {
      RowKind kind = batch.kind(r);
      if (!kind.isAccumulate()) {
        if (spec.inputInsertOnly()) {
          context.errors().report(context.name(), "a " + kind.shortString() + " row on an input declared insert-only: dropped", batch.format(r));
        } else {
          remove(batch.row(r), out);
        }
        continue;
      }
      if (!spec.byArrival() && batch.column(time).isNull(r)) {
        context.errors().report(context.name(), "the event time " + spec.schema().name(time) + " is NULL: the row has no place in the order", batch.format(r));
        continue;
      }
      if (keysOnly) {
        GroupKey key = GroupKey.of(batch, r, keys);
        long t = ttl == null ? Long.MIN_VALUE : renew(key, batch.row(r));
        if (seen.add(key)) {
          out.add(RowKind.INSERT, batch.row(r));
          if (sizes.wants()) {
            sizes.add(KEY_BYTES + StateSize.row(key.values()));
          }
        }
        touch(key, t);
      } else if (spec.inputInsertOnly()) {
        replace(batch.row(r), out);
      } else {
        add(batch.row(r), out);
      }
    }
    emit(out);
  }

  /** Insert-only input: the row becomes its key's if it comes before (keep-first) or after (keep-last) the kept one. */
  private void replace(Object[] row, BatchBuilder out) {
    GroupKey key = GroupKey.of(row, keys);
    touch(key, renew(key, row));
    Entry e = new Entry(row, seq++);
    Entry old = kept.get(key);
    if (old == null) {
      kept.put(key, sampled(e));
      rowsHeld++;
      out.add(RowKind.INSERT, row);
    } else if (spec.keepLast() ? order.compare(e, old) > 0 : order.compare(e, old) < 0) {
      kept.put(key, sampled(e));
      change(old, e, out);
    }
  }

  /** Updating input: holds the row; emits the change when it becomes the kept one. */
  private void add(Object[] row, BatchBuilder out) {
    GroupKey key = GroupKey.of(row, keys);
    touch(key, renew(key, row));
    ObjectRBTreeSet<Entry> rows = held.get(key);
    if (rows == null) {
      rows = new ObjectRBTreeSet<>(order);
      held.put(key, rows);
    }
    Entry before = rows.isEmpty() ? null : pick(rows);
    Entry e = sampled(new Entry(row, seq++));
    rows.add(e);
    rowsHeld++;
    if (pick(rows) == e) {
      change(before, e, out);
    }
  }

  /** Updating input: removes the latest equal row held; when it was the kept one, the next in the order takes its place. */
  private void remove(Object[] row, BatchBuilder out) {
    GroupKey key = GroupKey.of(row, keys);
    long t = renew(key, row);
    ObjectRBTreeSet<Entry> rows = held.get(key);
    Entry e = rows == null ? null : findEqual(rows, row);
    if (e == null) {
      return; // nothing to retract
    }
    Entry before = pick(rows);
    rows.remove(e);
    rowsHeld--;
    if (rows.isEmpty()) {
      held.remove(key);
      if (ttl != null) {
        ttl.forget(key);
      }
      out.add(RowKind.DELETE, e.row);
      return;
    }
    touch(key, t);
    if (e == before) {
      change(e, pick(rows), out);
    }
  }

  private Entry findEqual(ObjectRBTreeSet<Entry> rows, Object[] row) {
    Object t = spec.byArrival() ? null : row[time];
    if (!spec.byArrival() && t == null) {
      return null; // rows without a time are never held
    }
    // every row of that time (event time) or every row (arrival), from the latest arrival back
    ObjectBidirectionalIterator<Entry> it = spec.byArrival() ? rows.iterator(rows.last()) : rows.iterator(new Entry(row, Long.MAX_VALUE));
    while (it.hasPrevious()) {
      Entry e = it.previous();
      if (t != null && !t.equals(e.row[time])) {
        return null;
      }
      if (Arrays.deepEquals(e.row, row)) {
        return e;
      }
    }
    return null;
  }

  private Entry pick(ObjectRBTreeSet<Entry> rows) {
    return spec.keepLast() ? rows.last() : rows.first();
  }

  /** {@code e}, about to be held, counted in the sample of sizes. */
  private Entry sampled(Entry e) {
    if (sizes.wants()) {
      sizes.add(StateSize.row(e.row) + Entry.BYTES);
    }
    return e;
  }

  /** The kept row of a key changed from {@code old} (null: none) to {@code now}. */
  private static void change(Entry old, Entry now, BatchBuilder out) {
    if (old == null) {
      out.add(RowKind.INSERT, now.row);
    } else if (!Arrays.deepEquals(old.row, now.row)) {
      out.add(RowKind.UPDATE_BEFORE, old.row);
      out.add(RowKind.UPDATE_AFTER, now.row);
    }
  }

  /**
   * With a ttl: frees {@code key} when {@code row} comes the ttl or more after the key's latest row, and
   * returns the row's event time for {@link #touch} ({@link Long#MIN_VALUE} when it has none, or no ttl).
   */
  private long renew(GroupKey key, Object[] row) {
    if (ttl == null || row[ttlTime] == null) {
      return Long.MIN_VALUE;
    }
    long t = (Long) row[ttlTime];
    if (ttl.expired(key, t)) {
      ttl.forget(key);
      expire(key);
    }
    return t;
  }

  private void touch(GroupKey key, long time) {
    if (time != Long.MIN_VALUE) {
      ttl.touch(key, time);
    }
  }

  @Override
  public void processWatermark(Watermark watermark) {
    if (ttl != null) {
      ttl.advance(watermark.timestamp(), this::expire);
    }
    context.output().emitWatermark(watermark);
  }

  /** Frees what is held for {@code key}, whose time-to-live is up. */
  private void expire(GroupKey key) {
    if (keysOnly) {
      seen.remove(key);
    } else if (kept.remove(key) != null) {
      rowsHeld--;
    } else {
      ObjectRBTreeSet<Entry> rows = held.remove(key);
      rowsHeld -= rows == null ? 0 : rows.size();
    }
  }

  /** One entry per key seen (keep-first by arrival over an insert-only input), else per row held. */
  @Override
  public long stateEntries() {
    return keysOnly ? seen.size() : rowsHeld;
  }

  @Override
  public long stateBytes() {
    long ttlBytes = ttl == null ? 0 : ttl.size() * StateTtl.BYTES_PER_KEY;
    if (keysOnly) {
      return seen.size() * sizes.mean() + ttlBytes;
    }
    return ttlBytes + rowsHeld * sizes.mean() + kept.size() * KEY_BYTES + held.size() * (KEY_BYTES + TREE_BYTES);
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(seq);
    if (keysOnly) {
      out.writeInt(seen.size());
      for (GroupKey key : seen) {
        ValueCodec.writeRow(out, key.values());
        writeStamp(out, key);
      }
    } else if (spec.inputInsertOnly()) {
      out.writeInt(kept.size());
      for (var kv : kept.object2ObjectEntrySet()) {
        kv.getValue().write(out);
        writeStamp(out, kv.getKey());
      }
    } else {
      out.writeInt(held.size());
      for (var kv : held.object2ObjectEntrySet()) {
        out.writeInt(kv.getValue().size());
        for (Entry e : kv.getValue()) {
          e.write(out);
        }
        writeStamp(out, kv.getKey());
      }
    }
  }

  /** With a ttl, the stamp of {@code key}, beside what it holds. */
  private void writeStamp(DataOutput out, GroupKey key) throws IOException {
    if (ttl != null) {
      out.writeLong(ttl.stampOf(key));
    }
  }

  private void restoreStamp(DataInput in, GroupKey key) throws IOException {
    if (ttl != null) {
      ttl.restore(key, in.readLong());
    }
  }

  private Entry read(DataInput in) throws IOException {
    rowsHeld++;
    return sampled(Entry.read(in));
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    seen.clear();
    kept.clear();
    held.clear();
    if (ttl != null) {
      ttl.clear();
    }
    rowsHeld = 0;
    seq = in.readLong();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      if (keysOnly) {
        GroupKey key = new GroupKey(ValueCodec.readRow(in));
        seen.add(key);
        if (sizes.wants()) {
          sizes.add(KEY_BYTES + StateSize.row(key.values()));
        }
        restoreStamp(in, key);
      } else if (spec.inputInsertOnly()) {
        Entry e = read(in);
        GroupKey key = GroupKey.of(e.row, keys);
        kept.put(key, e);
        restoreStamp(in, key);
      } else {
        int count = in.readInt();
        ObjectRBTreeSet<Entry> rows = new ObjectRBTreeSet<>(order);
        for (int j = 0; j < count; j++) {
          rows.add(read(in));
        }
        GroupKey key = GroupKey.of(rows.first().row, keys);
        held.put(key, rows);
        restoreStamp(in, key);
      }
    }
  }
}
