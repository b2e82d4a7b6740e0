package io.runnel.runtime.query;

import io.runnel.Change;
import io.runnel.Column;
import io.runnel.QueryHandle;
import io.runnel.QueryStats;
import io.runnel.operators.dag.Vertex;
import io.runnel.planner.PlanOperator;
import io.runnel.planner.PlannedQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/** A started query: its thread, its counters and, for a SELECT, the changes it hands to its user. */
public final class RunningQuery implements QueryHandle {
  /** How often {@link #sync} looks whether the tasks have caught up: a round of an idle query takes microseconds. */
  private static final long SYNC_CHECK_NANOS = 50_000L;

  private final String id;
  private final String sql;
  private final List<Column> columns;
  private final boolean updating;
  private final TaskGroup tasks;
  private final ChangeSink changes; // null for a query that writes into a log
  private final CompletionSink completion;
  private final List<PlanOperator> operators;
  private final boolean[] sourceVertices;
  private volatile List<String> sources = List.of();
  private volatile boolean bounded;

  RunningQuery(String id, String sql, PlannedQuery plan, TaskGroup tasks, ChangeSink changes, CompletionSink completion) {
    this.id = id;
    this.sql = sql;
    this.columns = QueryLauncher.columns(plan.schema());
    this.updating = plan.updating();
    this.tasks = tasks;
    this.changes = changes;
    this.completion = completion;
    this.operators = plan.operators();
    this.sourceVertices = new boolean[plan.dag().vertices().size()];
    for (Vertex v : plan.dag().vertices()) {
      sourceVertices[v.id()] = !(v instanceof Vertex.Transform);
    }
  }

  void start() {
    tasks.start();
  }

  /** How many tasks run the query. */
  public int parallelism() {
    return tasks.parallelism();
  }

  /** The relations the query reads. */
  public List<String> sources() {
    return sources;
  }

  public void setSources(List<String> sources, boolean bounded) {
    this.sources = List.copyOf(sources);
    this.bounded = bounded;
  }

  @Override
  public boolean bounded() {
    return bounded;
  }

  /** True for a SELECT whose changes go to its handle, false for a query writing into a log. */
  public boolean changesQuery() {
    return changes != null;
  }

  public String sql() {
    return sql;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public boolean updating() {
    return updating;
  }

  @Override
  public void subscribe(Consumer<Change> consumer) {
    requireChanges().subscribe(consumer);
  }

  @Override
  public Iterator<Change> changes() {
    return requireChanges().iterator();
  }

  private ChangeSink requireChanges() {
    if (changes == null) {
      throw new IllegalStateException("query " + id + " writes into a stream; read the stream instead");
    }
    return changes;
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return completion.await(timeout.toMillis());
  }

  @Override
  public boolean sync(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    // the first round of each task to start after this call sees every row appended before it
    long[] after = tasks.nextRounds();
    tasks.wake(); // an idle task would start that round only when its park ends
    while (System.nanoTime() < deadline) {
      if (isDone() || tasks.caughtUp(after)) {
        return true;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      LockSupport.parkNanos(SYNC_CHECK_NANOS);
    }
    return isDone();
  }

  @Override
  public boolean isDone() {
    return completion.finished();
  }

  @Override
  public Throwable failure() {
    return completion.failure();
  }

  @Override
  public QueryStats stats() {
    long rowsIn = 0;
    long late = 0;
    long farAhead = 0;
    for (QueryCounters c : tasks.counters()) {
      rowsIn += c.rowsIn;
      late += c.lateRows;
      farAhead += c.farAheadRows;
    }
    // the result is gathered into the first task, which writes it out with its watermark
    QueryCounters first = tasks.counters().get(0);
    return new QueryStats(rowsIn, first.rowsOut, first.watermark, late, farAhead);
  }

  /** How many rows appended to the query's inputs it has yet to read (only inputs read from a known row count). */
  public long lagRows() {
    return tasks.lagRows();
  }

  /**
   * How far, in event time, the query's watermark is behind the newest event time it has read: how much of
   * what it has read its result does not hold as final yet (the inputs' declared delay, an input holding
   * the others back, windows kept open). Empty while either is unknown (no watermark, or no rows with an
   * event time); 0 once the input has ended.
   */
  public OptionalLong eventLagMillis() {
    long watermark = tasks.counters().get(0).watermark;
    if (watermark == Long.MAX_VALUE) {
      return OptionalLong.of(0);
    }
    long newest = Long.MIN_VALUE;
    for (QueryCounters c : tasks.counters()) {
      newest = Math.max(newest, c.newestEventTime);
    }
    return watermark == Long.MIN_VALUE || newest == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(Math.max(0, newest - watermark));
  }

  /** Each operator's progress, in EXPLAIN's order: rows and state summed over the tasks, the least watermark. */
  public List<OperatorProgress> operators() {
    List<OperatorProgress> out = new ArrayList<>();
    for (PlanOperator op : operators) {
      int v = op.vertex();
      long rowsIn = 0;
      long rowsOut = 0;
      long watermark = Long.MAX_VALUE;
      long entries = 0;
      long bytes = 0;
      for (VertexCounters c : tasks.vertexCounters()) {
        rowsIn += c.rowsIn(v);
        rowsOut += c.rowsOut(v);
        watermark = Math.min(watermark, c.watermark(v));
        entries += c.stateEntries(v);
        bytes += c.stateBytes(v);
      }
      out.add(new OperatorProgress(op, sourceVertices[v], rowsIn, rowsOut, watermark, entries, bytes));
    }
    return out;
  }

  /** Where the query is in each partition it reads, by source vertex and partition. */
  public List<InputProgress> inputs() {
    List<InputPartition> sorted = new ArrayList<>(tasks.inputs());
    sorted.sort(Comparator.comparingInt(InputPartition::vertex).thenComparingInt(InputPartition::partition));
    List<InputProgress> out = new ArrayList<>();
    for (InputPartition p : sorted) {
      out.add(new InputProgress(p.vertex(), p.name(), p.position(), p.lag(), p.watermark()));
    }
    return out;
  }

  /** The state of all its operators, as they estimate it ({@link io.runnel.operators.api.Operator#stateBytes}). */
  public long stateBytes() {
    long bytes = 0;
    for (VertexCounters c : tasks.vertexCounters()) {
      for (int v = 0; v < c.vertices(); v++) {
        bytes += c.stateBytes(v);
      }
    }
    return bytes;
  }

  @Override
  public void cancel() {
    if (!isDone()) { // a query that ended by itself stays DONE
      tasks.cancel();
    }
  }

  /** Ends the query with {@code reason} as its failure, and waits for its threads to end. */
  public void fail(RuntimeException reason) {
    tasks.fail(reason);
    stop();
  }

  /** Cancels and waits for the query's thread to end. */
  public void stop() {
    stop(STOP_WAIT_MILLIS);
  }

  /**
   * Cancels and waits up to {@code millis} for the query's threads to end: a persistent query's last
   * checkpoint, written as it stops, can take long when its state is large.
   */
  public void stop(long millis) {
    tasks.cancel();
    try {
      tasks.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final long STOP_WAIT_MILLIS = 10_000;

  public String status() {
    if (!isDone()) {
      return tasks.reachedEnd() ? "RUNNING" : "CATCHING UP";
    }
    return failure() != null ? "FAILED" : tasks.cancelled() ? "CANCELLED" : "DONE";
  }
}
