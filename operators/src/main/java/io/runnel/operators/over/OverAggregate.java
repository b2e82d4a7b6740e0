package io.runnel.operators.over;

import io.runnel.operators.agg.Aggregation;
import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.RowTimes;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.state.StateSize;
import io.runnel.operators.state.ValueCodec;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectRBTreeMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import it.unimi.dsi.fastutil.objects.ObjectLinkedOpenHashSet;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * {@code agg(...) OVER (PARTITION BY ... ORDER BY rowtime ROWS|RANGE BETWEEN ... PRECEDING AND CURRENT
 * ROW)}. Rows wait until the watermark passes their time, then leave in time order (arrival order among
 * equal times), each with its input columns and the aggregates over its frame: the row and the {@code n}
 * rows before it (ROWS), or every row of the partition within the interval before it, its peers of the
 * same time included (RANGE). Append-only. A row at or behind the watermark is late: its place in the order
 * has passed; it is dropped and handed to the late sink.
 *
 * <p>State: per partition key, the accumulators and (bounded frames) the frame's rows. ROWS and unbounded
 * frames must keep them for the partition's next row, however late it comes; a RANGE frame's partition is
 * freed once the watermark is past its newest row by the interval, since any row still to come would see
 * every row of that frame leave it.
 */
public final class OverAggregate extends BaseOperator {
  private final OverAggregateSpec spec;
  private final Aggregation aggregation;
  private final int width;
  private final int callCount;
  private final Object2ObjectOpenHashMap<Object, Partition> partitions = new Object2ObjectOpenHashMap<>();
  /** For each time with waiting rows, the partitions that have them. */
  private final Long2ObjectRBTreeMap<ObjectLinkedOpenHashSet<Object>> due = new Long2ObjectRBTreeMap<>();
  private long watermark = Long.MIN_VALUE;
  /** RANGE frames: for each time, the partitions that expire then (newest frame row time + interval). */
  private final Long2ObjectRBTreeMap<ObjectLinkedOpenHashSet<Object>> expiring = new Long2ObjectRBTreeMap<>();
  /** The rows held: waiting for the watermark, or in a bounded frame. */
  private long rowsHeld;
  /** The size of the rows held, sampled as they arrive. */
  private final StateSize.Average rowSizes = new StateSize.Average();
  /** What a {@link Partition} adds to its group: the partition, its frame's deque and its map of waiting rows. */
  private static final long PARTITION_BYTES = 32 + 40 + 48;

  /** A partition's state: the accumulators over its frame, the frame's rows (bounded frames), its waiting rows. */
  private static final class Partition {
    final Aggregation.Group group;
    final ArrayDeque<Object[]> frame = new ArrayDeque<>();
    final Long2ObjectRBTreeMap<ObjectArrayList<Object[]>> waiting = new Long2ObjectRBTreeMap<>();
    /** RANGE frames: when the partition may be freed, or Long.MIN_VALUE while not scheduled. */
    long expiresAt = Long.MIN_VALUE;

    Partition(Aggregation.Group group) {
      this.group = group;
    }
  }

  OverAggregate(OverAggregateSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.aggregation = new Aggregation(spec.inputSchema(), spec.partitionKeys().stream().mapToInt(Integer::intValue).toArray(), spec.calls());
    this.width = spec.inputSchema().size();
    this.callCount = spec.calls().size();
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    aggregation.reportTo(context.errors(), context.name());
  }

  @Override
  public void processBatch(int input, Batch batch) {
    for (int r = 0; r < batch.size(); r++) {
      long ts = RowTimes.timeOf(context, batch, r, spec.timeColumn(), watermark, false);
      if (ts == RowTimes.NONE) {
        continue;
      }
      Object key = aggregation.key(batch, r);
      Partition p = partitions.get(key);
      if (p == null) {
        p = new Partition(aggregation.newGroup(aggregation.keyValues(batch, r)));
        partitions.put(key, p);
      }
      p.waiting.computeIfAbsent(ts, t -> new ObjectArrayList<>()).add(hold(batch.row(r)));
      due.computeIfAbsent(ts, t -> new ObjectLinkedOpenHashSet<>()).add(key);
    }
  }

  @Override
  public void processWatermark(Watermark next) {
    watermark = Math.max(watermark, next.timestamp());
    BatchBuilder out = new BatchBuilder(outputSchema, 16);
    Iterator<Long2ObjectMap.Entry<ObjectLinkedOpenHashSet<Object>>> it = due.long2ObjectEntrySet().iterator();
    while (it.hasNext()) {
      Long2ObjectMap.Entry<ObjectLinkedOpenHashSet<Object>> entry = it.next();
      long ts = entry.getLongKey();
      if (ts > watermark) {
        break;
      }
      for (Object key : entry.getValue()) {
        Partition p = partitions.get(key);
        release(p, ts, p.waiting.remove(ts), out);
        if (expires()) {
          schedule(key, p, ts + spec.preceding());
        }
      }
      it.remove();
    }
    if (expires()) {
      freeExpired();
    }
    emit(out);
    context.output().emitWatermark(next);
  }

  /** Counts {@code row} among the rows held, as it arrives or is restored; returns it. */
  private Object[] hold(Object[] row) {
    rowsHeld++;
    if (rowSizes.wants()) {
      rowSizes.add(StateSize.row(row) + StateSize.REFERENCE);
    }
    return row;
  }

  private boolean expires() {
    return spec.bounded() && !spec.rows();
  }

  private void schedule(Object key, Partition p, long at) {
    if (p.expiresAt != Long.MIN_VALUE) {
      ObjectLinkedOpenHashSet<Object> keys = expiring.get(p.expiresAt);
      keys.remove(key);
      if (keys.isEmpty()) {
        expiring.remove(p.expiresAt);
      }
    }
    p.expiresAt = at;
    expiring.computeIfAbsent(at, t -> new ObjectLinkedOpenHashSet<>()).add(key);
  }

  /** Frees the partitions whose newest frame row the watermark has passed by the interval, unless rows wait in them. */
  private void freeExpired() {
    Iterator<Long2ObjectMap.Entry<ObjectLinkedOpenHashSet<Object>>> it = expiring.long2ObjectEntrySet().iterator();
    while (it.hasNext()) {
      Long2ObjectMap.Entry<ObjectLinkedOpenHashSet<Object>> entry = it.next();
      // a row still to come is after the watermark, and leaves out frame rows more than the interval before it
      if (entry.getLongKey() > watermark) {
        break;
      }
      for (Object key : entry.getValue()) {
        Partition p = partitions.get(key);
        p.expiresAt = Long.MIN_VALUE;
        if (p.waiting.isEmpty()) {
          partitions.remove(key);
          rowsHeld -= p.frame.size();
        }
      }
      it.remove();
    }
  }

  /** Moves the rows of time {@code ts} into the partition's frame and emits each with its aggregates. */
  private void release(Partition p, long ts, ObjectArrayList<Object[]> rows, BatchBuilder out) {
    rowsHeld -= rows.size();
    if (spec.rows()) {
      for (Object[] row : rows) {
        enter(p, row);
        while (spec.bounded() && p.frame.size() > spec.preceding() + 1) {
          aggregation.accumulate(p.group, p.frame.removeFirst(), true);
          rowsHeld--;
        }
        emit(out, row, results(p));
      }
      return;
    }
    for (Object[] row : rows) {
      enter(p, row);
    }
    while (spec.bounded() && (long) p.frame.peekFirst()[spec.timeColumn()] < ts - spec.preceding()) {
      aggregation.accumulate(p.group, p.frame.removeFirst(), true);
      rowsHeld--;
    }
    Object[] results = results(p);
    for (Object[] row : rows) {
      emit(out, row, results);
    }
  }

  private void enter(Partition p, Object[] row) {
    aggregation.accumulate(p.group, row, false);
    if (spec.bounded()) {
      p.frame.addLast(row);
      rowsHeld++;
    }
  }

  private Object[] results(Partition p) {
    Object[] all = aggregation.result(p.group);
    Object[] results = new Object[callCount];
    System.arraycopy(all, all.length - callCount, results, 0, callCount);
    return results;
  }

  private void emit(BatchBuilder out, Object[] row, Object[] results) {
    Object[] values = new Object[width + callCount];
    System.arraycopy(row, 0, values, 0, width);
    System.arraycopy(results, 0, values, width, callCount);
    out.add(RowKind.INSERT, values);
  }

  /** One entry per partition, and one per row held (waiting for the watermark, or in a bounded frame). */
  @Override
  public long stateEntries() {
    return partitions.size() + rowsHeld;
  }

  @Override
  public long stateBytes() {
    return partitions.size() * (aggregation.groupBytes() + PARTITION_BYTES) + rowsHeld * rowSizes.mean();
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(watermark);
    out.writeInt(partitions.size());
    for (Partition p : partitions.values()) {
      aggregation.write(out, p.group);
      out.writeInt(p.frame.size());
      for (Object[] row : p.frame) {
        ValueCodec.writeRow(out, row);
      }
      out.writeInt(p.waiting.size());
      for (Long2ObjectMap.Entry<ObjectArrayList<Object[]>> e : p.waiting.long2ObjectEntrySet()) {
        out.writeLong(e.getLongKey());
        out.writeInt(e.getValue().size());
        for (Object[] row : e.getValue()) {
          ValueCodec.writeRow(out, row);
        }
      }
    }
    // the order in which partitions release rows of one time, so that a restored operator emits as this one
    out.writeInt(due.size());
    for (Long2ObjectMap.Entry<ObjectLinkedOpenHashSet<Object>> e : due.long2ObjectEntrySet()) {
      out.writeLong(e.getLongKey());
      out.writeInt(e.getValue().size());
      for (Object key : e.getValue()) {
        ValueCodec.writeRow(out, partitions.get(key).group.keyValues());
      }
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    partitions.clear();
    due.clear();
    expiring.clear();
    rowsHeld = 0;
    watermark = in.readLong();
    int n = in.readInt();
    partitions.ensureCapacity(n); // all at once: keys in the order of the old table would crowd a growing one
    for (int i = 0; i < n; i++) {
      Partition p = new Partition(aggregation.read(in));
      Object key = aggregation.keyOf(p.group.keyValues());
      partitions.put(key, p);
      int frame = in.readInt();
      for (int f = 0; f < frame; f++) {
        p.frame.addLast(hold(ValueCodec.readRow(in)));
      }
      if (expires() && !p.frame.isEmpty()) {
        schedule(key, p, (long) p.frame.peekLast()[spec.timeColumn()] + spec.preceding());
      }
      int times = in.readInt();
      for (int t = 0; t < times; t++) {
        long ts = in.readLong();
        int count = in.readInt();
        ObjectArrayList<Object[]> rows = new ObjectArrayList<>(count);
        for (int r = 0; r < count; r++) {
          rows.add(hold(ValueCodec.readRow(in)));
        }
        p.waiting.put(ts, rows);
      }
    }
    int times = in.readInt();
    for (int t = 0; t < times; t++) {
      long ts = in.readLong();
      int count = in.readInt();
      ObjectLinkedOpenHashSet<Object> keys = new ObjectLinkedOpenHashSet<>(count);
      for (int k = 0; k < count; k++) {
        keys.add(aggregation.keyOf(ValueCodec.readRow(in)));
      }
      due.put(ts, keys);
    }
  }
}
