package io.runnel.operators.agg;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.state.StateTtl;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * An unbounded GROUP BY: keeps the accumulators of every group and, for each input row, emits the change
 * of its group's result ({@code +I} for a new group, {@code -U}/{@code +U} when it changes, {@code -D}
 * when its last row is retracted). Changes are emitted per row, so the changelog does not depend on how
 * the input was cut into batches. With mini-batch, a batch's changes are folded per group instead: the
 * group's result before the batch, then after it (fewer, larger steps; the changes applied still give the
 * same result). State: one entry per group, freed when the group becomes empty.
 *
 * <p>With a state time-to-live ({@link StateTtl}), a group is also freed, with nothing emitted, once the ttl
 * has passed since the latest event time of its rows: when the watermark gets there, or when a row of its key
 * comes that late. That row starts a new group, emitted as {@code +I}: consumers keyed by the group's columns
 * take it as the group's new result.
 */
public final class GroupAggregate extends BaseOperator {
  private final Aggregation aggregation;
  private final Object2ObjectOpenHashMap<Object, Aggregation.Group> groups = new Object2ObjectOpenHashMap<>();
  private final boolean miniBatch;
  private final boolean everyRowChanges;
  /**
   * Mini-batch: the groups the current batch touched, in the order it first touched them, with their
   * results before the batch (null: none). Lists, not a map: a group marks itself touched.
   */
  private final ObjectArrayList<Aggregation.Group> touchedGroups = new ObjectArrayList<>();
  private final ObjectArrayList<Object[]> touchedBefore = new ObjectArrayList<>();
  /** The state time-to-live, by group; null: none. */
  private final StateTtl<Aggregation.Group> ttl;
  private final int ttlTime;
  /** Mini-batch over an insert-only batch: each row's group, reused between batches. */
  private Aggregation.Group[] groupOfRow = new Aggregation.Group[0];

  GroupAggregate(GroupAggregateSpec spec) {
    super(spec.outputSchema());
    this.miniBatch = spec.miniBatch();
    this.aggregation = new Aggregation(spec.inputSchema(), spec.keyArray(), spec.calls());
    this.everyRowChanges = aggregation.everyRowChangesTheResult();
    this.ttl = spec.stateTtl() == 0 ? null : new StateTtl<>(spec.stateTtl());
    this.ttlTime = spec.ttlTime();
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    aggregation.reportTo(context.errors(), context.name());
  }

  @Override
  public void processBatch(int input, Batch batch) {
    // two methods, not one with a flag: each compiles to what its mode runs, and smaller
    emit(miniBatch ? foldBatch(batch) : changePerRow(batch));
  }

  /** Without mini-batch: each row emits its group's change. */
  private BatchBuilder changePerRow(Batch batch) {
    BatchBuilder out = new BatchBuilder(outputSchema, batch.size() * 2);
    for (int r = 0; r < batch.size(); r++) {
      boolean retract = !batch.kind(r).isAccumulate();
      Object key = aggregation.probe(batch, r);
      long time = ttl == null || batch.column(ttlTime).isNull(r) ? Long.MIN_VALUE : batch.column(ttlTime).getLong(r);
      if (time != Long.MIN_VALUE) {
        freeIfExpired(key, time);
      }
      Aggregation.Group group = groupOf(key, batch, r, retract);
      if (group == null) {
        continue;
      }
      Object[] before = aggregation.result(group);
      aggregation.accumulate(group, batch, r, retract);
      Object[] after = aggregation.result(group);
      if (after == null) {
        groups.remove(key);
        if (ttl != null) {
          ttl.forget(group);
        }
      } else if (time != Long.MIN_VALUE) {
        ttl.touch(group, time);
      }
      Aggregation.emitChange(out, before, after, everyRowChanges);
    }
    return out;
  }

  /** Mini-batch: the batch's rows are folded into their groups, and each group touched emits one change. */
  private BatchBuilder foldBatch(Batch batch) {
    if (batch.insertOnly()) {
      // the groups first, then the rows into them call by call
      if (groupOfRow.length < batch.size()) {
        groupOfRow = new Aggregation.Group[batch.size()];
      }
      for (int r = 0; r < batch.size(); r++) {
        groupOfRow[r] = touch(groupOf(aggregation.probe(batch, r), batch, r, false));
      }
      aggregation.accumulateInserts(groupOfRow, batch);
      Arrays.fill(groupOfRow, 0, batch.size(), null);
      return flushTouched();
    }
    for (int r = 0; r < batch.size(); r++) {
      boolean retract = !batch.kind(r).isAccumulate();
      Aggregation.Group group = groupOf(aggregation.probe(batch, r), batch, r, retract);
      if (group != null) {
        aggregation.accumulate(touch(group), batch, r, retract);
      }
    }
    return flushTouched();
  }

  /** Mini-batch: the first time the batch touches {@code group}, its result before the batch is noted. */
  private Aggregation.Group touch(Aggregation.Group group) {
    if (!group.touched) {
      group.touched = true;
      touchedGroups.add(group);
      touchedBefore.add(aggregation.result(group));
    }
    return group;
  }

  /**
   * The group of row {@code r}, whose key is {@code key} (perhaps the aggregation's probe), created when new;
   * null for a row that takes back from a group that does not exist.
   */
  private Aggregation.Group groupOf(Object key, Batch batch, int r, boolean retract) {
    Aggregation.Group group = groups.get(key);
    if (group == null && !retract) {
      group = aggregation.newGroup(aggregation.keyValues(batch, r));
      groups.put(aggregation.keep(key), group);
    }
    return group;
  }

  private BatchBuilder flushTouched() {
    BatchBuilder out = new BatchBuilder(outputSchema, 2 * touchedGroups.size());
    for (int i = 0; i < touchedGroups.size(); i++) {
      Aggregation.Group group = touchedGroups.get(i);
      group.touched = false;
      Object[] after = aggregation.result(group);
      if (after == null) {
        groups.remove(aggregation.keyOf(group.keyValues));
      }
      Aggregation.emitChange(out, touchedBefore.get(i), after);
    }
    touchedGroups.clear();
    touchedBefore.clear();
    return out;
  }

  /** Frees the group of {@code key} when a row at {@code time} comes the ttl or more after its latest row. */
  private void freeIfExpired(Object key, long time) {
    Aggregation.Group group = groups.get(key);
    if (group != null && ttl.expired(group, time)) {
      ttl.forget(group);
      groups.remove(key);
    }
  }

  @Override
  public void processWatermark(Watermark watermark) {
    if (ttl != null) {
      ttl.advance(watermark.timestamp(), this::expire);
    }
    context.output().emitWatermark(watermark);
  }

  /** Frees {@code group}, whose time-to-live is up. */
  private void expire(Aggregation.Group group) {
    groups.remove(aggregation.keyOf(group.keyValues));
  }

  /** One entry per group. */
  @Override
  public long stateEntries() {
    return groups.size();
  }

  @Override
  public long stateBytes() {
    return groups.size() * (aggregation.groupBytes() + (ttl == null ? 0 : StateTtl.BYTES_PER_KEY));
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeInt(groups.size());
    for (Aggregation.Group group : groups.values()) {
      aggregation.write(out, group);
      if (ttl != null) {
        out.writeLong(ttl.stampOf(group));
      }
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    groups.clear();
    if (ttl != null) {
      ttl.clear();
    }
    int n = in.readInt();
    // sized for every group at once: a snapshot lists groups in the order of their old table, and put into a
    // table that doubles on the way they crowd into part of it and each insert probes through the crowd
    groups.ensureCapacity(n);
    for (int i = 0; i < n; i++) {
      Aggregation.Group group = aggregation.read(in);
      groups.put(aggregation.keyOf(group.keyValues), group);
      if (ttl != null) {
        ttl.restore(group, in.readLong());
      }
    }
  }
}
