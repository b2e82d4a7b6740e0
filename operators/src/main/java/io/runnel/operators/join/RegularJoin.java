package io.runnel.operators.join;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.state.StateSize;
import io.runnel.operators.state.StateTtl;
import io.runnel.operators.state.ValueCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A join without time bounds: each side holds every row it was given (less those taken back), by key, and
 * each row that comes joins with the rows the other side holds. Inputs may be updating: +I and +U add an
 * occurrence of a row, -D and -U take one away (one not held is dropped); the output is +I for a joined row
 * added, -D for one taken away. A row of a preserved side (see {@link JoinType#preserves}) with no match is
 * emitted padded with nulls, retracted when its first match comes and emitted again when its last goes;
 * SEMI emits a left row while it has a match, ANTI while it has none. A row with a null key matches nothing.
 *
 * <p>The output is a function of the input rows in order: a row's matches come in the order the other side
 * holds them ({@link RowBucket}). The candidates of a run of rows are looked up first, the residual
 * condition evaluated over all of them at once, then the rows applied one by one; the other side does not
 * change meanwhile, as a batch holds rows of one input only.
 *
 * <p>With a state time-to-live ({@link StateTtl}), the rows a key holds on the sides with an event time are
 * freed, with nothing emitted, once the ttl has passed since the latest event time of the key's rows there
 * (the rows with a null key count as one key per side): when the watermark gets there, or when a row of the
 * key comes that late, which then finds nothing. A side without an event time keeps its rows. What a row
 * removed takes back is read off its own match count, not off the partners left: a row whose partners were
 * freed is not shown padded, and its removal emits no padded row it never showed.
 */
public final class RegularJoin extends BaseOperator {
  /** Candidate pairs a run of rows gathers before the condition is evaluated over them. */
  private static final int PAIRS_PER_RUN = 4096;
  /** The ttl's keys for each side's rows with a null key. */
  private static final Object[] NULL_KEYS = {new Object(), new Object()};

  private final JoinType type;
  private final int leftSize;
  private final int rightSize;
  private final int[][] keys;
  /** Per side: rows by key, and rows whose key has a null (held only where they are emitted). */
  private final KeyMap<RowBucket>[] held;
  private final RowBucket[] nullKeyed;
  /** Per side: whether its rows keep their match count (a preserved side; the left side of SEMI and ANTI). */
  private final boolean[] keepsMatches;
  /** Per side: whether its unmatched rows are emitted padded; and whether the join emits pairs (not SEMI, ANTI). */
  private final boolean[] preserves;
  private final boolean emitsPairs;
  private final PairCondition condition; // null: none
  /** The state time-to-live, keyed as {@link KeyMap#keyOf} (or {@link #NULL_KEYS}); null: none. */
  private final StateTtl<Object> ttl;
  /** Per side: the event-time column the ttl reads, or -1 for a side whose rows it never frees. */
  private final int[] times;
  private final StateSize.Average rowSizes = new StateSize.Average();
  private long entries;
  private BatchBuilder out;
  /** Per row of the run: the other side's rows of its key (null: none), where its pairs start, whether its key has a null. */
  private RowBucket[] candidates = new RowBucket[0];
  private int[] pairStart = new int[0];
  private boolean[] nullKey = new boolean[0];

  @SuppressWarnings("unchecked")
  RegularJoin(RegularJoinSpec spec) {
    super(spec.outputSchema());
    this.type = spec.type();
    this.leftSize = spec.leftSchema().size();
    this.rightSize = spec.rightSchema().size();
    this.keys = new int[][] {spec.keyArray(0), spec.keyArray(1)};
    this.held = new KeyMap[] {KeyMap.over(spec.leftSchema(), keys[0]), KeyMap.over(spec.rightSchema(), keys[1])};
    this.preserves = new boolean[] {type.preserves(0), type.preserves(1)};
    this.emitsPairs = type.emitsPairs();
    this.keepsMatches = new boolean[] {preserves[0] || !emitsPairs, preserves[1]};
    this.nullKeyed = new RowBucket[] {new RowBucket(false), new RowBucket(false)};
    this.condition = PairCondition.of(spec.condition(), spec.leftSchema(), spec.rightSchema());
    this.ttl = spec.stateTtl() == 0 ? null : new StateTtl<>(spec.stateTtl());
    this.times = new int[] {spec.leftTime(), spec.rightTime()};
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    PairCondition.open(condition, context);
  }

  @Override
  public void processBatch(int input, Batch batch) {
    int n = batch.size();
    if (candidates.length < n) {
      candidates = new RowBucket[n];
      pairStart = new int[n];
      nullKey = new boolean[n];
    }
    boolean mayBeNull = false;
    for (int c : keys[input]) {
      mayBeNull |= batch.column(c).nullMask() != null;
    }
    out = new BatchBuilder(outputSchema, n);
    KeyMap<RowBucket> other = held[1 - input];
    int[] probeKeys = keys[input];
    for (int start = 0; start < n; ) {
      int end = start;
      int pairs = 0;
      while (end < n && pairs < PAIRS_PER_RUN) {
        boolean isNull = mayBeNull && KeyMap.anyNull(batch, end, probeKeys);
        if (ttl != null && times[input] >= 0 && !batch.column(times[input]).isNull(end)) {
          Object key = isNull ? NULL_KEYS[input] : held[input].keyOf(batch.row(end), probeKeys);
          if (ttl.expired(key, batch.column(times[input]).getLong(end))) {
            if (end > start) {
              break; // the rows before it go first: one of them may be of its key, and renew it
            }
            ttl.forget(key);
            expire(key);
          }
        }
        RowBucket bucket = isNull ? null : other.get(batch, end, probeKeys);
        nullKey[end] = isNull;
        candidates[end] = bucket;
        pairStart[end] = pairs;
        pairs += bucket == null ? 0 : bucket.size;
        end++;
      }
      boolean[] pass = condition == null || pairs == 0 ? null : test(batch, input, start, end, pairs);
      for (int r = start; r < end; r++) {
        apply(input, batch, r, candidates[r], pass, pairStart[r]);
      }
      start = end;
    }
    Arrays.fill(candidates, 0, n, null);
    emit(out);
    out = null;
  }

  /** The condition over every candidate pair of rows {@code [start, end)}, numbered as {@link #pairStart} says. */
  private boolean[] test(Batch batch, int input, int start, int end, int pairs) {
    int[] probeRows = new int[pairs];
    Object[][] others = new Object[pairs][];
    int p = 0;
    for (int r = start; r < end; r++) {
      RowBucket bucket = candidates[r];
      if (bucket != null) {
        for (int i = 0; i < bucket.size; i++) {
          probeRows[p] = r;
          others[p++] = bucket.rows[i];
        }
      }
    }
    return condition.test(batch, input, probeRows, others, pairs);
  }

  /**
   * Applies row {@code r} of {@code batch}, from input {@code side}: {@code bucket} holds the other side's
   * rows of its key, whose {@code i}th matches when {@code pass} (null: all pass) says so at {@code offset + i}.
   */
  private void apply(int side, Batch batch, int r, RowBucket bucket, boolean[] pass, int offset) {
    Object[] row = batch.row(r);
    boolean add = batch.kind(r).isAccumulate();
    RowKind kind = add ? RowKind.INSERT : RowKind.DELETE;
    if (nullKey[r]) {
      applyNullKeyed(side, row, add, kind);
      return;
    }
    RowBucket own = held[side].get(row, keys[side]);
    int at = -1;
    if (!add) {
      at = own == null ? -1 : own.find(row);
      if (at < 0) {
        return; // not held: nothing to take back
      }
    }
    // what the row stood for in the output: its matches when it came, less those gone (more than its
    // partners left when a ttl freed some)
    int shown = !add && keepsMatches[side] ? own.matches[at] : -1;
    int matched = 0;
    if (bucket != null) {
      for (int i = 0; i < bucket.size; i++) {
        if (pass == null || pass[offset + i]) {
          matched += bucket.counts[i];
          if (add) {
            matchAdded(side, row, bucket, i);
          } else {
            matchRemoved(side, row, bucket, i);
          }
        }
      }
    }
    if (shown < 0) {
      shown = matched;
    }
    if (shown == 0) {
      emitUnmatched(side, row, kind, 1);
    } else if (type == JoinType.SEMI && side == 0) {
      emitLeft(kind, row, 1);
    }
    if (ttl != null && times[side] >= 0 && row[times[side]] != null) {
      ttl.touch(held[side].keyOf(row, keys[side]), (Long) row[times[side]]);
    }
    if (add) {
      if (own == null) {
        own = new RowBucket(keepsMatches[side]);
        held[side].put(row, keys[side], own);
        sample(row, RowBucket.BYTES);
      }
      if (own.add(row, matched)) {
        entries++;
        if (own.size > 1) {
          sample(row, 0);
        }
      }
    } else if (own.removeOne(at)) {
      entries--;
      if (own.size == 0) {
        held[side].remove(row, keys[side]);
      }
    }
  }

  /** A row of input {@code side} came that matches the other side's row {@code i} of {@code bucket}. */
  private void matchAdded(int side, Object[] row, RowBucket bucket, int i) {
    int other = 1 - side;
    Object[] match = bucket.rows[i];
    int count = bucket.counts[i];
    boolean first = keepsMatches[other] && bucket.matches[i]++ == 0;
    if (emitsPairs) {
      if (first) {
        emitUnmatched(other, match, RowKind.DELETE, count);
      }
      emitPair(RowKind.INSERT, side == 0 ? row : match, side == 0 ? match : row, count);
    } else if (first) {
      emitLeft(type == JoinType.SEMI ? RowKind.INSERT : RowKind.DELETE, match, count);
    }
  }

  /** A row of input {@code side} went that matched the other side's row {@code i} of {@code bucket}. */
  private void matchRemoved(int side, Object[] row, RowBucket bucket, int i) {
    int other = 1 - side;
    Object[] match = bucket.rows[i];
    int count = bucket.counts[i];
    boolean last = keepsMatches[other] && --bucket.matches[i] == 0;
    if (emitsPairs) {
      emitPair(RowKind.DELETE, side == 0 ? row : match, side == 0 ? match : row, count);
      if (last) {
        emitUnmatched(other, match, RowKind.INSERT, count);
      }
    } else if (last) {
      emitLeft(type == JoinType.SEMI ? RowKind.DELETE : RowKind.INSERT, match, count);
    }
  }

  /** A row whose key has a null: held only when it is emitted (padded, or by ANTI), for it may be taken back. */
  private void applyNullKeyed(int side, Object[] row, boolean add, RowKind kind) {
    if (!preserves[side] && !(type == JoinType.ANTI && side == 0)) {
      return;
    }
    RowBucket bucket = nullKeyed[side];
    if (ttl != null && times[side] >= 0 && row[times[side]] != null) {
      ttl.touch(NULL_KEYS[side], (Long) row[times[side]]);
    }
    if (add) {
      if (bucket.add(row, 0)) {
        entries++;
        sample(row, 0);
      }
    } else {
      int at = bucket.find(row);
      if (at < 0) {
        return;
      }
      if (bucket.removeOne(at)) {
        entries--;
      }
    }
    emitUnmatched(side, row, kind, 1);
  }

  /** Emits {@code count} times what a row of input {@code side} with no match stands for, if anything. */
  private void emitUnmatched(int side, Object[] row, RowKind kind, int count) {
    if (emitsPairs) {
      if (preserves[side]) {
        emitPair(kind, side == 0 ? row : null, side == 0 ? null : row, count);
      }
    } else if (type == JoinType.ANTI && side == 0) {
      emitLeft(kind, row, count);
    }
  }

  /** Emits {@code count} times the left columns then the right ones; a null side is padded with nulls. */
  private void emitPair(RowKind kind, Object[] left, Object[] right, int count) {
    for (int k = 0; k < count; k++) {
      int r = out.beginRow(kind);
      for (int c = 0; c < leftSize; c++) {
        out.set(c, r, left == null ? null : left[c]);
      }
      for (int c = 0; c < rightSize; c++) {
        out.set(leftSize + c, r, right == null ? null : right[c]);
      }
    }
  }

  private void emitLeft(RowKind kind, Object[] left, int count) {
    for (int k = 0; k < count; k++) {
      int r = out.beginRow(kind);
      for (int c = 0; c < leftSize; c++) {
        out.set(c, r, left[c]);
      }
    }
  }

  private void sample(Object[] row, long extra) {
    if (rowSizes.wants()) {
      rowSizes.add(StateSize.row(row) + RowBucket.ROW_BYTES + extra);
    }
  }

  @Override
  public void processWatermark(Watermark watermark) {
    if (ttl != null) {
      ttl.advance(watermark.timestamp(), this::expire);
    }
    context.output().emitWatermark(watermark);
  }

  /** Frees what the sides with an event time hold for {@code key}, whose time-to-live is up. */
  private void expire(Object key) {
    for (int side = 0; side < 2; side++) {
      if (key == NULL_KEYS[side]) {
        entries -= nullKeyed[side].size;
        nullKeyed[side] = new RowBucket(false);
        return;
      }
    }
    for (int side = 0; side < 2; side++) {
      if (times[side] >= 0) {
        RowBucket bucket = held[side].removeKey(key);
        entries -= bucket == null ? 0 : bucket.size;
      }
    }
  }

  /** One entry per distinct row held, on either side, however many times it is held. */
  @Override
  public long stateEntries() {
    return entries;
  }

  @Override
  public long stateBytes() {
    return entries * rowSizes.mean() + (ttl == null ? 0 : ttl.size() * StateTtl.BYTES_PER_KEY);
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    for (int side = 0; side < 2; side++) {
      out.writeInt(held[side].size());
      for (RowBucket bucket : held[side].values()) {
        writeBucket(out, bucket, ttl == null ? null : held[side].keyOf(bucket.rows[0], keys[side]));
      }
      writeBucket(out, nullKeyed[side], NULL_KEYS[side]);
    }
  }

  /** Writes {@code bucket}'s rows, and with a ttl the stamp of its {@code key}. */
  private void writeBucket(DataOutput out, RowBucket bucket, Object key) throws IOException {
    out.writeInt(bucket.size);
    for (int i = 0; i < bucket.size; i++) {
      ValueCodec.writeRow(out, bucket.rows[i]);
      out.writeInt(bucket.counts[i]);
      out.writeInt(bucket.matches == null ? 0 : bucket.matches[i]);
    }
    if (ttl != null) {
      out.writeLong(ttl.stampOf(key));
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    entries = 0;
    if (ttl != null) {
      ttl.clear();
    }
    for (int side = 0; side < 2; side++) {
      held[side].clear();
      int buckets = in.readInt();
      for (int b = 0; b < buckets; b++) {
        RowBucket bucket = readBucket(in, new RowBucket(keepsMatches[side]));
        held[side].put(bucket.rows[0], keys[side], bucket);
        if (ttl != null) {
          ttl.restore(held[side].keyOf(bucket.rows[0], keys[side]), in.readLong());
        }
      }
      nullKeyed[side] = readBucket(in, new RowBucket(false));
      if (ttl != null) {
        ttl.restore(NULL_KEYS[side], in.readLong());
      }
    }
  }

  private RowBucket readBucket(DataInput in, RowBucket bucket) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      Object[] row = ValueCodec.readRow(in);
      bucket.restore(row, in.readInt(), in.readInt());
      sample(row, i == 0 ? RowBucket.BYTES : 0);
      entries++;
    }
    return bucket;
  }
}
