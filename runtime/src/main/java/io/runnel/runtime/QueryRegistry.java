package io.runnel.runtime;

import io.runnel.EngineConfig;
import io.runnel.StatementResult;
import io.runnel.operators.types.Timestamps;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.PlannedQuery;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.query.QueryLauncher;
import io.runnel.runtime.query.RunningQuery;
import io.runnel.runtime.query.StartPositions;
import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.CheckpointStore;
import io.runnel.runtime.checkpoint.Checkpointing;
import io.runnel.runtime.journal.InputJournal;
import io.runnel.runtime.store.ProducedOutput;
import io.runnel.runtime.store.RelationStore;
import io.runnel.parser.ast.Pos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The queries {@code SHOW QUERIES} lists: standing SELECTs, which live as long as their handle, and
 * persistent queries ({@code INSERT INTO ... SELECT} over unbounded input), which are entries of the
 * catalog log ({@link StoredQuery}) and run while the engine runs until {@code TERMINATE QUERY}.
 *
 * <p>When the engine opens again, each persistent query starts over from where it first began to read,
 * and writes only what its target does not hold yet: its output, late rows and errors are appended as its
 * own ({@link RelationStore#appendProduced}), so a query whose result is a function of its input logs
 * writes every row exactly once across restarts and crashes. A stored query that no longer plans (its
 * function's class is gone, say) is listed as failed with the reason, and everything else runs.
 *
 * <p>A persistent query that fails on its disk (full, or not writable: {@link ErrorCode#DISK_FULL}, {@link
 * ErrorCode#IO_ERROR}) is listed as failed with the reason and started again, from its checkpoint, every
 * {@link #RESTART_DELAY_MILLIS} until it runs: so it resumes by itself once space is back. A query that
 * fails for another reason stays failed.
 *
 * <p>Called with the engine's lock held; the restarts take it on a thread of their own.
 */
final class QueryRegistry {
  private static final String TERMINATE = "TERMINATE ";

  /** A listed query: persistent ({@code stored} not null) or a standing SELECT. */
  private static final class Entry {
    final String id;
    final String sql;
    final StoredQuery stored;
    RunningQuery running; // null while a stored query waits to start, or when it failed to plan
    String failure; // why a stored query did not start
    String target;
    List<String> sources = List.of();
    String lateStream;
    Checkpointing checkpointing; // null when the query does not checkpoint
    Statement.Insert insert; // what it was launched with, to launch it again
    PlannedQuery plan;

    Entry(String id, String sql, StoredQuery stored) {
      this.id = id;
      this.sql = sql;
      this.stored = stored;
    }
  }

  private final Relations relations;
  private final QueryLauncher launcher;
  private final EngineConfig config;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Object engineLock;
  private ScheduledExecutorService restarter; // started with the first persistent query
  private boolean stopped;
  private int nextId = 1;

  /** How long a persistent query that failed on its disk waits before it starts again. */
  static final long RESTART_DELAY_MILLIS = 2_000;

  /** {@code engineLock} is the lock its callers hold, which the restarts take. */
  QueryRegistry(Relations relations, QueryLauncher launcher, EngineConfig config, Object engineLock) {
    this.relations = relations;
    this.launcher = launcher;
    this.config = config;
    this.engineLock = engineLock;
  }

  /** A new query id; ids are never reused while the catalog log remembers a query by it. */
  String nextId() {
    return "q" + nextId++;
  }

  /** True for the catalog entries this registry keeps. */
  static boolean owns(String entry) {
    return entry.startsWith(StoredQuery.PREFIX) || entry.startsWith(TERMINATE);
  }

  /** Replays one of the catalog log's entries about queries; the queries start with {@link #startAll}. */
  void replay(String entry) {
    if (entry.startsWith(TERMINATE)) {
      entries.remove(entry.substring(TERMINATE.length()).trim());
      return;
    }
    StoredQuery stored = StoredQuery.decode(entry);
    entries.put(stored.id(), new Entry(stored.id(), stored.sql(), stored));
    String digits = stored.id().substring(1);
    if (stored.id().startsWith("q") && digits.matches("[0-9]{1,9}")) {
      nextId = Math.max(nextId, Integer.parseInt(digits) + 1);
    }
  }

  /** Starts every stored query the catalog log replayed; one that fails to plan is listed as failed. */
  void startAll() {
    for (Entry e : entries.values()) {
      if (e.stored != null && e.running == null) {
        try {
          Statement.Insert insert = (Statement.Insert) SqlParser.parseStatement(e.sql);
          PlannedQuery plan = e.stored.options().planner(relations.catalog()).planInsert(insert);
          launch(e, insert, plan);
        } catch (RunnelException | ClassCastException ex) {
          e.failure = ex.getMessage();
          relations.errors().report(e.id, "persistent query " + e.id + " could not be started: " + ex.getMessage(), e.sql);
        }
      }
    }
  }

  /**
   * Registers and starts a persistent query: stored first, so that it resumes after a restart. It reads
   * its streams from their start unless the session says {@code 'latest'}, and then from the rows they hold
   * now, which the entry records.
   */
  StatementResult.PersistentQuery register(Statement.Insert insert, String text, PlannedQuery plan, SessionOptions options) {
    RelationDef target = (RelationDef) relations.catalog().resolve(insert.target().value(), insert.target().pos());
    refuseLoop(insert, target.name(), plan.sources());
    Map<String, long[]> start = new HashMap<>();
    if (options.latestForPersistent()) {
      for (String source : plan.sources()) {
        RelationStore store = relations.store(source);
        long[] rows = new long[store.partitions()];
        for (int p = 0; p < rows.length; p++) {
          rows[p] = store.rowCount(p);
        }
        start.put(source, rows);
      }
    }
    StoredQuery stored = new StoredQuery(nextId(), text, options, start);
    relations.log(stored.encode());
    Entry e = new Entry(stored.id(), text, stored);
    entries.put(e.id, e);
    launch(e, insert, plan);
    return new StatementResult.PersistentQuery(e.running, target.name());
  }

  private void launch(Entry e, Statement.Insert insert, PlannedQuery plan) {
    RelationDef target = (RelationDef) relations.catalog().resolve(insert.target().value(), insert.target().pos());
    SessionOptions options = e.stored.options();
    StoredQuery stored = e.stored;
    StartPositions start = stored.start().isEmpty() ? StartPositions.EARLIEST : (vertex, relation, partition) -> stored.startRow(relation, partition);
    ProducedOutput result = new ProducedOutput(relations.store(target.name()), e.id);
    ProducedOutput errorRows = new ProducedOutput(relations.errors().store(), e.id);
    SystemLate lateStream = options.lateStream() == null ? relations.late() : new SystemLate(lateStore(options.lateStream()), config.clock());
    ProducedOutput lateRows = new ProducedOutput(lateStream.store(), e.id);
    Checkpointing checkpointing = null;
    if (options.parallelism() == 1) {
      // a checkpoint of several tasks needs their inputs aligned across the exchange: such a query replays
      checkpointing =
          new Checkpointing(
              new CheckpointStore(relations.checkpointDir(e.id)),
              PlanFacts.fingerprint(plan),
              options.checkpointIntervalMillis(),
              Map.of("result", result, "errors", errorRows, "late", lateRows),
              PlanFacts.logsRead(plan, relations) > 1 ? InputJournal.open(relations.journalDir(e.id)) : null,
              (reason, failure) -> relations.errors().report(e.id, reason, null));
    }
    e.running =
        launcher.persistent(
            e.id, e.sql, plan, start, result, lateStream.producedBy(lateRows), relations.errors().producedBy(errorRows), options.parallelism(), checkpointing);
    e.running.setSources(plan.sources(), plan.sources().stream().allMatch(r -> relations.store(r).bounded()));
    e.checkpointing = checkpointing;
    e.target = target.name();
    e.sources = plan.sources();
    e.lateStream = options.lateStream();
    e.failure = null;
    e.insert = insert;
    e.plan = plan;
    if (restarter == null) {
      restarter =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "runnel-query-restarts");
                t.setDaemon(true);
                return t;
              });
      restarter.scheduleWithFixedDelay(this::restartFailedOnDisk, RESTART_DELAY_MILLIS, RESTART_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts again each persistent query that failed on its disk. Its checkpoint gives where it resumes, and
   * the rows its target already holds are skipped, so its output stays exactly once.
   */
  private void restartFailedOnDisk() {
    synchronized (engineLock) {
      if (stopped) {
        return;
      }
      for (Entry e : new ArrayList<>(entries.values())) {
        if (e.stored != null && e.running != null && e.running.bounded() && "DONE".equals(e.running.status())) {
          finish(e.id); // a bounded query resumed after a restart has delivered all it had to
          continue;
        }
        if (!failedOnDisk(e)) {
          continue;
        }
        try {
          launch(e, e.insert, e.plan);
        } catch (RuntimeException ex) {
          if (!onDisk(ex)) { // the query cannot start any more (its late stream is gone, say): it stays failed
            e.running = null;
            e.failure = ex.getMessage();
          }
        }
      }
    }
  }

  private static boolean failedOnDisk(Entry e) {
    return e.stored != null && e.running != null && e.running.isDone() && onDisk(e.running.failure());
  }

  /** True if {@code failure} is, or was caused by, a log or file that could not be written. */
  private static boolean onDisk(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RunnelException r && (r.code() == ErrorCode.DISK_FULL || r.code() == ErrorCode.IO_ERROR)) {
        return true;
      }
    }
    return false;
  }

  private RelationStore lateStore(String name) {
    if (relations.catalog().find(name).isEmpty()) {
      throw new RunnelException(
          ErrorCode.UNKNOWN_RELATION, null, "The late stream '" + name + "' no longer exists", "SET 'window.late-stream' to another stream, or RESET it.");
    }
    return relations.store(name);
  }

  /**
   * Refuses a query whose output would flow back into what it reads, directly ({@code INSERT INTO s SELECT
   * ... FROM s}) or through other persistent queries: it would feed on itself until the disk is full.
   */
  private void refuseLoop(Statement.Insert insert, String target, List<String> sources) {
    Set<String> reached = new HashSet<>();
    List<String> frontier = new ArrayList<>(List.of(key(target)));
    while (!frontier.isEmpty()) {
      String relation = frontier.remove(frontier.size() - 1);
      if (!reached.add(relation)) {
        continue;
      }
      for (String source : sources) {
        if (key(source).equals(relation)) {
          String via = relation.equals(key(target)) ? "" : " (through the persistent queries that read " + target + ")";
          throw new RunnelException(
              ErrorCode.UNSUPPORTED,
              insert.target().pos(),
              "The query reads " + source + " and would write into it" + via + ": its output would feed on itself",
              "Write into another stream.");
        }
      }
      for (Entry e : entries.values()) {
        if (e.running != null && !e.running.isDone() && e.sources.stream().anyMatch(s -> key(s).equals(relation))) {
          frontier.add(key(e.target));
        }
      }
    }
  }

  /**
   * Ends a persistent query over bounded input that has delivered its whole result: it is terminated in
   * the catalog log and its state is freed. Until then (after a crash, say) it resumes when the engine opens
   * and finishes its work; its output is still written once.
   */
  void finish(String id) {
    Entry e = entries.remove(id);
    if (e != null && e.stored != null) {
      relations.log(TERMINATE + id);
      new CheckpointStore(relations.checkpointDir(id)).deleteAll();
      InputJournal.delete(relations.journalDir(id));
    }
  }

  /**
   * Waits until every persistent query whose output flows into {@code relations}, directly or through
   * other persistent queries, has processed what was appended to its inputs before this call: the
   * farthest upstream first, so that each one's output is in place before the next one is waited for. A
   * read that starts after an insert then sees the insert's effect. Fails (RUN-1404) naming the query that
   * did not catch up within {@code timeoutMillis}; 0 waits for nothing.
   */
  void awaitUpstream(Collection<String> relations, long timeoutMillis, Pos pos) {
    if (timeoutMillis <= 0) {
      return;
    }
    Map<String, Integer> depth = new HashMap<>(); // query id -> its longest distance upstream of the read
    List<String> frontier = new ArrayList<>();
    relations.forEach(r -> frontier.add(key(r)));
    for (int level = 1; !frontier.isEmpty() && level <= entries.size(); level++) {
      List<String> next = new ArrayList<>();
      for (Entry e : entries.values()) {
        if (e.stored != null && e.running != null && e.target != null && frontier.contains(key(e.target))) {
          depth.merge(e.id, level, Math::max);
          e.sources.forEach(s -> next.add(key(s)));
        }
      }
      frontier.clear();
      frontier.addAll(next);
    }
    List<String> upstreamFirst = new ArrayList<>(depth.keySet());
    upstreamFirst.sort((a, b) -> depth.get(b) - depth.get(a));
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    for (String id : upstreamFirst) {
      RunningQuery q = entries.get(id).running;
      boolean caughtUp;
      try {
        caughtUp = q.sync(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        caughtUp = false;
      }
      if (!caughtUp) {
        throw new RunnelException(
            ErrorCode.UPSTREAM_TIMEOUT,
            pos,
            "Query " + id + ", whose output this query reads, did not catch up with its input within " + timeoutMillis + " ms",
            "SHOW QUERIES shows its lag. Read again later, or SET 'read.wait' = '0' to read without waiting.");
      }
    }
  }

  /** Lists a standing SELECT until it is done and another starts. */
  void addSelect(RunningQuery query, String lateStream) {
    entries.values().removeIf(e -> e.stored == null && e.running.isDone());
    Entry e = new Entry(query.id(), query.sql(), null);
    e.running = query;
    e.sources = query.sources();
    e.lateStream = lateStream;
    entries.put(e.id, e);
  }

  /** Stops query {@code id}; a persistent one is gone for good, its entry ended in the catalog log. */
  StatementResult terminate(Statement.Terminate terminate) {
    Entry e = entries.get(terminate.queryId());
    if (e == null) {
      throw new RunnelException(
          ErrorCode.UNKNOWN_QUERY,
          terminate.pos(),
          "No query '" + terminate.queryId() + "'",
          entries.isEmpty() ? "No query is running." : "Running: " + String.join(", ", entries.keySet()) + ".");
    }
    if (e.running != null) {
      e.running.stop();
    }
    if (e.stored != null) {
      relations.log(TERMINATE + e.id);
      new CheckpointStore(relations.checkpointDir(e.id)).deleteAll(); // its state is freed
      InputJournal.delete(relations.journalDir(e.id));
    }
    entries.remove(e.id);
    return new StatementResult.Ok("Terminated query " + e.id);
  }

  /**
   * The query that keeps {@code relation} from being dropped, and how it uses it ("reading", "writing
   * into", "writing its late rows to"), or null.
   */
  String[] user(String relation) {
    for (Entry e : entries.values()) {
      // a query failed on its disk starts again: what it reads and writes must stay
      boolean live = e.running != null ? !e.running.isDone() || failedOnDisk(e) : e.stored != null;
      if (!live) {
        continue;
      }
      if (e.sources.stream().anyMatch(s -> s.equalsIgnoreCase(relation))) {
        return new String[] {e.id, "reading"};
      }
      if (relation.equalsIgnoreCase(e.target)) {
        return new String[] {e.id, "writing into"};
      }
      if (relation.equalsIgnoreCase(e.lateStream)) {
        return new String[] {e.id, "writing its late rows to"};
      }
    }
    return null;
  }

  static final List<io.runnel.Column> COLUMNS =
      List.of(
          new io.runnel.Column("id", "VARCHAR"),
          new io.runnel.Column("kind", "VARCHAR"),
          new io.runnel.Column("status", "VARCHAR"),
          new io.runnel.Column("rows_in", "BIGINT"),
          new io.runnel.Column("rows_out", "BIGINT"),
          new io.runnel.Column("lag_rows", "BIGINT"),
          new io.runnel.Column("watermark", "VARCHAR"),
          new io.runnel.Column("sql", "VARCHAR"),
          new io.runnel.Column("error", "VARCHAR"),
          new io.runnel.Column("checkpoint", "VARCHAR"));

  /** SHOW QUERIES: one row a query, in the order they were started. */
  List<List<Object>> rows() {
    List<List<Object>> rows = new ArrayList<>();
    for (Entry e : entries.values()) {
      String kind = e.stored != null ? "PERSISTENT" : "SELECT";
      List<Object> row = new ArrayList<>(List.of(e.id, kind));
      if (e.running == null) {
        row.addAll(java.util.Arrays.asList("FAILED", 0L, 0L, 0L, null, e.sql, e.failure, null));
      } else {
        var stats = e.running.stats();
        Throwable failure = e.running.failure();
        row.addAll(
            java.util.Arrays.asList(
                e.running.status(),
                stats.rowsIn(),
                stats.rowsOut(),
                e.running.lagRows(),
                stats.watermark() == Long.MIN_VALUE ? null : stats.watermark() == Long.MAX_VALUE ? "end of input" : Timestamps.format(stats.watermark()),
                e.sql,
                failure == null ? null : failure.getMessage(),
                describe(e.checkpointing)));
      }
      rows.add(row);
    }
    return rows;
  }

  RunningQuery handle(String id) {
    Entry e = entries.get(id);
    if (e == null) {
      throw new RunnelException(ErrorCode.UNKNOWN_QUERY, null, "No query '" + id + "'", entries.isEmpty() ? "No query is running." : "Queries: " + String.join(", ", entries.keySet()) + ".");
    }
    if (e.running == null) {
      throw new RunnelException(ErrorCode.UNKNOWN_QUERY, null, "Query " + id + " did not start: " + e.failure, "Fix what it reads and open the engine again, or TERMINATE QUERY " + id + ".");
    }
    return e.running;
  }

  /** The last checkpoint: its epoch and the bytes of state it holds. */
  private static String describe(Checkpointing checkpointing) {
    Checkpoint last = checkpointing == null ? null : checkpointing.last();
    return last == null ? null : "epoch " + last.epoch() + ", " + last.stateBytes() + " bytes of state";
  }

  List<String> ids() {
    return new ArrayList<>(entries.keySet());
  }

  /** Stops every query, leaving persistent ones stored, to resume when the engine opens again. */
  void stopAll() {
    stopped = true;
    if (restarter != null) {
      restarter.shutdownNow();
    }
    entries.values().forEach(e -> {
      if (e.running != null) {
        e.running.stop();
      }
    });
    entries.clear();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
