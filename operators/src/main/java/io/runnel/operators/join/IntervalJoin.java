package io.runnel.operators.join;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.state.StateSize;
import io.runnel.operators.state.ValueCodec;
import it.unimi.dsi.fastutil.longs.Long2ObjectRBTreeMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A join of two insert-only inputs where a right row's time lies within bounds of a left row's: each side
 * holds its rows, by key, only while a row of the other side may still match them, that is until the
 * combined watermark {@code W} passes {@code leftTime + upperBound} (left rows) or {@code rightTime -
 * lowerBound} (right rows). Each row that comes joins with the rows the other side holds, in the order they
 * came, and is emitted +I. A row of a preserved side that matched nothing is emitted padded with nulls when
 * it is let go; one whose key or time is null, or that came already expired, at once.
 *
 * <p>Each side keeps its rows ordered by the time they expire, so a watermark frees what it completes
 * without scanning the rest. Padded rows are emitted in the order they expire, then in the order they came,
 * both sides together; then the watermark is forwarded, held back by {@link IntervalJoinSpec#watermarkDelay}
 * (and never going back).
 */
public final class IntervalJoin extends BaseOperator {
  /** Candidate pairs a run of rows gathers before the condition is evaluated over them. */
  private static final int PAIRS_PER_RUN = 4096;
  /** What a held row takes besides its values: its object, and its references from the key's list and the expiry's. */
  private static final long HELD_BYTES = StateSize.HEADER + 40 + 2 * StateSize.REFERENCE;

  /** A row a side holds. */
  private static final class Held {
    final Object[] row;
    final long time;
    final long expiry;
    final long seq;
    boolean matched;
    boolean expired;
    final KeyRows rows;

    Held(Object[] row, long time, long expiry, long seq, boolean matched, KeyRows rows) {
      this.row = row;
      this.time = time;
      this.expiry = expiry;
      this.seq = seq;
      this.matched = matched;
      this.rows = rows;
    }
  }

  /** The rows a side holds for one key, in the order they came. */
  private static final class KeyRows extends ObjectArrayList<Held> {
    /** Some of its rows expired, to be taken out once the watermark's expiries are done. */
    boolean dirty;
  }

  /**
   * Rows in the order they expire, then came. Rows that come in that order (the usual case: rows in time
   * order, whose expiry follows their time) are appended to a queue; the others go into a tree by expiry.
   */
  private static final class ExpiryOrder {
    private Held[] queue = new Held[16];
    private int head;
    private int queued;
    private final Long2ObjectRBTreeMap<ObjectArrayList<Held>> others = new Long2ObjectRBTreeMap<>();

    void add(Held h) {
      if (queued == 0 || queue[(head + queued - 1) & (queue.length - 1)].expiry <= h.expiry) {
        if (queued == queue.length) {
          Held[] grown = new Held[queue.length * 2];
          for (int i = 0; i < queued; i++) {
            grown[i] = queue[(head + i) & (queue.length - 1)];
          }
          queue = grown;
          head = 0;
        }
        queue[(head + queued++) & (queue.length - 1)] = h;
        return;
      }
      ObjectArrayList<Held> same = others.get(h.expiry);
      if (same == null) {
        same = new ObjectArrayList<>();
        others.put(h.expiry, same);
      }
      same.add(h);
    }

    /** Takes out the rows that expire at {@code watermark} or before, and adds them to {@code out} in order. */
    void takeUpTo(long watermark, List<Held> out) {
      List<Held> fromTree = new ArrayList<>();
      while (!others.isEmpty() && others.firstLongKey() <= watermark) {
        fromTree.addAll(others.remove(others.firstLongKey()));
      }
      int t = 0;
      while (queued > 0 && queue[head].expiry <= watermark) {
        Held h = queue[head];
        while (t < fromTree.size() && EXPIRY_THEN_ARRIVAL.compare(fromTree.get(t), h) < 0) {
          out.add(fromTree.get(t++));
        }
        out.add(h);
        queue[head] = null;
        head = (head + 1) & (queue.length - 1);
        queued--;
      }
      out.addAll(fromTree.subList(t, fromTree.size()));
    }

    /** Every row, in no particular order. */
    void addAllTo(List<Held> out) {
      for (int i = 0; i < queued; i++) {
        out.add(queue[(head + i) & (queue.length - 1)]);
      }
      for (ObjectArrayList<Held> same : others.values()) {
        out.addAll(same);
      }
    }

    void clear() {
      queue = new Held[16];
      head = 0;
      queued = 0;
      others.clear();
    }
  }

  /** What one input holds. */
  private static final class Side {
    final KeyMap<KeyRows> byKey;
    final ExpiryOrder byExpiry = new ExpiryOrder();
    long size;

    Side(KeyMap<KeyRows> byKey) {
      this.byKey = byKey;
    }
  }

  private final JoinType type;
  private final int leftSize;
  private final int rightSize;
  private final int[][] keys;
  private final int[] times;
  private final long lowerBound;
  private final long upperBound;
  private final long delay;
  private final Side[] sides;
  private final PairCondition condition; // null: none
  private final StateSize.Average rowSizes = new StateSize.Average();
  /** The combined watermark of the inputs, and the last one forwarded. */
  private long watermark = Long.MIN_VALUE;
  private long forwarded = Long.MIN_VALUE;
  /** The arrival number of the next row held. */
  private long seq;
  private BatchBuilder out;
  /** Per row of the run: where its candidates start in {@link #found}. */
  private int[] pairStart = new int[0];
  private Held[] found = new Held[16];

  IntervalJoin(IntervalJoinSpec spec) {
    super(spec.outputSchema());
    if (!spec.type().emitsPairs()) {
      throw new IllegalArgumentException("an interval join is inner, left, right or full, not " + spec.type());
    }
    this.type = spec.type();
    this.leftSize = spec.leftSchema().size();
    this.rightSize = spec.rightSchema().size();
    this.keys = new int[][] {spec.keyArray(0), spec.keyArray(1)};
    this.times = new int[] {spec.leftTime(), spec.rightTime()};
    this.lowerBound = spec.lowerBound();
    this.upperBound = spec.upperBound();
    this.delay = spec.watermarkDelay();
    this.sides = new Side[] {new Side(KeyMap.over(spec.leftSchema(), keys[0])), new Side(KeyMap.over(spec.rightSchema(), keys[1]))};
    this.condition = PairCondition.of(spec.condition(), spec.leftSchema(), spec.rightSchema());
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    PairCondition.open(condition, context);
  }

  @Override
  public void processBatch(int input, Batch batch) {
    int n = batch.size();
    if (pairStart.length < n + 1) {
      pairStart = new int[n + 1];
    }
    out = new BatchBuilder(outputSchema, n);
    Side other = sides[1 - input];
    int[] probeKeys = keys[input];
    Column time = batch.column(times[input]);
    int used = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      int pairs = 0;
      while (end < n && pairs < PAIRS_PER_RUN) {
        pairStart[end] = pairs;
        if (!time.isNull(end) && !KeyMap.anyNull(batch, end, probeKeys)) {
          KeyRows rows = other.byKey.get(batch, end, probeKeys);
          if (rows != null) {
            pairs = candidates(input, time.getLong(end), rows, pairs);
          }
        }
        end++;
      }
      pairStart[end] = pairs;
      used = Math.max(used, pairs);
      boolean[] pass = condition == null || pairs == 0 ? null : test(batch, input, start, end, pairs);
      for (int r = start; r < end; r++) {
        apply(input, batch, r, pass);
      }
      start = end;
    }
    Arrays.fill(found, 0, used, null);
    emit(out);
    out = null;
  }

  /** Adds to {@link #found}, from {@code pairs} on, the rows of {@code rows} whose time is within bounds of {@code time}. */
  private int candidates(int side, long time, KeyRows rows, int pairs) {
    Object[] held = rows.elements(); // an Object[]: the list is generic
    for (int i = 0, n = rows.size(); i < n; i++) {
      Held h = (Held) held[i];
      long distance = side == 0 ? h.time - time : time - h.time; // right time minus left time
      if (distance >= lowerBound && distance <= upperBound) {
        if (pairs == found.length) {
          found = Arrays.copyOf(found, pairs * 2);
        }
        found[pairs++] = h;
      }
    }
    return pairs;
  }

  private boolean[] test(Batch batch, int input, int start, int end, int pairs) {
    int[] probeRows = new int[pairs];
    Object[][] others = new Object[pairs][];
    for (int r = start; r < end; r++) {
      for (int p = pairStart[r]; p < pairStart[r + 1]; p++) {
        probeRows[p] = r;
        others[p] = found[p].row;
      }
    }
    return condition.test(batch, input, probeRows, others, pairs);
  }

  private void apply(int side, Batch batch, int r, boolean[] pass) {
    Object[] row = batch.row(r);
    if (batch.kind(r) != RowKind.INSERT) {
      context.errors().report(context.name(), "an interval join takes inserts only, not " + batch.kind(r).shortString(), batch.format(r));
      return;
    }
    boolean preserved = type.preserves(side);
    boolean keepsMatched = type.preserves(1 - side);
    boolean matched = false;
    for (int p = pairStart[r]; p < pairStart[r + 1]; p++) {
      if (pass == null || pass[p]) {
        Held match = found[p];
        matched = true;
        if (keepsMatched) {
          match.matched = true;
        }
        emitPair(side == 0 ? row : match.row, side == 0 ? match.row : row);
      }
    }
    Column timeColumn = batch.column(times[side]);
    if (timeColumn.isNull(r) || KeyMap.anyNull(row, keys[side])) {
      if (preserved) {
        emitPadded(side, row); // can never match
      }
      return;
    }
    long time = timeColumn.getLong(r);
    long expiry = expiry(side, time);
    if (watermark >= expiry) {
      if (preserved && !matched) {
        emitPadded(side, row); // already expired: nothing more can match it
      }
      return;
    }
    hold(side, row, time, expiry, seq++, matched);
  }

  /**
   * The watermark at which a row of {@code side} at {@code time} can match nothing more: one past its last
   * partner's time, since a row at the watermark's own time may still come.
   */
  private long expiry(int side, long time) {
    return saturatedAdd(side == 0 ? saturatedAdd(time, upperBound) : saturatedSubtract(time, lowerBound), 1);
  }

  private void hold(int side, Object[] row, long time, long expiry, long arrival, boolean matched) {
    Side s = sides[side];
    KeyRows rows = s.byKey.get(row, keys[side]);
    if (rows == null) {
      rows = new KeyRows();
      s.byKey.put(row, keys[side], rows);
    }
    Held held = new Held(row, time, expiry, arrival, matched, rows);
    rows.add(held);
    s.byExpiry.add(held);
    s.size++;
    if (rowSizes.wants()) {
      rowSizes.add(StateSize.row(row) + HELD_BYTES);
    }
  }

  private void emitPair(Object[] left, Object[] right) {
    int r = out.beginRow(RowKind.INSERT);
    for (int c = 0; c < leftSize; c++) {
      out.set(c, r, left == null ? null : left[c]);
    }
    for (int c = 0; c < rightSize; c++) {
      out.set(leftSize + c, r, right == null ? null : right[c]);
    }
  }

  private void emitPadded(int side, Object[] row) {
    emitPair(side == 0 ? row : null, side == 0 ? null : row);
  }

  @Override
  public void processWatermark(Watermark mark) {
    watermark = Math.max(watermark, mark.timestamp());
    out = new BatchBuilder(outputSchema, 16);
    List<Held> left = expire(0);
    List<Held> right = expire(1);
    // padded rows in the order they expire, then came, both sides together
    int i = 0;
    int j = 0;
    while (i < left.size() || j < right.size()) {
      boolean fromLeft =
          j == right.size() || (i < left.size() && EXPIRY_THEN_ARRIVAL.compare(left.get(i), right.get(j)) < 0);
      Held h = fromLeft ? left.get(i++) : right.get(j++);
      if (type.preserves(fromLeft ? 0 : 1) && !h.matched) {
        emitPadded(fromLeft ? 0 : 1, h.row);
      }
    }
    emit(out);
    out = null;
    long next = watermark == Long.MAX_VALUE ? Long.MAX_VALUE : saturatedSubtract(watermark, delay);
    if (next > forwarded) {
      forwarded = next;
      context.output().emitWatermark(new Watermark(next));
    }
  }

  private static final Comparator<Held> EXPIRY_THEN_ARRIVAL =
      Comparator.<Held>comparingLong(h -> h.expiry).thenComparingLong(h -> h.seq);

  /** Lets go of the rows of {@code side} the watermark completes; returns them in the order they expire, then came. */
  private List<Held> expire(int side) {
    Side s = sides[side];
    List<Held> expired = new ArrayList<>();
    List<KeyRows> dirty = new ArrayList<>();
    s.byExpiry.takeUpTo(watermark, expired);
    for (Held h : expired) {
      h.expired = true;
      if (!h.rows.dirty) {
        h.rows.dirty = true;
        dirty.add(h.rows);
      }
    }
    for (KeyRows rows : dirty) {
      rows.dirty = false;
      Object[] row = rows.get(0).row;
      int kept = 0;
      Object[] held = rows.elements();
      for (int i = 0, n = rows.size(); i < n; i++) {
        if (!((Held) held[i]).expired) {
          held[kept++] = held[i];
        }
      }
      rows.size(kept);
      if (rows.isEmpty()) {
        s.byKey.remove(row, keys[side]);
      }
    }
    s.size -= expired.size();
    return expired;
  }

  /** Rows held, on either side. */
  @Override
  public long stateEntries() {
    return sides[0].size + sides[1].size;
  }

  @Override
  public long stateBytes() {
    return stateEntries() * rowSizes.mean();
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(watermark);
    out.writeLong(forwarded);
    out.writeLong(seq);
    for (Side s : sides) {
      // in the order the rows came: a key's rows are restored in that order
      List<Held> all = new ArrayList<>();
      s.byExpiry.addAllTo(all);
      all.sort(Comparator.comparingLong(h -> h.seq));
      out.writeLong(all.size());
      for (Held h : all) {
        ValueCodec.writeRow(out, h.row);
        out.writeLong(h.time);
        out.writeLong(h.seq);
        out.writeBoolean(h.matched);
      }
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    watermark = in.readLong();
    forwarded = in.readLong();
    seq = in.readLong();
    for (int side = 0; side < 2; side++) {
      Side s = sides[side];
      s.byKey.clear();
      s.byExpiry.clear();
      s.size = 0;
      long n = in.readLong();
      for (long i = 0; i < n; i++) {
        Object[] row = ValueCodec.readRow(in);
        long time = in.readLong();
        long arrival = in.readLong();
        boolean matched = in.readBoolean();
        hold(side, row, time, expiry(side, time), arrival, matched);
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : sum;
  }

  private static long saturatedSubtract(long a, long b) {
    long difference = a - b;
    return ((a ^ b) & (a ^ difference)) < 0 ? (b < 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : difference;
  }
}
