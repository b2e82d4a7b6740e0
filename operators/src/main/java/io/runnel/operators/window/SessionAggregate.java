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
import io.runnel.operators.state.ValueCodec;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Session windows: per key, a row at {@code t} opens the window {@code [t, t + gap)}, and windows that
 * touch or overlap merge (their accumulators too). A session fires once the watermark reaches its last
 * millisecond, emits one {@code +I} row and is freed. A row whose session would already have fired is
 * late and goes to the late sink. Insert-only input.
 *
 * <p>With an early-fire interval, each time the clock passes a multiple of it every open session that
 * changed since its last emission emits its current row ({@code +I} the first time, then {@code -U} of
 * the row last emitted and {@code +U} of the new one); a session absorbed by a merge after it was emitted
 * is taken back ({@code -D}) when the session that absorbed it is next emitted. When the session fires it
 * emits only the change from its last early row. What each session last emitted is part of the snapshot.
 *
 * <p>Sessions wait to fire in a queue of timers ordered by end, then by the order sessions were opened. A
 * row that extends a session leaves its timer as it is: when the timer comes due, a session that has
 * since grown is queued again at its new end, and one absorbed by a merge or fired is dropped. So a row
 * costs no queue operation unless it opens a session, and sessions still fire in order of end.
 */
public final class SessionAggregate extends BaseOperator {
  private final SessionAggregateSpec spec;
  private final Aggregation aggregation;
  private final Object2ObjectOpenHashMap<Object, ObjectArrayList<Session>> byKey = new Object2ObjectOpenHashMap<>();
  /** One timer for each open session, at its end when the timer was queued (its end now, or earlier). */
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private long watermark = Long.MIN_VALUE;
  private long nextId;
  /** Sessions open: made, and neither fired nor merged into another. */
  private long openSessions;
  /** What a {@link Session} adds to its group: the session, its place in its key's list, and its timer. */
  private static final long SESSION_BYTES = 64 + StateSize.REFERENCE + 24;
  /** Early results: whether any open session changed since the last early emission. */
  private boolean anyChanged;
  /** Early results: the last multiple of the interval the clock was seen in ({@code floor(now / interval)}). */
  private long tick = Long.MIN_VALUE;

  private static final class Session {
    final long id;
    final Object key;
    final Aggregation.Group group;
    long start;
    long end;
    /** Early results: the row last emitted for this session, or null. */
    Object[] emitted;
    /** Early results: rows emitted for sessions merged into this one, to take back with its next emission. */
    ObjectArrayList<Object[]> retired;
    /** Early results: changed since its last emission. */
    boolean changed;
    /** Fired, or absorbed by a merge: its timer is dropped when it comes due. */
    boolean closed;

    Session(long id, Object key, Aggregation.Group group, long start, long end) {
      this.id = id;
      this.key = key;
      this.group = group;
      this.start = start;
      this.end = end;
    }
  }

  /** A session's timer: due when the watermark reaches {@code end - 1}; ordered by end, then by the session's id. */
  private record Timer(long end, Session session) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer other) {
      int c = Long.compare(end, other.end);
      return c != 0 ? c : Long.compare(session.id, other.session.id);
    }
  }

  /** Queues the timer of {@code s}, a session just opened (or restored), at its end. */
  private void schedule(Session s) {
    timers.add(new Timer(s.end, s));
  }

  /**
   * Open sessions (only those changed since their last early emission, if {@code changedOnly}) in the
   * order they fire: by end, then by the order they were opened.
   */
  private List<Session> inFiringOrder(boolean changedOnly) {
    List<Session> all = new ArrayList<>();
    for (ObjectArrayList<Session> sessions : byKey.values()) {
      for (Session s : sessions) {
        if (s.changed || !changedOnly) {
          all.add(s);
        }
      }
    }
    all.sort(Comparator.comparingLong((Session s) -> s.end).thenComparingLong(s -> s.id));
    return all;
  }

  SessionAggregate(SessionAggregateSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.aggregation = new Aggregation(spec.inputSchema(), spec.keyArray(), spec.calls());
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    aggregation.reportTo(context.errors(), context.name());
    if (spec.earlyFire() > 0) {
      tick = Math.floorDiv(context.clock().millis(), spec.earlyFire());
    }
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
      Object probe = aggregation.probe(batch, r); // refilled every row: stored only as a copy
      ObjectArrayList<Session> sessions = byKey.get(probe);
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
      Object key = null; // what a new session stores: a copy of the probe, or the key its key's sessions hold
      if (sessions == null) {
        sessions = new ObjectArrayList<>(2);
        key = aggregation.keep(probe);
        byKey.put(key, sessions);
      }
      if (target == null) {
        key = key != null ? key : sessions.get(0).key; // a key's list leaves the map when it empties
        target = new Session(nextId++, key, aggregation.newGroup(aggregation.keyValues(batch, r)), start, end);
        sessions.add(target);
        schedule(target);
        openSessions++;
      } else {
        for (int i = sessions.size() - 1; i >= 0; i--) {
          Session s = sessions.get(i);
          if (s != target && s.start <= end && start <= s.end) {
            aggregation.merge(target.group, s.group);
            absorbEmitted(target, s);
            s.closed = true;
            sessions.remove(i);
            openSessions--;
          }
        }
        target.start = start;
        target.end = end; // its timer stays where it is, and is queued again at this end when it comes due
      }
      aggregation.accumulate(target.group, batch, r, false);
      if (spec.earlyFire() > 0) {
        target.changed = true;
        anyChanged = true;
      }
    }
  }

  /** What {@code absorbed} emitted early is taken back when {@code target}, which absorbs it, is next emitted. */
  private static void absorbEmitted(Session target, Session absorbed) {
    if (absorbed.retired != null) {
      retire(target, absorbed.retired);
    }
    if (absorbed.emitted == null) {
      return;
    }
    if (target.emitted == null) {
      target.emitted = absorbed.emitted; // the merged session's next row updates it
    } else {
      retire(target, List.<Object[]>of(absorbed.emitted));
    }
  }

  private static void retire(Session target, List<Object[]> rows) {
    if (target.retired == null) {
      target.retired = new ObjectArrayList<>(rows.size());
    }
    target.retired.addAll(rows);
  }

  /** Emits the change from what {@code s} emitted early (and the sessions it absorbed) to {@code result}. */
  private static void emitEarly(BatchBuilder out, Session s, Object[] result) {
    if (s.retired != null) {
      for (Object[] row : s.retired) {
        out.add(RowKind.DELETE, row);
      }
      s.retired = null;
    }
    Aggregation.emitChange(out, s.emitted, result);
    s.emitted = result;
    s.changed = false;
  }

  /** With an early-fire interval, a clock past the next multiple of it emits the sessions that changed. */
  @Override
  public void processTime(long now) {
    if (spec.earlyFire() <= 0) {
      return;
    }
    long t = Math.floorDiv(now, spec.earlyFire());
    if (t <= tick) {
      return;
    }
    boolean first = tick == Long.MIN_VALUE;
    tick = t;
    if (first || !anyChanged) {
      return;
    }
    BatchBuilder out = new BatchBuilder(outputSchema, 16);
    for (Session s : inFiringOrder(true)) {
      emitEarly(out, s, aggregation.result(s.group, s.start, s.end, s.end - 1));
    }
    anyChanged = false;
    emit(out);
  }

  @Override
  public void processWatermark(Watermark next) {
    watermark = Math.max(watermark, next.timestamp());
    BatchBuilder out = new BatchBuilder(outputSchema, 16);
    while (!timers.isEmpty() && timers.peek().end() - 1 <= watermark) {
      Timer timer = timers.poll();
      Session s = timer.session();
      if (s.closed) {
        continue;
      }
      if (s.end != timer.end()) { // grown since: due later
        timers.add(new Timer(s.end, s));
        continue;
      }
      s.closed = true;
      openSessions--;
      ObjectArrayList<Session> sessions = byKey.get(s.key);
      sessions.remove(s);
      if (sessions.isEmpty()) {
        byKey.remove(s.key);
      }
      Object[] result = aggregation.result(s.group, s.start, s.end, s.end - 1);
      if (spec.earlyFire() > 0) {
        emitEarly(out, s, result); // the final row, as a correction of the last early one when there was one
      } else {
        out.add(RowKind.INSERT, result);
      }
    }
    emit(out);
    context.output().emitWatermark(next);
  }

  /** One entry per open session. */
  @Override
  public long stateEntries() {
    return openSessions;
  }

  @Override
  public long stateBytes() {
    return openSessions * (aggregation.groupBytes() + SESSION_BYTES);
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(watermark);
    out.writeLong(nextId);
    List<Session> open = inFiringOrder(false);
    out.writeInt(open.size());
    for (Session s : open) {
      out.writeLong(s.id);
      out.writeLong(s.start);
      out.writeLong(s.end);
      aggregation.write(out, s.group);
      if (spec.earlyFire() > 0) {
        out.writeBoolean(s.changed);
        out.writeBoolean(s.emitted != null);
        if (s.emitted != null) {
          ValueCodec.writeRow(out, s.emitted);
        }
        out.writeInt(s.retired == null ? 0 : s.retired.size());
        if (s.retired != null) {
          for (Object[] row : s.retired) {
            ValueCodec.writeRow(out, row);
          }
        }
      }
    }
    if (spec.earlyFire() > 0) {
      out.writeLong(tick);
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    byKey.clear();
    timers.clear();
    anyChanged = false;
    watermark = in.readLong();
    nextId = in.readLong();
    int n = in.readInt();
    openSessions = n;
    for (int i = 0; i < n; i++) {
      long id = in.readLong();
      long start = in.readLong();
      long end = in.readLong();
      Aggregation.Group group = aggregation.read(in);
      Object key = aggregation.keyOf(group.keyValues());
      Session s = new Session(id, key, group, start, end);
      if (spec.earlyFire() > 0) {
        s.changed = in.readBoolean();
        anyChanged |= s.changed;
        s.emitted = in.readBoolean() ? ValueCodec.readRow(in) : null;
        int retired = in.readInt();
        for (int r = 0; r < retired; r++) {
          retire(s, List.<Object[]>of(ValueCodec.readRow(in)));
        }
      }
      schedule(s);
      byKey.computeIfAbsent(key, k -> new ObjectArrayList<>()).add(s);
    }
    // sessions of a key are kept in the order they were opened: merging keeps the earliest
    byKey.values().forEach(list -> list.sort(Comparator.comparingLong((Session s) -> s.id)));
    if (spec.earlyFire() > 0) {
      tick = in.readLong();
    }
  }
}
