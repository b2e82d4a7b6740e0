package io.runnel.operators.window;

import io.runnel.operators.agg.Aggregation;
import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.state.StateSize;
import it.unimi.dsi.fastutil.longs.Long2ObjectRBTreeMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * HOP windows whose size is a whole number of slides, aggregated by slice: the time line is cut into slices
 * of one slide, {@code [k * slide + offset, (k + 1) * slide + offset)}, and each row goes into the
 * accumulators of its group in the one slice that holds its event time, where a window table function
 * would copy it into size / slide windows. When the watermark reaches a window's last millisecond
 * ({@code window_end - 1}) the accumulators of its slices are merged per group into the window's result,
 * which is emitted as {@code +I}; a slice is freed once the last window that holds it has fired.
 *
 * <p>The result is that of {@link WindowAssign}, the projection and {@link WindowAggregate} it stands for
 * (see {@link SlicedWindowAggregateSpec}), row for row and in the same order: windows fire in order of
 * their end, and the groups of a window come in the order in which their first row arrived in it. A row
 * goes to the late sink once for each of its windows that has already fired, as the windowed row those
 * operators would have reported; it is dropped when all have fired and otherwise counts in the others.
 * Insert-only input; the accumulators of a slice, with when their first row came, are the snapshot.
 */
public final class SlicedWindowAggregate extends BaseOperator {
  private final SlicedWindowAggregateSpec spec;
  /** Over the input, by the keys that are not window columns. */
  private final Aggregation aggregation;
  private final long size;
  private final long slide;
  private final long offset;
  private final int width;
  /** Per output key column: the place of its value among the aggregation's keys, or -1 start, -2 end, -3 time. */
  private final int[] outputKeys;
  private final int callCount;
  private final Long2ObjectRBTreeMap<Slice> slices = new Long2ObjectRBTreeMap<>();
  private long watermark = Long.MIN_VALUE;
  /** Numbers groups of slices as they appear, so that a window's groups can be put in order of arrival. */
  private long nextSeq;
  /** The slice the previous row went to: most rows go to the same one. */
  private Slice last;
  /** The groups of all slices. */
  private long entryCount;
  /** What an {@link Entry} adds to its group: the entry and its place in its slice's list. */
  private static final long ENTRY_BYTES = 32 + StateSize.REFERENCE;

  /** The accumulators of one group: in a slice, or merged for a window. */
  private static final class Entry {
    final Object key;
    final Aggregation.Group group;
    /** When the group's first row came: its place among all groups of all slices. */
    long seq;

    Entry(Object key, Aggregation.Group group, long seq) {
      this.key = key;
      this.group = group;
      this.seq = seq;
    }
  }

  private static final class Slice {
    final long start;
    final Object2ObjectOpenHashMap<Object, Entry> groups = new Object2ObjectOpenHashMap<>();
    /** The groups in order of their first row. */
    final ObjectArrayList<Entry> entries = new ObjectArrayList<>();

    Slice(long start) {
      this.start = start;
    }

    void add(Entry e) {
      groups.put(e.key, e);
      entries.add(e);
    }
  }

  SlicedWindowAggregate(SlicedWindowAggregateSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.aggregation = new Aggregation(spec.inputSchema(), spec.inputKeys().stream().mapToInt(Integer::intValue).toArray(), spec.inputCalls());
    this.size = spec.windows().size();
    this.slide = spec.windows().slide();
    this.offset = spec.windows().offset();
    this.width = spec.inputSchema().size();
    List<Integer> keys = spec.keys();
    this.outputKeys = new int[keys.size()];
    int next = 0;
    for (int i = 0; i < keys.size(); i++) {
      int column = spec.columns().get(keys.get(i));
      outputKeys[i] = column < width ? next++ : -1 - (column - width);
    }
    this.callCount = spec.calls().size();
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    aggregation.reportTo(context.errors(), context.name());
  }

  @Override
  public void processBatch(int input, Batch batch) {
    Column time = batch.column(spec.timeColumn());
    for (int r = 0; r < batch.size(); r++) {
      if (batch.kind(r) != RowKind.INSERT) {
        throw new IllegalStateException("sliced windows take insert-only input; the planner checks this");
      }
      if (time.isNull(r)) {
        context.errors().report(context.name(), "the event time " + spec.inputSchema().name(spec.timeColumn()) + " is NULL: the row belongs to no window", batch.format(r));
        continue;
      }
      long ts = time.getLong(r);
      long start = ts - Math.floorMod(ts - offset, slide);
      if (start + slide - 1 <= watermark) { // its first window has fired
        reportLate(batch, r, start);
        if (start + size - 1 <= watermark) { // and so has its last
          continue;
        }
      }
      Slice slice = last;
      if (slice == null || slice.start != start) {
        slice = slices.get(start);
        if (slice == null) {
          slice = new Slice(start);
          slices.put(start, slice);
        }
        last = slice;
      }
      Object probe = aggregation.probe(batch, r); // refilled every row: stored only as a copy
      Entry entry = slice.groups.get(probe);
      if (entry == null) {
        entry = new Entry(aggregation.keep(probe), aggregation.newGroup(aggregation.keyValues(batch, r)), nextSeq++);
        slice.add(entry);
        entryCount++;
      }
      aggregation.accumulate(entry.group, batch, r, false);
    }
  }

  /** Reports the row once for each of its windows that has fired, as the windowed row, in window order. */
  private void reportLate(Batch batch, int r, long sliceStart) {
    for (long start = sliceStart - size + slide; start <= sliceStart; start += slide) {
      long end = start + size;
      if (end - 1 > watermark) {
        return;
      }
      Object[] row = new Object[spec.columns().size()];
      for (int c = 0; c < row.length; c++) {
        int column = spec.columns().get(c);
        row[c] = column < width ? batch.column(column).getObject(r) : column == width ? start : column == width + 1 ? end : end - 1;
      }
      context.late().late(context.name(), end - 1, watermark, spec.windowedSchema().format(row));
    }
  }

  @Override
  public void processWatermark(Watermark next) {
    long previous = watermark;
    watermark = Math.max(watermark, next.timestamp());
    if (watermark > previous) {
      fire(previous);
    }
    context.output().emitWatermark(next);
  }

  /** Fires, in order of their end, the windows with a slice whose end the watermark passed since {@code previous}. */
  private void fire(long previous) {
    BatchBuilder out = new BatchBuilder(outputSchema, 16);
    long end = Long.MIN_VALUE;
    while (!slices.isEmpty()) {
      // the next window to fire holds the first slice: every window before it that held a slice has fired
      long first = slices.firstLongKey();
      long next = first + slide;
      if (end != Long.MIN_VALUE && end + slide > next) {
        next = end + slide;
      }
      while (next - 1 <= previous) {
        next += slide; // fired before; a slice is freed with its last window, so this skips fewer than size / slide
      }
      if (next - 1 > watermark) {
        break;
      }
      end = next;
      fireWindow(end, out);
      while (!slices.isEmpty() && slices.firstLongKey() + size <= end) {
        Slice freed = slices.remove(slices.firstLongKey());
        entryCount -= freed.entries.size();
        if (freed == last) {
          last = null;
        }
      }
    }
    emit(out);
  }

  /** Merges the slices of window {@code [end - size, end)} per group and emits the window's rows. */
  private void fireWindow(long end, BatchBuilder out) {
    long start = end - size;
    int n = 0;
    int sliceCount = 0;
    for (Slice s : slices.subMap(start, end).values()) {
      n += s.entries.size();
      sliceCount++;
    }
    Object2ObjectOpenHashMap<Object, Entry> merged = new Object2ObjectOpenHashMap<>(n);
    ObjectArrayList<Entry> order = new ObjectArrayList<>(n);
    for (Slice s : slices.subMap(start, end).values()) {
      for (Entry e : s.entries) {
        Entry m = merged.get(e.key);
        if (m == null) {
          m = new Entry(e.key, aggregation.newGroup(e.group.keyValues()), e.seq);
          merged.put(e.key, m);
          order.add(m);
        } else if (e.seq < m.seq) {
          m.seq = e.seq;
        }
        aggregation.merge(m.group, e.group);
      }
    }
    if (sliceCount > 1) {
      order.sort(Comparator.comparingLong((Entry e) -> e.seq));
    }
    for (Entry m : order) {
      Object[] result = aggregation.result(m.group);
      if (result == null) {
        continue;
      }
      int row = out.beginRow(RowKind.INSERT);
      for (int i = 0; i < outputKeys.length; i++) {
        int k = outputKeys[i];
        if (k >= 0) {
          out.set(i, row, result[k]);
        } else {
          out.setLong(i, row, k == -1 ? start : k == -2 ? end : end - 1);
        }
      }
      int keyCount = result.length - callCount;
      for (int c = 0; c < callCount; c++) {
        out.set(outputKeys.length + c, row, result[keyCount + c]);
      }
    }
  }

  /** One entry per group of each slice. */
  @Override
  public long stateEntries() {
    return entryCount;
  }

  @Override
  public long stateBytes() {
    return entryCount * (aggregation.groupBytes() + ENTRY_BYTES);
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(watermark);
    out.writeLong(nextSeq);
    out.writeInt(slices.size());
    for (Slice s : slices.values()) {
      out.writeLong(s.start);
      out.writeInt(s.entries.size());
      for (Entry e : s.entries) {
        out.writeLong(e.seq);
        aggregation.write(out, e.group);
      }
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    slices.clear();
    last = null;
    entryCount = 0;
    watermark = in.readLong();
    nextSeq = in.readLong();
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      Slice s = new Slice(in.readLong());
      int n = in.readInt();
      for (int j = 0; j < n; j++) {
        long seq = in.readLong();
        Aggregation.Group group = aggregation.read(in);
        s.add(new Entry(aggregation.keyOf(group.keyValues()), group, seq));
        entryCount++;
      }
      slices.put(s.start, s);
    }
  }
}
