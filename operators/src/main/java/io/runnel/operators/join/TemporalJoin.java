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
import io.runnel.operators.types.Schema;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectRBTreeMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectSortedMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * An event-time temporal join ({@code JOIN t FOR SYSTEM_TIME AS OF s.ts}): each row of the stream (input 0)
 * joins the version of the table's row for its key (input 1, each row a new version valid from its own time)
 * that was valid at the stream row's time, the last version at or before it; a version that deletes the key
 * leaves nothing valid. A stream row waits until the watermark passes its time, when every version up to it
 * has come (a version at the watermark's own time may still come); then the rows the watermark passed are
 * joined in time order, then in the order they came, and emitted +I (a LEFT join's row without a valid
 * version, or whose version fails the condition, padded with nulls) before the watermark is forwarded, a
 * millisecond behind. A stream row whose key or time is null matches nothing; one behind the watermark is
 * late (reported, and dropped): the versions valid at its time may have been freed.
 *
 * <p>State: the stream rows still waiting, and per key the versions the watermark has not passed plus the
 * last one it has, which any row still to come may need. Older versions are freed as the watermark passes
 * the next one.
 */
public final class TemporalJoin extends BaseOperator {
  /** A version that deletes its key: from its time on, the key has no row. */
  private static final Object[] DELETED = new Object[0];
  /** What a version takes besides its values: a tree entry and its boxed time. */
  private static final long VERSION_BYTES = StateSize.HEADER + 40;
  /** What a waiting row takes besides its values: its reference in the list of its time. */
  private static final long WAITING_BYTES = StateSize.REFERENCE;

  /** One key's versions by the time they start. */
  private static final class Versions extends Long2ObjectRBTreeMap<Object[]> {
    /** A row with the key's values: where a deleted version's key is read. */
    final Object[] keyRow;
    /** In {@link #pruning}: it holds more than one version, or a deletion. */
    boolean listed;

    Versions(Object[] keyRow) {
      this.keyRow = keyRow;
    }

    boolean prunable() {
      return size() > 1 || (size() == 1 && get(firstLongKey()) == DELETED);
    }
  }

  private final JoinType type;
  private final Schema leftSchema;
  private final int leftSize;
  private final int rightSize;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final int leftTime;
  private final int rightTime;
  private final KeyMap<Versions> versions;
  /** Stream rows waiting for the watermark, by time, each time's in the order they came. */
  private final Long2ObjectRBTreeMap<ObjectArrayList<Object[]>> waiting = new Long2ObjectRBTreeMap<>();
  /** Keys with more than one version: what the watermark may free. */
  private final List<Versions> pruning = new ArrayList<>();
  private final PairCondition condition; // null: none
  private final StateSize.Average rowSizes = new StateSize.Average();
  private long waitingRows;
  private long versionCount;
  private long watermark = Long.MIN_VALUE;
  private BatchBuilder out;

  TemporalJoin(TemporalJoinSpec spec) {
    super(spec.outputSchema());
    this.type = spec.type();
    this.leftSchema = spec.leftSchema();
    this.leftSize = spec.leftSchema().size();
    this.rightSize = spec.rightSchema().size();
    this.leftKeys = spec.keyArray(0);
    this.rightKeys = spec.keyArray(1);
    this.leftTime = spec.leftTime();
    this.rightTime = spec.rightTime();
    this.versions = KeyMap.over(spec.rightSchema(), rightKeys);
    this.condition = PairCondition.of(spec.condition(), spec.leftSchema(), spec.rightSchema());
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    PairCondition.open(condition, context);
  }

  @Override
  public void processBatch(int input, Batch batch) {
    if (input == 0) {
      stream(batch);
    } else {
      table(batch);
    }
  }

  private void stream(Batch batch) {
    Column time = batch.column(leftTime);
    List<Object[]> now = new ArrayList<>(); // rows without a key or a time
    for (int r = 0, n = batch.size(); r < n; r++) {
      if (batch.kind(r) != RowKind.INSERT) {
        context.errors().report(context.name(), "a temporal join takes inserts only on its stream side, not " + batch.kind(r).shortString(), batch.format(r));
        continue;
      }
      Object[] row = batch.row(r);
      if (time.isNull(r) || KeyMap.anyNull(row, leftKeys)) {
        now.add(row); // matches nothing: a LEFT join pads it at once
        continue;
      }
      if (time.getLong(r) < watermark) {
        // the versions valid at its time may have been freed: late, as a window's row after it closed
        context.late().late(context.name(), time.getLong(r), watermark, batch.format(r));
        continue;
      }
      ObjectArrayList<Object[]> rows = waiting.get(time.getLong(r));
      if (rows == null) {
        rows = new ObjectArrayList<>();
        waiting.put(time.getLong(r), rows);
      }
      rows.add(row);
      waitingRows++;
      if (rowSizes.wants()) {
        rowSizes.add(StateSize.row(row) + WAITING_BYTES);
      }
    }
    if (!now.isEmpty()) {
      join(now);
    }
  }

  private void table(Batch batch) {
    Column time = batch.column(rightTime);
    for (int r = 0, n = batch.size(); r < n; r++) {
      RowKind kind = batch.kind(r);
      if (kind == RowKind.UPDATE_BEFORE) {
        continue; // the version after it replaces the row
      }
      Object[] row = batch.row(r);
      if (time.isNull(r) || KeyMap.anyNull(row, rightKeys)) {
        context.errors().report(context.name(), "a version of a temporal join's table needs its key and its time", batch.format(r));
        continue;
      }
      addVersion(row, time.getLong(r), kind == RowKind.DELETE ? DELETED : row);
    }
  }

  private void addVersion(Object[] keyRow, long time, Object[] version) {
    Versions key = versions.get(keyRow, rightKeys);
    if (key == null) {
      key = new Versions(keyRow);
      versions.put(keyRow, rightKeys, key);
    }
    if (key.put(time, version) == null) {
      versionCount++;
    }
    if (version != DELETED && rowSizes.wants()) {
      rowSizes.add(StateSize.row(version) + VERSION_BYTES);
    }
    if (key.prunable() && !key.listed) {
      key.listed = true;
      pruning.add(key);
    }
  }

  /** Joins {@code rows} of the stream, in their order, with the versions valid at their times. */
  private void join(List<Object[]> rows) {
    int n = rows.size();
    Object[][] found = new Object[n][];
    int[] probe = new int[n];
    Object[][] candidates = new Object[n][];
    int pairs = 0;
    for (int i = 0; i < n; i++) {
      found[i] = valid(rows.get(i));
      if (found[i] != null) {
        probe[pairs] = i;
        candidates[pairs++] = found[i];
      }
    }
    if (condition != null && pairs > 0) {
      BatchBuilder left = new BatchBuilder(leftSchema, n);
      for (Object[] row : rows) {
        left.add(RowKind.INSERT, row);
      }
      boolean[] pass = condition.test(left.build(), 0, probe, candidates, pairs);
      for (int p = 0; p < pairs; p++) {
        if (!pass[p]) {
          found[probe[p]] = null;
        }
      }
    }
    out = new BatchBuilder(outputSchema, n);
    for (int i = 0; i < n; i++) {
      if (found[i] != null || type == JoinType.LEFT) {
        emitPair(rows.get(i), found[i]);
      }
    }
    emit(out);
    out = null;
  }

  /** The version valid at {@code row}'s time for its key, or null. */
  private Object[] valid(Object[] row) {
    Object t = row[leftTime];
    if (t == null || KeyMap.anyNull(row, leftKeys)) {
      return null;
    }
    Versions key = versions.get(row, leftKeys);
    if (key == null) {
      return null;
    }
    long time = ((Number) t).longValue();
    Long2ObjectSortedMap<Object[]> upTo = time == Long.MAX_VALUE ? key : key.headMap(time + 1);
    if (upTo.isEmpty()) {
      return null;
    }
    Object[] version = upTo.get(upTo.lastLongKey());
    return version == DELETED ? null : version;
  }

  private void emitPair(Object[] left, Object[] right) {
    int r = out.beginRow(RowKind.INSERT);
    for (int c = 0; c < leftSize; c++) {
      out.set(c, r, left[c]);
    }
    for (int c = 0; c < rightSize; c++) {
      out.set(leftSize + c, r, right == null ? null : right[c]);
    }
  }

  @Override
  public void processWatermark(Watermark mark) {
    if (mark.timestamp() <= watermark) {
      return;
    }
    watermark = mark.timestamp();
    List<Object[]> due = new ArrayList<>();
    Iterator<Long2ObjectMap.Entry<ObjectArrayList<Object[]>>> it = waiting.long2ObjectEntrySet().iterator();
    while (it.hasNext()) {
      Long2ObjectMap.Entry<ObjectArrayList<Object[]>> e = it.next();
      if (e.getLongKey() >= watermark && watermark != Long.MAX_VALUE) {
        break; // a version at the watermark's own time may still come
      }
      due.addAll(e.getValue());
      it.remove();
    }
    waitingRows -= due.size();
    if (!due.isEmpty()) {
      join(due);
    }
    prune();
    // the rows at the watermark's own time come out with the next one: the output's stays a millisecond behind
    context.output().emitWatermark(watermark == Long.MAX_VALUE ? mark : new Watermark(watermark - 1));
  }

  /** Frees, per key, the versions before the last one the watermark has passed; a key left deleted goes. */
  private void prune() {
    int kept = 0;
    for (int i = 0; i < pruning.size(); i++) {
      Versions key = pruning.get(i);
      Long2ObjectSortedMap<Object[]> passed = watermark == Long.MAX_VALUE ? key : key.headMap(watermark + 1);
      if (passed.size() > 1) {
        long last = passed.lastLongKey();
        for (Iterator<Long2ObjectMap.Entry<Object[]>> it = passed.long2ObjectEntrySet().iterator(); it.hasNext(); ) {
          if (it.next().getLongKey() == last) {
            break;
          }
          it.remove();
          versionCount--;
        }
      }
      if (key.size() == 1 && key.firstLongKey() <= watermark && key.get(key.firstLongKey()) == DELETED) {
        key.clear();
        versionCount--;
        versions.remove(key.keyRow, rightKeys);
      }
      if (key.prunable()) {
        pruning.set(kept++, key);
      } else {
        key.listed = false;
      }
    }
    pruning.subList(kept, pruning.size()).clear();
  }

  /** Stream rows waiting, and versions held. */
  @Override
  public long stateEntries() {
    return waitingRows + versionCount;
  }

  @Override
  public long stateBytes() {
    return stateEntries() * rowSizes.mean();
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(watermark);
    out.writeLong(waitingRows);
    for (Long2ObjectMap.Entry<ObjectArrayList<Object[]>> e : waiting.long2ObjectEntrySet()) {
      for (Object[] row : e.getValue()) {
        ValueCodec.writeRow(out, row);
      }
    }
    out.writeLong(versionCount);
    for (Versions key : versions.values()) {
      for (Long2ObjectMap.Entry<Object[]> e : key.long2ObjectEntrySet()) {
        out.writeLong(e.getLongKey());
        out.writeBoolean(e.getValue() == DELETED);
        ValueCodec.writeRow(out, e.getValue() == DELETED ? key.keyRow : e.getValue());
      }
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    waiting.clear();
    versions.clear();
    pruning.clear();
    watermark = in.readLong();
    waitingRows = in.readLong();
    for (long i = 0; i < waitingRows; i++) {
      Object[] row = ValueCodec.readRow(in);
      waiting.computeIfAbsent(((Number) row[leftTime]).longValue(), t -> new ObjectArrayList<>()).add(row);
    }
    long count = in.readLong();
    versionCount = 0;
    for (long i = 0; i < count; i++) {
      long time = in.readLong();
      boolean deleted = in.readBoolean();
      Object[] row = ValueCodec.readRow(in);
      addVersion(row, time, deleted ? DELETED : row);
    }
  }
}
