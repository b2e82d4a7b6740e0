package io.runnel.runtime.query;

import io.runnel.Change;
import io.runnel.Column;
import io.runnel.QueryHandle;
import io.runnel.QueryStats;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/** A started query: its thread, its counters and, for a SELECT, the changes it hands to its user. */
public final class RunningQuery implements QueryHandle {
  private final String id;
  private final String sql;
  private final List<Column> columns;
  private final boolean updating;
  private final TaskGroup tasks;
  private final ChangeSink changes; // null for a query that writes into a log
  private final CompletionSink completion;
  private volatile List<String> sources = List.of();
  private volatile boolean bounded;

  RunningQuery(
      String id, String sql, List<Column> columns, boolean updating, TaskGroup tasks, ChangeSink changes, CompletionSink completion) {
    this.id = id;
    this.sql = sql;
    this.columns = List.copyOf(columns);
    this.updating = updating;
    this.tasks = tasks;
    this.changes = changes;
    this.completion = completion;
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
    while (System.nanoTime() < deadline) {
      if (isDone() || tasks.caughtUp(after)) {
        return true;
      }
      Thread.sleep(1);
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
    tasks.cancel();
    try {
      tasks.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String status() {
    if (!isDone()) {
      return tasks.reachedEnd() ? "RUNNING" : "CATCHING UP";
    }
    return failure() != null ? "FAILED" : tasks.cancelled() ? "CANCELLED" : "DONE";
  }
}
