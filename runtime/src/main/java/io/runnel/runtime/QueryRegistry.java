package io.runnel.runtime;

import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.PlannedQuery;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.query.QueryLauncher;
import io.runnel.runtime.query.RunningQuery;
import io.runnel.runtime.query.StartPositions;
import io.runnel.runtime.checkpoint.CheckpointStore;
import io.runnel.runtime.checkpoint.Checkpointing;
import io.runnel.runtime.journal.InputJournal;
import io.runnel.runtime.store.ProducedOutput;
import io.runnel.runtime.store.RelationStore;
import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.parser.ast.Pos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  private final Relations relations;
  private final QueryLauncher launcher;
  private final Map<String, RegisteredQuery> entries = new LinkedHashMap<>();
  private final EngineLock lock;
  private ScheduledExecutorService restarter; // started with the first persistent query
  private boolean stopped;
  private int nextId = 1;

  /** How long a persistent query that failed on its disk waits before it starts again. */
  static final long RESTART_DELAY_MILLIS = 2_000;

  /** {@code lock} is the engine's, which its callers hold and the restarts take. */
  QueryRegistry(Relations relations, QueryLauncher launcher, EngineLock lock) {
    this.relations = relations;
    this.launcher = launcher;
    this.lock = lock;
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
    entries.put(stored.id(), new RegisteredQuery(stored.id(), stored.sql(), stored));
    taken(stored.id());
  }

  /** Notes that the catalog log names query {@code id}: no later query is given it. */
  void taken(String id) {
    String digits = id.substring(1);
    if (id.startsWith("q") && digits.matches("[0-9]{1,9}")) {
      nextId = Math.max(nextId, Integer.parseInt(digits) + 1);
    }
  }

  /** Starts every stored query the catalog log replayed; one that fails to plan is listed as failed. */
  void startAll() {
    for (RegisteredQuery e : entries.values()) {
      if (e.stored != null && e.running == null) {
        try {
          Statement.Insert insert = insertOf(SqlParser.parseStatement(e.sql));
          PlannedQuery plan = e.stored.options().planner(relations.catalog()).planInsert(insert);
          launch(e, insert, plan, relations.store(insert.target().value()));
        } catch (RunnelException | ClassCastException ex) {
          e.failure = ex.getMessage();
          relations.errors().report(e.id, "persistent query " + e.id + " could not be started: " + ex.getMessage(), e.sql);
        }
      }
    }
  }

  /** What a stored statement runs: an {@code INSERT}, or the insert into its view of a {@code CREATE MATERIALIZED VIEW}. */
  static Statement.Insert insertOf(Statement statement) {
    if (statement instanceof Statement.CreateMaterializedView v) {
      return new Statement.Insert(v.pos(), v.name(), List.of(), v.query());
    }
    return (Statement.Insert) statement;
  }

  /**
   * Registers and starts a persistent query: stored first, so that it resumes after a restart. It reads
   * its streams from their start unless the session says {@code 'latest'}, and then from the rows they hold
   * now, which the entry records.
   */
  StatementResult.PersistentQuery register(Statement.Insert insert, String text, PlannedQuery plan, SessionOptions options) {
    RelationDef target = (RelationDef) relations.catalog().resolve(insert.target().value(), insert.target().pos());
    QueryGraph.refuseLoop(entries.values(), insert, target.name(), plan.sources());
    StoredQuery stored = new StoredQuery(nextId(), text, options, startPositions(plan, options));
    relations.log(stored.encode());
    RegisteredQuery e = new RegisteredQuery(stored.id(), text, stored);
    entries.put(e.id, e);
    launch(e, insert, plan, relations.store(target.name()));
    return new StatementResult.PersistentQuery(e.running, target.name());
  }

  /**
   * Starts a persistent query that writes into {@code target}, a log the catalog does not name yet (a new
   * version of a materialized view), without storing or listing it: the caller writes its entry ({@link
   * RegisteredQuery#stored}) to the catalog log and then lists it with {@link #commit}, or gives it up with
   * {@link #discard}.
   */
  RegisteredQuery prepare(Statement.Insert insert, String text, PlannedQuery plan, SessionOptions options, RelationStore target) {
    return prepare(insert, text, plan, options, target, nextId());
  }

  /** {@link #prepare}, with the id {@code id} (from {@link #nextId}). */
  RegisteredQuery prepare(Statement.Insert insert, String text, PlannedQuery plan, SessionOptions options, RelationStore target, String id) {
    refuseLoop(insert, plan);
    StoredQuery stored = new StoredQuery(id, text, options, startPositions(plan, options));
    RegisteredQuery e = new RegisteredQuery(stored.id(), text, stored);
    launch(e, insert, plan, target);
    return e;
  }

  /** Refuses {@code insert} if its output would flow back into what it reads ({@link QueryGraph#refuseLoop}). */
  void refuseLoop(Statement.Insert insert, PlannedQuery plan) {
    QueryGraph.refuseLoop(entries.values(), insert, insert.target().value(), plan.sources());
  }

  /** Lists a query {@link #prepare} started, once the catalog log holds its entry. */
  void commit(RegisteredQuery e) {
    entries.put(e.id, e);
  }

  /**
   * Gives up a query {@link #prepare} started and {@link #commit} never listed: it stops, and its checkpoints
   * and journal are deleted. Its id stays taken.
   */
  void discard(RegisteredQuery e) {
    if (e.running != null) {
      e.running.stop();
    }
    freeState(e.id);
  }

  /** The persistent query that writes into {@code relation} (a materialized view's), or null. */
  String writerOf(String relation) {
    for (RegisteredQuery e : entries.values()) {
      if (e.stored != null && relation.equalsIgnoreCase(e.target != null ? e.target : insertOf(SqlParser.parseStatement(e.sql)).target().value())) {
        return e.id;
      }
    }
    return null;
  }

  /** The queries, running or stored, that read {@code relation}: persistent ones only, or standing SELECTs too. */
  List<String> readers(String relation, boolean persistentOnly) {
    List<String> ids = new ArrayList<>();
    for (RegisteredQuery e : entries.values()) {
      boolean live = e.running != null ? !e.running.isDone() || e.failedOnDisk() : e.stored != null;
      if (live && (e.stored != null || !persistentOnly) && e.sources.stream().anyMatch(s -> s.equalsIgnoreCase(relation))) {
        ids.add(e.id);
      }
    }
    return ids;
  }

  /** Ends every standing SELECT that reads {@code relation}, with {@code reason} as its failure. */
  void endSelectsReading(String relation, RuntimeException reason) {
    for (RegisteredQuery e : entries.values()) {
      if (e.stored == null && !e.running.isDone() && e.sources.stream().anyMatch(s -> s.equalsIgnoreCase(relation))) {
        e.running.fail(reason);
      }
    }
  }

  /** Ends persistent query {@code id} for good: stopped, its state freed, its end written to the catalog log. */
  void terminate(String id) {
    RegisteredQuery e = entries.get(id);
    if (e != null) {
      end(e);
    }
  }

  /** Stops query {@code e}; a persistent one is gone for good, its entry ended in the catalog log. */
  private void end(RegisteredQuery e) {
    if (e.running != null) {
      e.running.stop();
    }
    forget(e);
  }

  /**
   * Stops persistent query {@code id} and frees its state without a catalog entry: the entry that replaced
   * it (a new version of its view) says that it ended.
   */
  void retire(String id) {
    RegisteredQuery e = entries.remove(id);
    if (e != null) {
      if (e.running != null) {
        e.running.stop();
      }
      freeState(e.id);
    }
  }

  /** Under {@code 'latest'}, how many rows each partition of each stream {@code plan} reads holds now; else none (from the start). */
  private Map<String, long[]> startPositions(PlannedQuery plan, SessionOptions options) {
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
    return start;
  }

  private void launch(RegisteredQuery e, Statement.Insert insert, PlannedQuery plan, RelationStore targetStore) {
    SessionOptions options = e.stored.options();
    StoredQuery stored = e.stored;
    StartPositions start = stored.start().isEmpty() ? StartPositions.EARLIEST : (vertex, relation, partition) -> stored.startRow(relation, partition);
    ProducedOutput result = new ProducedOutput(targetStore, e.id);
    SystemLate lateStream = relations.lateStream(options.lateStream());
    int parallelism = PlanFacts.stampsAndFiresByClock(plan) ? 1 : options.parallelism();
    List<Map<String, ProducedOutput>> outputs = new ArrayList<>();
    List<ErrorSink> errors = new ArrayList<>();
    List<LateSink> late = new ArrayList<>();
    List<InputJournal> journals = new ArrayList<>();
    boolean journalled = parallelism > 1 || PlanFacts.needsJournal(plan, relations);
    for (int task = 0; task < parallelism; task++) {
      // each task writes its own late rows and errors, in an order its journal fixes
      String producer = parallelism == 1 ? e.id : e.id + "." + task;
      ProducedOutput errorRows = new ProducedOutput(relations.errors().store(), producer);
      ProducedOutput lateRows = new ProducedOutput(lateStream.store(), producer);
      outputs.add(task == 0 ? Map.of("result", result, "errors", errorRows, "late", lateRows) : Map.of("errors", errorRows, "late", lateRows));
      errors.add(relations.errors().producedBy(errorRows));
      late.add(lateStream.producedBy(lateRows));
      if (journalled) {
        Path dir = relations.journalDir(e.id);
        journals.add(InputJournal.open(parallelism == 1 ? dir : dir.resolve(Integer.toString(task)), options.journalRolling()));
      }
    }
    Checkpointing checkpointing =
        new Checkpointing(
            new CheckpointStore(relations.checkpointDir(e.id)),
            PlanFacts.fingerprint(plan),
            options.checkpointIntervalMillis(),
            outputs,
            journals,
            (reason, failure) -> relations.errors().report(e.id, reason, null));
    e.running = launcher.persistent(e.id, e.sql, plan, start, result, late::get, errors::get, checkpointing);
    e.running.setSources(plan.sources(), plan.scannedSources().stream().allMatch(r -> relations.store(r).bounded()));
    e.checkpointing = checkpointing;
    e.target = insert.target().value();
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
    lock.exclusive(() -> {
      restartFailedOnDisk0();
      return null;
    });
  }

  private void restartFailedOnDisk0() {
    if (stopped) {
      return;
    }
    for (RegisteredQuery e : new ArrayList<>(entries.values())) {
      if (e.stored != null && e.running != null && e.running.bounded() && "DONE".equals(e.running.status())) {
        finish(e.id); // a bounded query resumed after a restart has delivered all it had to
        continue;
      }
      if (!e.failedOnDisk()) {
        continue;
      }
      try {
        launch(e, e.insert, e.plan, relations.store(e.target));
      } catch (RuntimeException ex) {
        if (!RegisteredQuery.onDisk(ex)) { // the query cannot start any more (its late stream is gone, say): it stays failed
          e.running = null;
          e.failure = ex.getMessage();
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
    RegisteredQuery e = entries.get(id);
    if (e != null) {
      forget(e);
    }
  }

  /** Removes a query; a persistent one is ended in the catalog log and its state is freed. */
  private void forget(RegisteredQuery e) {
    entries.remove(e.id);
    if (e.stored != null) {
      relations.log(TERMINATE + e.id);
      freeState(e.id);
    }
  }

  /** Deletes the checkpoints and the input journal of query {@code id}. */
  void freeState(String id) {
    new CheckpointStore(relations.checkpointDir(id)).deleteAll();
    InputJournal.delete(relations.journalDir(id));
  }


  /**
   * See {@link QueryGraph#awaitUpstream}; the engine's lock is let go while it waits, so what the caller
   * read under it may have changed when this returns.
   */
  void awaitUpstream(Collection<String> relations, long timeoutMillis, Pos pos) {
    QueryGraph.awaitUpstream(new ArrayList<>(entries.values()), relations, timeoutMillis, pos, lock::outside);
  }

  /** See {@link QueryGraph#user}. */
  String[] user(String relation) {
    return QueryGraph.user(entries.values(), relation);
  }

  /** SHOW QUERIES: one row a query, in the order they were started ({@link QueryListing#COLUMNS}). */
  List<List<Object>> rows() {
    return QueryListing.rows(entries.values());
  }

  /** Lists a standing SELECT until it is done and another starts. */
  void addSelect(RunningQuery query, String lateStream) {
    entries.values().removeIf(e -> e.stored == null && e.running.isDone());
    RegisteredQuery e = new RegisteredQuery(query.id(), query.sql(), null);
    e.running = query;
    e.sources = query.sources();
    e.lateStream = lateStream;
    entries.put(e.id, e);
  }

  /** Stops query {@code id}; a persistent one is gone for good, its entry ended in the catalog log. */
  StatementResult terminate(Statement.Terminate terminate) {
    RegisteredQuery e = find(terminate.queryId(), terminate.pos());
    end(e);
    return new StatementResult.Ok("Terminated query " + e.id);
  }

  /** DESCRIBE QUERY: what each operator of query {@code id} has done so far ({@link QueryDescription}). */
  StatementResult describe(Statement.DescribeQuery describe) {
    RegisteredQuery e = find(describe.queryId(), describe.pos());
    if (e.running == null) {
      throw new RunnelException(
          ErrorCode.UNKNOWN_QUERY, describe.pos(), "Query " + e.id + " did not start: " + e.failure, "Fix what it reads and open the engine again, or TERMINATE QUERY " + e.id + ".");
    }
    return new StatementResult.Table(QueryDescription.COLUMNS, QueryDescription.rows(e.running));
  }

  /** The query a statement names; an error naming the queries there are when there is none by that id. */
  private RegisteredQuery find(String id, Pos pos) {
    RegisteredQuery e = entries.get(id);
    if (e == null) {
      throw new RunnelException(
          ErrorCode.UNKNOWN_QUERY, pos, "No query '" + id + "'", entries.isEmpty() ? "No query is running." : "Running: " + String.join(", ", entries.keySet()) + ".");
    }
    return e;
  }

  /**
   * {@code CHECKPOINT [QUERY id]}: asks every running persistent query (or query {@code id}) for a checkpoint
   * now and waits, up to {@code timeoutMillis}, until each is written.
   */
  StatementResult checkpoint(Statement.Checkpoint statement, long timeoutMillis) {
    List<RegisteredQuery> queries = new ArrayList<>();
    for (RegisteredQuery e : statement.queryId() == null ? entries.values() : List.of(find(statement.queryId(), statement.pos()))) {
      if (e.checkpointing != null && e.running != null && !e.running.isDone()) {
        queries.add(e);
      }
    }
    if (statement.queryId() != null && queries.isEmpty()) {
      throw new RunnelException(
          ErrorCode.UNKNOWN_QUERY,
          statement.pos(),
          "Query " + statement.queryId() + " takes no checkpoints: it is not a running persistent query",
          "CHECKPOINT without a query checkpoints every persistent query.");
    }
    long[] epochs = new long[queries.size()];
    for (int i = 0; i < epochs.length; i++) {
      epochs[i] = queries.get(i).checkpointing.request();
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < epochs.length; i++) {
      RegisteredQuery e = queries.get(i);
      long epoch = epochs[i];
      if (!lock.outside(() -> e.checkpointing.awaitWritten(epoch, deadline))) {
        throw new RunnelException(
            ErrorCode.CHECKPOINT_FAILED,
            statement.pos(),
            "Query " + e.id + " did not write a checkpoint within " + timeoutMillis + " ms" + (taken.isEmpty() ? "" : " (" + String.join(", ", taken) + " did)"),
            "SHOW QUERIES says whether it failed; sys.errors says why a checkpoint could not be written.");
      }
      taken.add(e.id);
    }
    return new StatementResult.Ok(taken.isEmpty() ? "No persistent query is running" : "Checkpointed " + String.join(", ", taken));
  }

  RunningQuery handle(String id) {
    RegisteredQuery e = entries.get(id);
    if (e == null) {
      throw new RunnelException(ErrorCode.UNKNOWN_QUERY, null, "No query '" + id + "'", entries.isEmpty() ? "No query is running." : "Queries: " + String.join(", ", entries.keySet()) + ".");
    }
    if (e.running == null) {
      throw new RunnelException(ErrorCode.UNKNOWN_QUERY, null, "Query " + id + " did not start: " + e.failure, "Fix what it reads and open the engine again, or TERMINATE QUERY " + id + ".");
    }
    return e.running;
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
    // all cancelled first, so that they stop together; then each waited for, its last checkpoint written,
    // before the engine closes the logs and frees the data directory it writes into
    entries.values().forEach(e -> {
      if (e.running != null) {
        e.running.cancel();
      }
    });
    entries.values().forEach(e -> {
      if (e.running != null) {
        e.running.stop(CLOSE_WAIT_MILLIS);
      }
    });
    entries.clear();
  }

  /** How long closing the engine waits for each query to stop: a large state's last checkpoint takes a while. */
  private static final long CLOSE_WAIT_MILLIS = 600_000;

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
