package io.runnel.operators.window;

import io.runnel.operators.agg.Aggregation;
import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.RowKind;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * Session windows: per key, a row at {@code t} opens the window {@code [t, t + gap)}, and windows that
 * touch or overlap merge (their accumulators too). A session fires once the watermark reaches its last
 * millisecond, emits one {@code +I} row and is freed. A row whose session would already have fired is
 * late and goes to the late sink. Insert-only input.
 */
public final class SessionAggregate extends BaseOperator {
  private final SessionAggregateSpec spec;
  private final Aggregation aggregation;
  private final Object2ObjectOpenHashMap<Object, ObjectArrayList<Session>> byKey = new Object2ObjectOpenHashMap<>();
  private final TreeSet<Session> byEnd =
      new TreeSet<>(Comparator.comparingLong((Session s) -> s.end).thenComparingLong(s -> s.id));
  private long watermark = Long.MIN_VALUE;
  private long nextId;

  private static final class Session {
    final long id;
    final Object key;
    final Aggregation.Group group;
    long start;
    long end;

    Session(long id, Object key, Aggregation.Group group, long start, long end) {
      this.id = id;
      this.key = key;
      this.group = group;
      this.start = start;
      this.end = end;
    }
  }

  SessionAggregate(SessionAggregateSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.aggregation = new Aggregation(spec.keyArray(), spec.calls());
  }

  @Override
  public void processBatch(int input, Batch batch) {
    Column time = batch.column(spec.timeColumn());
    for (int r = 0; r < batch.size(); r++) {
      if (batch.kind(r) != RowKind.INSERT) {
        throw new IllegalStateException("session windows take insert-only input; the planner checks this");
      }
      if (time.isNull(r)) {
        context.errors().report(context.name(), "the event time " + spec.inputSchema().name(spec.timeColumn()) + " is NULL: the row belongs to no session", batch.format(r));
        continue;
      }
      long ts = time.getLong(r);
      long start = ts;
      long end = ts + spec.gap();
      Object key = aggregation.key(batch, r);
      ObjectArrayList<Session> sessions = byKey.get(key);
      Session target = null;
      if (sessions != null) {
        for (Session s : sessions) {
          if (s.start <= end && start <= s.end) {
            start = Math.min(start, s.start);
            end = Math.max(end, s.end);
            if (target == null) {
              target = s;
            }
          }
        }
      }
      if (end - 1 <= watermark) {
        context.late().late(context.name(), ts, watermark, batch.format(r));
        continue;
      }
      if (sessions == null) {
        sessions = new ObjectArrayList<>(2);
        byKey.put(key, sessions);
      }
      if (target == null) {
        target = new Session(nextId++, key, aggregation.newGroup(aggregation.keyValues(batch, r)), start, end);
        sessions.add(target);
      } else {
        byEnd.remove(target);
        for (int i = sessions.size() - 1; i >= 0; i--) {
          Session s = sessions.get(i);
          if (s != target && s.start <= end && start <= s.end) {
            aggregation.merge(target.group, s.group);
            byEnd.remove(s);
            sessions.remove(i);
          }
        }
        target.start = start;
        target.end = end;
      }
      byEnd.add(target);
      aggregation.accumulate(target.group, batch, r, false);
    }
  }

  @Override
  public void processWatermark(Watermark next) {
    watermark = Math.max(watermark, next.timestamp());
    BatchBuilder out = new BatchBuilder(outputSchema, 16);
    while (!byEnd.isEmpty() && byEnd.first().end - 1 <= watermark) {
      Session s = byEnd.pollFirst();
      ObjectArrayList<Session> sessions = byKey.get(s.key);
      sessions.remove(s);
      if (sessions.isEmpty()) {
        byKey.remove(s.key);
      }
      out.add(RowKind.INSERT, aggregation.result(s.group, s.start, s.end, s.end - 1));
    }
    emit(out);
    context.output().emitWatermark(next);
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(watermark);
    out.writeLong(nextId);
    out.writeInt(byEnd.size());
    for (Session s : byEnd) {
      out.writeLong(s.id);
      out.writeLong(s.start);
      out.writeLong(s.end);
      aggregation.write(out, s.group);
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    byKey.clear();
    byEnd.clear();
    watermark = in.readLong();
    nextId = in.readLong();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      long id = in.readLong();
      long start = in.readLong();
      long end = in.readLong();
      Aggregation.Group group = aggregation.read(in);
      Object key = aggregation.keyOf(group.keyValues());
      Session s = new Session(id, key, group, start, end);
      byEnd.add(s);
      byKey.computeIfAbsent(key, k -> new ObjectArrayList<>()).add(s);
    }
    // sessions of a key are kept in the order they were opened: merging keeps the earliest
    byKey.values().forEach(list -> list.sort(Comparator.comparingLong((Session s) -> s.id)));
  }
}
