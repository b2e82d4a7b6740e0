package io.runnel.operators.rank;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.rank.TopRows.Ranked;
import io.runnel.operators.state.StateSize;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectRBTreeMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;

/**
 * Top-N per window and partition, over insert-only rows whose windows are assigned upstream. Each (window,
 * partition) keeps only the rows ranking within the limit (with their ties). A window completes when the
 * watermark reaches its last millisecond ({@code window_end - 1}), as for {@link
 * io.runnel.operators.window.WindowAggregate}: then its Top-N rows are emitted once as {@code +I}, partition
 * after partition in the order they first had a row, each in rank order, and its state is freed; only then is
 * the watermark forwarded. A row of a completed window is late: it is dropped and handed to the late sink.
 */
public final class WindowRank extends BaseOperator {
  /** What a (window, partition) adds to its rows: its map slot, key and tree. */
  private static final long BUCKET_BYTES = StateSize.MAP_SLOT + 56 + 64;

  private final WindowRankSpec spec;
  /** The window start, then the partition keys: what tells a window's partitions apart (the end is the outer key). */
  private final int[] bucketKeys;
  private final Ranking ranking;
  private final int width;
  /** By window end: the (window start, partition) of each window, in the order they first had a row. */
  private final Long2ObjectRBTreeMap<Object2ObjectLinkedOpenHashMap<GroupKey, TopRows>> windows = new Long2ObjectRBTreeMap<>();
  private long watermark = Long.MIN_VALUE;
  /** The number the next row to arrive gets. */
  private long seq;
  private long rowsHeld;
  private long buckets;
  /** The size of a row held with its entry, sampled as rows arrive. */
  private final StateSize.Average rowSizes = new StateSize.Average();

  WindowRank(WindowRankSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.bucketKeys = new int[spec.partitionKeys().size() + 1];
    bucketKeys[0] = spec.windowStart();
    for (int i = 0; i < spec.partitionKeys().size(); i++) {
      bucketKeys[i + 1] = spec.partitionKeys().get(i);
    }
    this.ranking = new Ranking(spec.orderBy(), spec.function(), spec.limit());
    this.width = spec.inputSchema().size();
  }

  private boolean complete(long end) {
    return end - 1 <= watermark;
  }

  @Override
  public void processBatch(int input, Batch batch) {
    Column endColumn = batch.column(spec.windowEnd());
    for (int r = 0; r < batch.size(); r++) {
      RowKind kind = batch.kind(r);
      if (!kind.isAccumulate()) {
        context.errors().report(context.name(), "a " + kind.shortString() + " row on an input that must be insert-only: dropped", batch.format(r));
        continue;
      }
      if (endColumn.isNull(r)) {
        context.errors().report(context.name(), "the window end " + spec.inputSchema().name(spec.windowEnd()) + " is NULL: the row belongs to no window", batch.format(r));
        continue;
      }
      long end = endColumn.getLong(r);
      if (complete(end)) {
        context.late().late(context.name(), end - 1, watermark, batch.format(r));
        continue;
      }
      Object[] row = batch.row(r);
      Object2ObjectLinkedOpenHashMap<GroupKey, TopRows> window = windows.get(end);
      if (window == null) {
        window = new Object2ObjectLinkedOpenHashMap<>();
        windows.put(end, window);
      }
      GroupKey key = GroupKey.of(row, bucketKeys);
      TopRows bucket = window.get(key);
      if (bucket == null) {
        bucket = new TopRows(ranking);
        window.put(key, bucket);
        buckets++;
      }
      offer(bucket, new Entry(row, seq++));
    }
  }

  /** Keeps {@code e} if it ranks within the limit, dropping the rows it pushes out. */
  private void offer(TopRows bucket, Entry e) {
    if (bucket.beyond(e)) {
      return;
    }
    hold(bucket, e);
    bucket.top();
    rowsHeld -= bucket.trim();
  }

  private void hold(TopRows bucket, Entry e) {
    bucket.add(e);
    rowsHeld++;
    if (rowSizes.wants()) {
      rowSizes.add(StateSize.row(e.row) + Entry.BYTES);
    }
  }

  @Override
  public void processWatermark(Watermark next) {
    watermark = Math.max(watermark, next.timestamp());
    BatchBuilder out = new BatchBuilder(outputSchema, 16);
    Iterator<Long2ObjectMap.Entry<Object2ObjectLinkedOpenHashMap<GroupKey, TopRows>>> it = windows.long2ObjectEntrySet().iterator();
    while (it.hasNext()) {
      Long2ObjectMap.Entry<Object2ObjectLinkedOpenHashMap<GroupKey, TopRows>> window = it.next();
      if (!complete(window.getLongKey())) {
        break;
      }
      for (TopRows bucket : window.getValue().values()) {
        for (Ranked r : bucket.top()) {
          out.add(RowKind.INSERT, values(r));
        }
        rowsHeld -= bucket.size();
        buckets--;
      }
      it.remove();
    }
    emit(out);
    context.output().emitWatermark(next);
  }

  private Object[] values(Ranked r) {
    if (!spec.outputRank()) {
      return r.entry().row;
    }
    Object[] values = new Object[width + 1];
    System.arraycopy(r.entry().row, 0, values, 0, width);
    values[width] = r.rank();
    return values;
  }

  /** One entry per row held. */
  @Override
  public long stateEntries() {
    return rowsHeld;
  }

  @Override
  public long stateBytes() {
    return rowsHeld * rowSizes.mean() + buckets * BUCKET_BYTES;
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(watermark);
    out.writeLong(seq);
    out.writeInt(windows.size());
    for (Long2ObjectMap.Entry<Object2ObjectLinkedOpenHashMap<GroupKey, TopRows>> window : windows.long2ObjectEntrySet()) {
      out.writeLong(window.getLongKey());
      out.writeInt(window.getValue().size());
      for (TopRows bucket : window.getValue().values()) {
        bucket.write(out);
      }
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    windows.clear();
    rowsHeld = 0;
    buckets = 0;
    watermark = in.readLong();
    seq = in.readLong();
    int n = in.readInt();
    for (int w = 0; w < n; w++) {
      long end = in.readLong();
      int count = in.readInt();
      Object2ObjectLinkedOpenHashMap<GroupKey, TopRows> window = new Object2ObjectLinkedOpenHashMap<>(count);
      for (int b = 0; b < count; b++) {
        int rows = in.readInt();
        TopRows bucket = new TopRows(ranking);
        for (int i = 0; i < rows; i++) {
          hold(bucket, Entry.read(in));
        }
        window.put(GroupKey.of(bucket.iterator().next().row, bucketKeys), bucket);
        buckets++;
      }
      windows.put(end, window);
    }
  }
}
