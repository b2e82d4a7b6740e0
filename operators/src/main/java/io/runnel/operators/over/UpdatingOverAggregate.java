package io.runnel.operators.over;

import io.runnel.operators.agg.Aggregation;
import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.rank.Entry;
import io.runnel.operators.rank.GroupKey;
import io.runnel.operators.rank.RowOrder;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.state.StateSize;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import it.unimi.dsi.fastutil.objects.ObjectBidirectionalIterator;
import it.unimi.dsi.fastutil.objects.ObjectRBTreeSet;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;

/**
 * {@code agg(...) OVER (PARTITION BY ... ORDER BY ... frame)} over an updating input, as an updating result:
 * at every point, the rows it has emitted (inserts less retractions) are those the same query gives as a
 * batch over the rows its input holds then. There is no watermark to wait for: each input change is applied
 * at once.
 *
 * <p>Each partition holds its live rows in order: by the ORDER BY keys, then, among rows tying on those, by
 * the row's own values, column by column (nulls first, numbers by value, a DECIMAL's scale after its value),
 * so that where a row stands, and so its frame, is a function of the partition's rows, never of the order
 * they came in. Rows equal in every value are interchangeable; a retraction removes the last of them.
 *
 * <p>A row inserted or retracted at a place changes the frames of the rows after it that reach back to it:
 * the {@code n} rows after it (ROWS n PRECEDING), every row after it (UNBOUNDED PRECEDING), the rows whose
 * interval reaches back to it, its peers before it included (RANGE, whose frames hold a row's peers). For
 * the row itself the operator emits {@code +I} (or {@code -D}) with its aggregates; for each row whose
 * aggregates change, {@code -U} with the old ones, then {@code +U} with the new; all in the partition's order.
 * A retraction of a row not held is dropped.
 *
 * <p>Frames are computed afresh from their rows, accumulated in the partition's order, never by taking a
 * value back out of an accumulator: a sum of doubles then depends only on the frame's rows, and MIN, MAX and
 * user aggregates need no retractable form. A bounded ROWS frame costs (n + 1) x (n + 1) accumulations per
 * change, each of the changed rows both ways; an unbounded frame walks the partition once.
 *
 * <p>State: every live row of each partition, freed when it is retracted; unbounded, it grows with the rows
 * the input holds.
 */
public final class UpdatingOverAggregate extends BaseOperator {
  /** What a partition adds to its rows: its map slot, key and tree. */
  private static final long PARTITION_BYTES = StateSize.MAP_SLOT + 48 + 64;

  private static final Object[] NO_KEY = new Object[0];

  private final UpdatingOverAggregateSpec spec;
  private final int[] partitionKeys;
  /** Aggregates one frame: a group of no key per frame computed. */
  private final Aggregation frames;
  /** The ORDER BY keys: rows equal by them are peers. */
  private final RowOrder sortKeys;
  /** A partition's order: the ORDER BY keys, then the row's values, then (among equal rows) arrival. */
  private final Comparator<Entry> order;
  private final int width;
  private final int callCount;
  /** RANGE with an interval: the one ORDER BY column (of longs), and whether it descends. */
  private final int rangeColumn;
  private final boolean rangeDescending;
  private final Object2ObjectLinkedOpenHashMap<GroupKey, ObjectRBTreeSet<Entry>> partitions = new Object2ObjectLinkedOpenHashMap<>();
  /** The rows around a change that its frames read, in order; reused, emptied after each change. */
  private final ObjectArrayList<Entry> segment = new ObjectArrayList<>();
  /** The number the next row to arrive gets: tells equal rows apart. */
  private long seq;
  private long rowsHeld;
  /** The size of a row held with its entry, sampled as rows arrive. */
  private final StateSize.Average rowSizes = new StateSize.Average();

  UpdatingOverAggregate(UpdatingOverAggregateSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.partitionKeys = spec.partitionKeys().stream().mapToInt(Integer::intValue).toArray();
    this.frames = new Aggregation(spec.inputSchema(), new int[0], spec.calls());
    this.sortKeys = new RowOrder(spec.orderBy());
    this.order = (a, b) -> {
      int c = sortKeys.compare(a.row, b.row);
      if (c == 0) {
        c = compareValues(a.row, b.row);
      }
      return c != 0 ? c : Long.compare(a.seq, b.seq);
    };
    this.width = spec.inputSchema().size();
    this.callCount = spec.calls().size();
    SortKey first = spec.orderBy().get(0);
    this.rangeColumn = first.column();
    this.rangeDescending = first.descending();
  }

  /**
   * The tie-break: two rows' values column by column, a null before any value, values as {@link
   * RowOrder#compareValues} orders them, and DECIMALs equal in value by their scale (1.0 before 1.00), so
   * that only rows equal in every value tie.
   */
  static int compareValues(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      Object x = a[i];
      Object y = b[i];
      if (x == null || y == null) {
        if (x != y) {
          return x == null ? -1 : 1;
        }
        continue;
      }
      int c = RowOrder.compareValues(x, y);
      if (c == 0 && x instanceof BigDecimal dx && y instanceof BigDecimal dy) {
        c = Integer.compare(dx.scale(), dy.scale());
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    frames.reportTo(context.errors(), context.name());
  }

  @Override
  public void processBatch(int input, Batch batch) {
    BatchBuilder out = new BatchBuilder(outputSchema, batch.size());
    for (int r = 0; r < batch.size(); r++) {
      if (batch.kind(r).isAccumulate()) {
        insert(batch.row(r), out);
      } else {
        retract(batch.row(r), out);
      }
    }
    emit(out);
  }

  private void insert(Object[] row, BatchBuilder out) {
    GroupKey key = GroupKey.of(row, partitionKeys);
    ObjectRBTreeSet<Entry> rows = partitions.get(key);
    if (rows == null) {
      rows = new ObjectRBTreeSet<>(order);
      partitions.put(key, rows);
    }
    Entry e = new Entry(row, seq++);
    hold(rows, e);
    changed(rows, e, true, out);
  }

  private void retract(Object[] row, BatchBuilder out) {
    GroupKey key = GroupKey.of(row, partitionKeys);
    ObjectRBTreeSet<Entry> rows = partitions.get(key);
    Entry e = rows == null ? null : lastEqual(rows, row);
    if (e == null) {
      return; // nothing to retract
    }
    changed(rows, e, false, out);
    rows.remove(e);
    rowsHeld--;
    if (rows.isEmpty()) {
      partitions.remove(key);
    }
  }

  /** The latest arrival among the rows held equal to {@code row}, or null. */
  private Entry lastEqual(ObjectRBTreeSet<Entry> rows, Object[] row) {
    ObjectBidirectionalIterator<Entry> it = rows.iterator(new Entry(row, Long.MAX_VALUE));
    while (it.hasPrevious()) {
      Entry e = it.previous();
      if (sortKeys.compare(e.row, row) != 0 || compareValues(e.row, row) != 0) {
        return null;
      }
      if (Arrays.deepEquals(e.row, row)) {
        return e;
      }
    }
    return null;
  }

  private void hold(ObjectRBTreeSet<Entry> rows, Entry e) {
    rows.add(e);
    rowsHeld++;
    if (rowSizes.wants()) {
      rowSizes.add(StateSize.row(e.row) + Entry.BYTES);
    }
  }

  /**
   * Emits what row {@code c}, held in {@code rows}, changes: inserted (it was not there before) or retracted
   * (it will not be there after).
   */
  private void changed(ObjectRBTreeSet<Entry> rows, Entry c, boolean inserted, BatchBuilder out) {
    try {
      if (spec.unbounded()) {
        unbounded(rows, c, inserted, out);
      } else if (spec.rows()) {
        rowsBack(rows, c, inserted, out);
      } else {
        rangeBack(rows, c, inserted, out);
      }
    } finally {
      segment.clear();
    }
  }

  /**
   * ROWS BETWEEN n PRECEDING: the segment holds the n rows before {@code c} (as many as there are), c, and
   * the n rows after it, the rows whose frames hold c. Each of those had (or will have) one row more at its
   * frame's start instead of c.
   */
  private void rowsBack(ObjectRBTreeSet<Entry> rows, Entry c, boolean inserted, BatchBuilder out) {
    int n = (int) spec.preceding();
    ObjectBidirectionalIterator<Entry> back = rows.iterator(c);
    back.previous(); // c
    for (int i = 0; i < n && back.hasPrevious(); i++) {
      segment.add(back.previous());
    }
    reverseSegment();
    int at = segment.size();
    segment.add(c);
    ObjectBidirectionalIterator<Entry> ahead = rows.iterator(c);
    for (int i = 0; i < n && ahead.hasNext(); i++) {
      segment.add(ahead.next());
    }
    emit(out, inserted ? RowKind.INSERT : RowKind.DELETE, c.row, aggregate(Math.max(0, at - n), at, -1));
    for (int i = at + 1; i < segment.size(); i++) {
      Object[] with = aggregate(Math.max(0, i - n), i, -1);
      Object[] without = aggregate(Math.max(0, i - n - 1), i, at);
      change(out, segment.get(i).row, inserted ? without : with, inserted ? with : without);
    }
  }

  /**
   * UNBOUNDED PRECEDING: one walk over the partition from its first row, accumulating two frames at once,
   * with {@code c} and without it. From c's place on (for RANGE, from its first peer) every row's frame
   * differs by c. Under ROWS each row is a frame end; under RANGE a row's frame ends with its last peer.
   */
  private void unbounded(ObjectRBTreeSet<Entry> rows, Entry c, boolean inserted, BatchBuilder out) {
    Aggregation.Group with = frames.newGroup(NO_KEY);
    Aggregation.Group without = frames.newGroup(NO_KEY);
    boolean reached = false;
    ObjectBidirectionalIterator<Entry> it = rows.iterator();
    Entry next = it.hasNext() ? it.next() : null;
    while (next != null) {
      // the rows that end one frame together: one row under ROWS, a row and its peers under RANGE
      segment.clear();
      segment.add(next);
      next = it.hasNext() ? it.next() : null;
      while (!spec.rows() && next != null && sortKeys.compare(next.row, segment.get(0).row) == 0) {
        segment.add(next);
        next = it.hasNext() ? it.next() : null;
      }
      for (int i = 0; i < segment.size(); i++) {
        Entry e = segment.get(i);
        frames.accumulate(with, e.row, false);
        if (e != c) {
          frames.accumulate(without, e.row, false);
        } else {
          reached = true;
        }
      }
      if (!reached) {
        continue;
      }
      Object[] withResult = frames.result(with);
      Object[] withoutResult = null;
      for (int i = 0; i < segment.size(); i++) {
        Entry e = segment.get(i);
        if (e == c) {
          emit(out, inserted ? RowKind.INSERT : RowKind.DELETE, c.row, withResult);
          continue;
        }
        if (withoutResult == null) {
          withoutResult = frames.result(without); // holds e at least
        }
        change(out, e.row, inserted ? withoutResult : withResult, inserted ? withResult : withoutResult);
      }
    }
  }

  /**
   * RANGE with an interval (or CURRENT ROW: the peers alone): the segment holds the rows before {@code c}
   * within the interval before it (its frame), c, and the rows after it whose interval reaches back to it
   * (its peers among them); every frame that holds c lies within it. Each group of peers there whose frame
   * holds c gets its aggregates with and without c.
   */
  private void rangeBack(ObjectRBTreeSet<Entry> rows, Entry c, boolean inserted, BatchBuilder out) {
    ObjectBidirectionalIterator<Entry> back = rows.iterator(c);
    back.previous(); // c
    while (back.hasPrevious()) {
      Entry e = back.previous();
      if (!inFrame(e, c)) {
        break;
      }
      segment.add(e);
    }
    reverseSegment();
    int at = segment.size();
    segment.add(c);
    ObjectBidirectionalIterator<Entry> ahead = rows.iterator(c);
    while (ahead.hasNext()) {
      Entry e = ahead.next();
      if (!inFrame(c, e)) {
        break;
      }
      segment.add(e);
    }
    int from = 0;
    for (int i = 0; i < segment.size(); ) {
      Entry first = segment.get(i);
      int end = i;
      while (end + 1 < segment.size() && sortKeys.compare(segment.get(end + 1).row, first.row) == 0) {
        end++;
      }
      if (inFrame(c, first)) {
        while (!inFrame(segment.get(from), first)) {
          from++;
        }
        Object[] with = aggregate(from, end, -1);
        Object[] without = null;
        for (int k = i; k <= end; k++) {
          Entry e = segment.get(k);
          if (e == c) {
            emit(out, inserted ? RowKind.INSERT : RowKind.DELETE, c.row, with);
            continue;
          }
          if (without == null) {
            without = aggregate(from, end, at); // holds e at least
          }
          change(out, e.row, inserted ? without : with, inserted ? with : without);
        }
      }
      i = end + 1;
    }
  }

  /**
   * Whether {@code x}, ordered at or before the peers of {@code r}, is in a RANGE frame of {@code r}: a peer
   * of r (CURRENT ROW); with an interval, of a key at most that far before r's, nulls only with nulls.
   */
  private boolean inFrame(Entry x, Entry r) {
    if (spec.preceding() == 0) {
      return sortKeys.compare(x.row, r.row) == 0;
    }
    Object a = x.row[rangeColumn];
    Object b = r.row[rangeColumn];
    if (a == null || b == null) {
      return a == null && b == null;
    }
    long earlier = rangeDescending ? (Long) b : (Long) a;
    long later = rangeDescending ? (Long) a : (Long) b;
    // later - earlier is exact as an unsigned number when earlier <= later
    return earlier <= later && Long.compareUnsigned(later - earlier, spec.preceding()) <= 0;
  }

  private void reverseSegment() {
    for (int i = 0, j = segment.size() - 1; i < j; i++, j--) {
      Entry t = segment.get(i);
      segment.set(i, segment.get(j));
      segment.set(j, t);
    }
  }

  /** The aggregates over the segment's rows {@code from} to {@code to}, but for row {@code skip} (-1: none), accumulated in order. */
  private Object[] aggregate(int from, int to, int skip) {
    Aggregation.Group group = frames.newGroup(NO_KEY);
    for (int i = from; i <= to; i++) {
      if (i != skip) {
        frames.accumulate(group, segment.get(i).row, false);
      }
    }
    return frames.result(group);
  }

  /** A row whose aggregates went from {@code before} to {@code after}: -U then +U, or nothing when they are equal. */
  private void change(BatchBuilder out, Object[] row, Object[] before, Object[] after) {
    if (!Arrays.equals(before, after)) {
      emit(out, RowKind.UPDATE_BEFORE, row, before);
      emit(out, RowKind.UPDATE_AFTER, row, after);
    }
  }

  private void emit(BatchBuilder out, RowKind kind, Object[] row, Object[] results) {
    Object[] values = new Object[width + callCount];
    System.arraycopy(row, 0, values, 0, width);
    System.arraycopy(results, results.length - callCount, values, width, callCount);
    out.add(kind, values);
  }

  @Override
  public void processWatermark(Watermark watermark) {
    context.output().emitWatermark(watermark);
  }

  /** One entry per live row held. */
  @Override
  public long stateEntries() {
    return rowsHeld;
  }

  @Override
  public long stateBytes() {
    return rowsHeld * rowSizes.mean() + partitions.size() * PARTITION_BYTES;
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(seq);
    out.writeInt(partitions.size());
    for (ObjectRBTreeSet<Entry> rows : partitions.values()) {
      out.writeInt(rows.size());
      for (Entry e : rows) {
        e.write(out);
      }
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    partitions.clear();
    rowsHeld = 0;
    seq = in.readLong();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      int count = in.readInt();
      ObjectRBTreeSet<Entry> rows = new ObjectRBTreeSet<>(order);
      for (int j = 0; j < count; j++) {
        hold(rows, Entry.read(in));
      }
      partitions.put(GroupKey.of(rows.first().row, partitionKeys), rows);
    }
  }
}
