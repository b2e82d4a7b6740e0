package io.runnel.operators.window;

import io.runnel.operators.agg.Aggregation;
import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.state.ValueCodec;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectRBTreeMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;

/**
 * Aggregates rows into windows assigned upstream. A window fires when the watermark reaches its last
 * millisecond ({@code window_end - 1}): each of its groups emits one {@code +I} row, and the window's
 * state is freed, unless an allowed lateness keeps it longer. A row for a window whose state is gone is
 * late: it is dropped and handed to the late sink, never silently. With {@code emitChanges} every row
 * emits its group's change at once and firing only frees state; with an allowed lateness a late row of a
 * fired window emits a correction ({@code -U} old, {@code +U} new). Processing-time windows fire when the
 * clock passes their end ({@link #processTime}); watermarks only pass through them.
 *
 * <p>With an early-fire interval (and without {@code emitChanges}), each time the clock passes a multiple of
 * the interval the groups of open windows that changed since their last emission emit their current result
 * ({@code +I} the first time, then {@code -U}/{@code +U}), in window-end order; when the window fires it
 * emits only the change from that last early result to the final one. What each group last emitted is part
 * of the snapshot.
 */
public final class WindowAggregate extends BaseOperator {
  private final WindowAggregateSpec spec;
  private final Aggregation aggregation;
  private final Object2ObjectOpenHashMap<Object, Aggregation.Group> groups = new Object2ObjectOpenHashMap<>();
  /** Keys of the groups of each window, by window end, in the order the groups appeared. */
  private final Long2ObjectRBTreeMap<ObjectArrayList<Object>> byEnd = new Long2ObjectRBTreeMap<>();
  private long watermark = Long.MIN_VALUE;
  /** Early results: what each group of an open window last emitted (absent: nothing yet). */
  private final Object2ObjectOpenHashMap<Object, Object[]> emitted = new Object2ObjectOpenHashMap<>();
  /** Early results: the groups of open windows that changed since their last emission. */
  private final ObjectOpenHashSet<Object> changed = new ObjectOpenHashSet<>();
  /** Early results: the last multiple of the interval the clock was seen in ({@code floor(now / interval)}). */
  private long tick = Long.MIN_VALUE;

  WindowAggregate(WindowAggregateSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.aggregation = new Aggregation(spec.inputSchema(), spec.keyArray(), spec.calls());
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    aggregation.reportTo(context.errors(), context.name());
    if (spec.firesEarly()) {
      tick = Math.floorDiv(context.clock().millis(), spec.earlyFire());
    }
  }

  private boolean fired(long end) {
    return end - 1 <= watermark;
  }

  private boolean freed(long end) {
    return end - 1 + spec.allowedLateness() <= watermark;
  }

  @Override
  public void processBatch(int input, Batch batch) {
    // rows come out of a batch only with EMIT CHANGES or for windows already fired (lateness): start small
    BatchBuilder out = new BatchBuilder(outputSchema, spec.emitChanges() ? 2 * batch.size() : 16);
    Column endColumn = batch.column(spec.windowEnd());
    for (int r = 0; r < batch.size(); r++) {
      long end = endColumn.getLong(r);
      if (freed(end)) {
        context.late().late(context.name(), end - 1, watermark, batch.format(r));
        continue;
      }
      boolean retract = !batch.kind(r).isAccumulate();
      Object probe = aggregation.probe(batch, r); // refilled every row: stored only as a copy
      Aggregation.Group group = groups.get(probe);
      if (group == null) {
        if (retract) {
          continue;
        }
        Object key = aggregation.keep(probe);
        group = aggregation.newGroup(aggregation.keyValues(batch, r));
        groups.put(key, group);
        byEnd.computeIfAbsent(end, e -> new ObjectArrayList<>()).add(key);
      }
      boolean emitNow = spec.emitChanges() || fired(end);
      Object[] before = emitNow ? aggregation.result(group) : null;
      aggregation.accumulate(group, batch, r, retract);
      if (emitNow) {
        Aggregation.emitChange(out, before, aggregation.result(group));
      } else if (spec.firesEarly() && !changed.contains(probe)) {
        changed.add(aggregation.keep(probe));
      }
    }
    emit(out);
  }

  @Override
  public void processWatermark(Watermark next) {
    // the end of input closes processing-time windows too: at the end of a bounded stream no result is held back
    if (!spec.processingTime() || next.timestamp() == Long.MAX_VALUE) {
      advanceTo(next.timestamp());
    }
    context.output().emitWatermark(next);
  }

  /**
   * Processing-time windows close when the clock reaches their end, as event-time ones at watermark end - 1;
   * then, with an early-fire interval, a clock past the next multiple of it emits the changed open windows.
   */
  @Override
  public void processTime(long now) {
    if (spec.processingTime() && now - 1 > watermark) {
      advanceTo(now - 1);
    }
    if (spec.firesEarly()) {
      long t = Math.floorDiv(now, spec.earlyFire());
      if (t > tick) {
        boolean first = tick == Long.MIN_VALUE;
        tick = t;
        if (!first) {
          fireEarly();
        }
      }
    }
  }

  /** Emits the current result of every group of an open window that changed since its last emission. */
  private void fireEarly() {
    if (changed.isEmpty()) {
      return;
    }
    BatchBuilder out = new BatchBuilder(outputSchema, changed.size() * 2);
    int left = changed.size();
    for (ObjectArrayList<Object> keys : byEnd.values()) {
      for (Object key : keys) {
        if (changed.contains(key)) {
          Object[] result = aggregation.result(groups.get(key));
          Aggregation.emitChange(out, emitted.get(key), result);
          if (result == null) {
            emitted.remove(key);
          } else {
            emitted.put(key, result);
          }
          if (--left == 0) {
            break;
          }
        }
      }
      if (left == 0) {
        break;
      }
    }
    changed.clear();
    emit(out);
  }

  /** Fires the windows {@code time} completes and frees those past their lateness. */
  private void advanceTo(long time) {
    long previous = watermark;
    watermark = Math.max(watermark, time);
    BatchBuilder out = new BatchBuilder(outputSchema, 16);
    Iterator<Long2ObjectMap.Entry<ObjectArrayList<Object>>> it = byEnd.long2ObjectEntrySet().iterator();
    while (it.hasNext()) {
      Long2ObjectMap.Entry<ObjectArrayList<Object>> entry = it.next();
      long end = entry.getLongKey();
      if (!fired(end)) {
        break;
      }
      boolean firesNow = end - 1 > previous;
      boolean freeNow = freed(end);
      for (Object key : entry.getValue()) {
        if (firesNow && !spec.emitChanges()) {
          Object[] result = aggregation.result(groups.get(key));
          if (spec.firesEarly()) {
            // the final result, as a correction of the last early one when there was one
            changed.remove(key);
            Aggregation.emitChange(out, emitted.remove(key), result);
          } else if (result != null) {
            out.add(RowKind.INSERT, result);
          }
        }
        if (freeNow) {
          groups.remove(key);
        }
      }
      if (freeNow) {
        it.remove();
      }
    }
    emit(out);
  }

  /** One entry per group of each window kept. */
  @Override
  public long stateEntries() {
    return groups.size();
  }

  /** The groups, and with early results what each last emitted (counted as a group's size again). */
  @Override
  public long stateBytes() {
    return (groups.size() + emitted.size()) * aggregation.groupBytes();
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(watermark);
    out.writeInt(byEnd.size());
    for (Long2ObjectMap.Entry<ObjectArrayList<Object>> entry : byEnd.long2ObjectEntrySet()) {
      out.writeLong(entry.getLongKey());
      out.writeInt(entry.getValue().size());
      for (Object key : entry.getValue()) {
        aggregation.write(out, groups.get(key));
        if (spec.firesEarly()) {
          out.writeBoolean(changed.contains(key));
          Object[] last = emitted.get(key);
          out.writeBoolean(last != null);
          if (last != null) {
            ValueCodec.writeRow(out, last);
          }
        }
      }
    }
    if (spec.firesEarly()) {
      out.writeLong(tick);
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    groups.clear();
    byEnd.clear();
    changed.clear();
    emitted.clear();
    watermark = in.readLong();
    int windows = in.readInt();
    for (int w = 0; w < windows; w++) {
      long end = in.readLong();
      int n = in.readInt();
      ObjectArrayList<Object> keys = new ObjectArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Aggregation.Group group = aggregation.read(in);
        Object key = aggregation.keyOf(group.keyValues());
        groups.put(key, group);
        keys.add(key);
        if (spec.firesEarly()) {
          if (in.readBoolean()) {
            changed.add(key);
          }
          if (in.readBoolean()) {
            emitted.put(key, ValueCodec.readRow(in));
          }
        }
      }
      byEnd.put(end, keys);
    }
    if (spec.firesEarly()) {
      tick = in.readLong();
    }
  }
}
