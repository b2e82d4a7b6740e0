package io.runnel.runtime;

import io.runnel.EngineConfig;
import io.runnel.QueryHandle;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.PlannedQuery;
import io.runnel.planner.Planner;
import io.runnel.planner.catalog.CatalogObject;
import io.runnel.planner.catalog.FunctionDef;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.catalog.ViewDef;
import io.runnel.planner.validate.DdlAnalyzer;
import io.runnel.planner.validate.FunctionAnalyzer;
import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.runtime.store.ProducedOutput;
import io.runnel.operators.types.Timestamps;
import io.runnel.runtime.ingest.Connectors;
import io.runnel.runtime.query.QueryLauncher;
import io.runnel.runtime.query.RunningQuery;
import io.runnel.runtime.query.Workers;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Executes statements against the engine's relations. Called with the engine's lock held. */
final class StatementRunner {
  private final Relations relations;
  private final DdlAnalyzer ddl = new DdlAnalyzer();
  private final QueryLauncher launcher;
  /** The threads that run the engine's persistent queries (those on one task). */
  private final Workers workers = Workers.perProcessor();
  private final QueryRegistry registry;
  private final MaterializedViews views;
  /** The engine's own session, which statements run in unless they are run in one of {@link #newSession}'s. */
  private final SessionSettings engineSession;
  /** The session of the statement this thread runs, if not the engine's: a statement's long wait lets others run. */
  private final ThreadLocal<SessionSettings> session = new ThreadLocal<>();
  private final EngineLock lock;
  private final Metadata metadata;
  private final EngineConfig config;
  private int nextInsert = 1;
  /** How long {@code CHECKPOINT} waits for each query's checkpoint to be written. */
  private static final long CHECKPOINT_WAIT_MILLIS = 30_000;

  /** {@code lock} is the engine's, which it holds while it calls this runner. */
  StatementRunner(Relations relations, EngineConfig config, EngineLock lock) {
    this.lock = lock;
    this.relations = relations;
    this.config = config;
    this.launcher = new QueryLauncher(relations::store, relations::readWhole, config.clock(), relations.errors(), config.batchSize(), workers);
    this.metadata = new Metadata(relations.catalog());
    this.engineSession = new SessionSettings(relations, ddl -> execute(SqlParser.parseStatement(ddl), ddl));
    this.registry = new QueryRegistry(relations, launcher, lock);
    this.views = new MaterializedViews(relations, registry, launcher, this::awaitUpstream, this::awaitBounded, lock);
  }

  /**
   * For a view's {@code sync}: waits for the persistent queries upstream of {@code view}, sharing the
   * engine's lock to find them and letting go of it while it waits.
   */
  private boolean awaitUpstream(String view, Duration timeout) {
    return lock.shared(() -> {
      try {
        registry.awaitUpstream(List.of(view), Math.max(1, timeout.toMillis()), null);
        return true;
      } catch (RunnelException e) {
        if (e.code() == ErrorCode.UPSTREAM_TIMEOUT) {
          return false;
        }
        throw e;
      }
    });
  }

  static Collection<String> functionNames() {
    return Metadata.FUNCTIONS;
  }

  static Statement parseSingle(String sql) {
    return SqlParser.parseStatement(sql);
  }

  /**
   * Rebuilds the catalog from its log, then starts the connectors that have not finished. An entry that no
   * longer replays (a file connector's path is now a directory, say) is reported in sys.errors and left
   * out: the engine still opens, with everything else.
   */
  void replayCatalog() {
    List<RelationDef> created = new ArrayList<>();
    List<String> entries = relations.catalogEntries();
    for (int ordinal = 0; ordinal < entries.size(); ordinal++) {
      String entry = entries.get(ordinal);
      try {
        replay(entry, ordinal, created);
      } catch (RunnelException e) {
        relations.errors().report("catalog", "entry " + ordinal + " of the catalog log could not be replayed: " + e.getMessage(), entry);
      }
    }
    views.deleteLeftovers();
    created.forEach(relations::startConnector);
    views.startAll();
    registry.startAll();
  }

  private void replay(String entry, int ordinal, List<RelationDef> created) {
    if (MaterializedViews.owns(entry)) {
      views.replay(entry);
    } else if (QueryRegistry.owns(entry)) {
      registry.replay(entry);
    } else if (entry.startsWith(CatalogEntries.CREATE)) {
      String sql = entry.substring(CatalogEntries.CREATE.length());
      Statement statement = SqlParser.parseStatement(sql);
      if (statement instanceof Statement.CreateFunction f) {
        replayFunction(f, sql);
        return;
      }
      CatalogObject object = define(statement, sql, ordinal);
      if (object instanceof RelationDef def) {
        created.add(def);
      }
    } else if (entry.startsWith(CatalogEntries.DROP_FUNCTION)) {
      relations.catalog().removeFunction(entry.substring(CatalogEntries.DROP_FUNCTION.length()));
    } else if (entry.startsWith(CatalogEntries.DROP)) {
      String name = entry.substring(CatalogEntries.DROP.length());
      created.removeIf(d -> d.name().equalsIgnoreCase(name));
      if (relations.catalog().find(name).orElse(null) instanceof ViewDef) {
        relations.catalog().remove(name);
      } else if (relations.catalog().find(name).isPresent()) {
        relations.drop(name, true);
      }
    } else if (entry.startsWith(CatalogEntries.SEALED)) {
      String name = entry.substring(CatalogEntries.SEALED.length());
      if (relations.catalog().find(name).isPresent()) {
        relations.store(name).seal();
      }
    }
  }

  List<StatementResult> executeScript(String sql) {
    List<StatementResult> results = new ArrayList<>();
    for (SqlParser.ParsedStatement parsed : SqlParser.parseScriptWithText(sql)) {
      results.add(execute(parsed.statement(), parsed.text()));
    }
    return results;
  }

  /** A session of its own: what SET gives in it applies to its statements only. */
  SessionSettings newSession() {
    return new SessionSettings(relations, ddl -> execute(SqlParser.parseStatement(ddl), ddl));
  }

  /** {@link #executeScript} in {@code in}: its options plan the statements, and its SETs change it alone. */
  List<StatementResult> executeScript(String sql, SessionSettings in) {
    SessionSettings outer = session.get();
    session.set(in);
    try {
      return executeScript(sql);
    } finally {
      session.set(outer);
    }
  }

  /** The session of the statement being run on this thread. */
  private SessionSettings session() {
    SessionSettings in = session.get();
    return in != null ? in : engineSession;
  }

  private StatementResult execute(Statement statement, String text) {
    if (statement instanceof Statement.CreateStream || statement instanceof Statement.CreateTable || statement instanceof Statement.CreateView) {
      return create(statement, text);
    }
    if (statement instanceof Statement.CreateFunction f) {
      return createFunction(f, text);
    }
    if (statement instanceof Statement.CreateMaterializedView mv) {
      return views.create(mv, text, options());
    }
    if (statement instanceof Statement.Drop drop) {
      return drop.kind() == Statement.ObjectKind.FUNCTION ? dropFunction(drop) : drop(drop);
    }
    if (statement instanceof Statement.Show show) {
      return show.kind() == Statement.ShowKind.QUERIES ? showQueries() : metadata.show(show.kind());
    }
    if (statement instanceof Statement.Describe describe) {
      return metadata.describe(describe);
    }
    if (statement instanceof Statement.Insert insert) {
      return insert(insert, text);
    }
    if (statement instanceof Statement.InsertWatermark w) {
      return insertWatermark(w);
    }
    if (statement instanceof Statement.QueryStatement q) {
      return new StatementResult.Query(startSelect(q, text, earliest(), false));
    }
    if (statement instanceof Statement.Explain explain) {
      return new StatementResult.Plan(explain(explain));
    }
    if (statement instanceof Statement.Set set) {
      return session().set(set);
    }
    if (statement instanceof Statement.Checkpoint checkpoint) {
      return registry.checkpoint(checkpoint, CHECKPOINT_WAIT_MILLIS);
    }
    if (statement instanceof Statement.Terminate terminate) {
      return registry.terminate(terminate);
    }
    if (statement instanceof Statement.DescribeQuery describe) {
      return registry.describe(describe);
    }
    if (statement instanceof Statement.UserStatement user) {
      return users(user);
    }
    throw RunnelException.user(ErrorCode.UNSUPPORTED, statement.pos(), "Statement not supported");
  }

  /** A statement that manages users: the config's handler (a server's) runs it; an embedded engine has none. */
  private StatementResult users(Statement.UserStatement statement) {
    if (config.users() == null) {
      throw new RunnelException(
          ErrorCode.SERVER_ONLY,
          statement.pos(),
          "Users exist on a server only: this engine is embedded, and has none",
          "Start a server with ./runnel server, and run this as its admin (./runnel shell --server URL).");
    }
    return config.users().execute(statement);
  }

  /** Adds what a CREATE statement defines; {@code ordinal} is that of its entry in the catalog log. */
  private CatalogObject define(Statement statement, String text, int ordinal) {
    CatalogObject object;
    if (statement instanceof Statement.CreateStream s) {
      object = ddl.stream(s, text);
      Connectors.check((RelationDef) object, s.pos(), config);
      relations.create((RelationDef) object, ordinal);
    } else if (statement instanceof Statement.CreateTable t) {
      object = ddl.table(t, text);
      Connectors.check((RelationDef) object, t.pos(), config);
      relations.create((RelationDef) object, ordinal);
    } else {
      Statement.CreateView v = (Statement.CreateView) statement;
      object = new ViewDef(v.name().value(), planner().schemaOf(v.query()), v.query(), text);
      relations.catalog().add(object);
    }
    return object;
  }

  private StatementResult create(Statement statement, String text) {
    var name = statement instanceof Statement.CreateStream s ? s.name() : statement instanceof Statement.CreateTable t ? t.name() : ((Statement.CreateView) statement).name();
    boolean ifNotExists =
        statement instanceof Statement.CreateStream s ? s.ifNotExists() : statement instanceof Statement.CreateTable t ? t.ifNotExists() : ((Statement.CreateView) statement).ifNotExists();
    var existing = relations.catalog().find(name.value());
    if (existing.isPresent()) {
      if (ifNotExists) {
        return new StatementResult.Ok(kindOf(existing.get()) + " " + existing.get().name() + " already exists");
      }
      throw new RunnelException(
          ErrorCode.DUPLICATE_OBJECT, name.pos(), kindOf(existing.get()) + " '" + existing.get().name() + "' already exists", "Use CREATE ... IF NOT EXISTS, or DROP it first.");
    }
    CatalogObject object = define(statement, text, relations.nextOrdinal());
    relations.log(CatalogEntries.create(text));
    if (object instanceof RelationDef def) {
      relations.startConnector(def);
    }
    return new StatementResult.Ok("Created " + kindOf(object).toLowerCase(Locale.ROOT) + " " + object.name());
  }

  private StatementResult createFunction(Statement.CreateFunction create, String text) {
    String name = create.name().value();
    if (relations.catalog().findFunction(name).isPresent() || FunctionAnalyzer.isBuiltIn(name)) {
      if (create.ifNotExists() && relations.catalog().findFunction(name).isPresent()) {
        return new StatementResult.Ok("Function " + name + " already exists");
      }
      throw new RunnelException(
          ErrorCode.DUPLICATE_OBJECT, create.name().pos(), "Function '" + name + "' already exists", FunctionAnalyzer.isBuiltIn(name) ? "It is built in; choose another name." : "DROP FUNCTION " + name + " first.");
    }
    FunctionDef def = UserFunctionLoader.load(create, text);
    relations.catalog().addFunction(def);
    relations.log(CatalogEntries.create(text));
    return new StatementResult.Ok("Created " + (def.isAggregate() ? "aggregate" : "scalar") + " function " + name + " returning " + def.resultType());
  }

  /**
   * A function of the catalog log: loaded again, or, when its class is gone, left out with a note in
   * sys.errors (the engine still opens; queries calling it fail to plan until it is created again).
   */
  private void replayFunction(Statement.CreateFunction create, String text) {
    relations.catalog().removeFunction(create.name().value());
    try {
      relations.catalog().addFunction(UserFunctionLoader.load(create, text));
    } catch (RunnelException e) {
      relations.errors().report("catalog", "function " + create.name().value() + " is not available: " + e.getMessage(), text);
    }
  }

  private StatementResult dropFunction(Statement.Drop drop) {
    String name = drop.name().value();
    if (relations.catalog().findFunction(name).isEmpty()) {
      if (drop.ifExists()) {
        return new StatementResult.Ok("Nothing to drop: function " + name + " does not exist");
      }
      throw RunnelException.user(ErrorCode.UNKNOWN_FUNCTION, drop.name().pos(), "Function '" + name + "' does not exist");
    }
    relations.catalog().removeFunction(name);
    relations.log(CatalogEntries.dropFunction(name));
    return new StatementResult.Ok("Dropped function " + name);
  }

  static String kindOf(CatalogObject o) {
    if (o instanceof ViewDef) {
      return "View";
    }
    RelationDef def = (RelationDef) o;
    return def.isTable() ? "Table" : def.isMaterializedView() ? "Materialized view" : "Stream";
  }

  private StatementResult drop(Statement.Drop drop) {
    var found = relations.catalog().find(drop.name().value());
    if (found.isEmpty()) {
      if (drop.ifExists()) {
        return new StatementResult.Ok("Nothing to drop: " + drop.name().value() + " does not exist");
      }
      relations.catalog().resolve(drop.name().value(), drop.name().pos());
    }
    CatalogObject object = found.get();
    String kind = kindOf(object).toUpperCase(Locale.ROOT);
    if (!kind.equals(drop.kind().sql())) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, drop.name().pos(), "'" + object.name() + "' is a " + kind.toLowerCase(Locale.ROOT) + ", not a " + drop.kind().sql().toLowerCase(Locale.ROOT), "Use DROP " + kind + ".");
    }
    if (object.name().equals(SystemErrors.NAME) || object.name().equals(SystemLate.NAME)) {
      throw RunnelException.user(ErrorCode.UNSUPPORTED, drop.name().pos(), "System stream " + object.name() + " cannot be dropped");
    }
    if (object instanceof RelationDef def && def.isMaterializedView()) {
      return views.drop(def, drop.name().pos());
    }
    String[] user = registry.user(object.name());
    if (user != null) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, drop.name().pos(), "Query " + user[0] + " is " + user[1] + " " + object.name(), "TERMINATE QUERY " + user[0] + " first.");
    }
    if (object instanceof RelationDef) {
      views.refuseWhileReplacing(object.name(), drop.name().pos(), "dropped");
    }
    if (object instanceof ViewDef) {
      relations.catalog().remove(object.name());
    } else {
      relations.drop(object.name(), false);
    }
    relations.log(CatalogEntries.drop(object.name()));
    return new StatementResult.Ok("Dropped " + kind.toLowerCase(Locale.ROOT) + " " + object.name());
  }

  private StatementResult insert(Statement.Insert insert, String text) {
    RelationDef target = insertTarget(insert.target().value(), insert.target().pos());
    PlannedQuery plan = planner().planInsert(insert);
    views.refuseReadingReplaced(plan.sources(), insert.pos());
    var store = relations.store(target.name());
    if (!isBounded(plan)) {
      return registry.register(insert, text, plan, options());
    }
    if (!plan.sources().isEmpty()) {
      // over bounded logs (files): a persistent query that ends by itself, so that a crash before it ends
      // neither loses nor repeats rows: it resumes when the engine opens again
      RunningQuery query = (RunningQuery) registry.register(insert, text, plan, options()).handle();
      try {
        awaitBounded(query);
      } catch (RunnelException e) {
        if (!RegisteredQuery.onDisk(e)) {
          registry.finish(query.id()); // one that failed on its disk starts again by itself; any other failure ends it
        }
        throw e;
      }
      registry.finish(query.id());
      return inserted(query, target.name());
    }
    // constant rows finish before this returns and are never listed: they take no query id
    String id = "insert-" + nextInsert++;
    RunningQuery query = launcher.insert(id, text, plan, true, store::append, lateSink(), parallelism());
    query.setSources(plan.sources(), true);
    awaitBounded(query);
    return inserted(query, target.name());
  }

  /** The stream or table {@code name} names; a view is refused: its query alone writes it. */
  RelationDef insertTarget(String name, io.runnel.parser.ast.Pos pos) {
    CatalogObject object = relations.catalog().resolve(name, pos);
    if (object instanceof RelationDef def && def.isMaterializedView()) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, pos, "Materialized view '" + def.name() + "' is written by its own query only", "Change its query with CREATE OR REPLACE MATERIALIZED VIEW.");
    }
    if (!(object instanceof RelationDef def)) {
      throw RunnelException.user(ErrorCode.UNSUPPORTED, pos, "Cannot insert into view '" + object.name() + "'");
    }
    return def;
  }

  /**
   * Writes into every partition of a stream's log that its watermark has reached a time (see
   * docs/architecture.md, "a watermark can be written into a stream's log"): every query reading the stream
   * meets it there, after the rows before it and before the rows after it.
   */
  private StatementResult insertWatermark(Statement.InsertWatermark w) {
    CatalogObject object = relations.catalog().resolve(w.target().value(), w.target().pos());
    if (!(object instanceof RelationDef d) || d.isTable() || d.watermark() == null || relations.store(d.name()).bounded()) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          w.target().pos(),
          "Only a stream with a WATERMARK, filled by inserts, takes a watermark: '" + w.target().value() + "' is not one",
          "Give the stream a WATERMARK FOR clause; a table's or a file's progress comes from its rows.");
    }
    long time;
    try {
      time = Timestamps.parse(w.time());
    } catch (DateTimeParseException e) {
      throw new RunnelException(ErrorCode.INVALID_LITERAL, w.timePos(), "Invalid TIMESTAMP literal '" + w.time() + "'", "Write e.g. TIMESTAMP '2024-01-01 00:00:30'.");
    }
    relations.store(d.name()).appendWatermark(time);
    return new StatementResult.Ok("Watermark of " + d.name() + " at " + Timestamps.format(time));
  }

  private static StatementResult inserted(RunningQuery query, String target) {
    long rows = query.stats().rowsOut();
    return new StatementResult.Ok("Inserted " + rows + " row" + (rows == 1 ? "" : "s") + " into " + target);
  }

  /**
   * Waits for a query over bounded input to end, letting go of the engine's lock meanwhile (an insert from
   * a large file takes long); throws its failure.
   */
  void awaitBounded(RunningQuery query) {
    if (!lock.outside(() -> {
      while (!query.awaitTermination(Duration.ofSeconds(1))) {
        // a bounded query ends by itself; keep waiting
      }
      return true;
    })) {
      query.stop();
      throw RunnelException.user(ErrorCode.INVALID_INPUT, null, "Interrupted while inserting");
    }
    if (query.failure() != null) {
      Throwable f = query.failure();
      throw f instanceof RunnelException r ? r : new RunnelException(ErrorCode.INTERNAL_ERROR, null, "Insert failed: " + f, null, f);
    }
  }

  RunningQuery startSelect(Statement.QueryStatement statement, String text, boolean earliest, boolean discard) {
    PlannedQuery plan = planner().plan(statement.query());
    if (!views.answersAtOnce(statement.query(), plan) && (earliest || plan.sources().stream().anyMatch(relations::readWhole))) {
      // it reads what is already in its logs: first what persistent queries upstream owe them (read your
      // writes); other statements run meanwhile, and if one did, the query is planned again on what is now
      long before = lock.statements();
      registry.awaitUpstream(plan.sources(), options().readWaitMillis(), statement.pos());
      if (lock.statements() != before) {
        plan = planner().plan(statement.query());
      }
    }
    String id = registry.nextId();
    if (views.answersAtOnce(statement.query(), plan)) {
      RunningQuery query = views.answer(id, text, plan, options(), statement.pos(), lateSink());
      registry.addSelect(query, options().lateStream());
      return query;
    }
    ErrorSink errors = relations.errors();
    LateSink late = lateSink();
    if (earliest && parallelism() == 1 && PlanFacts.logsRead(plan, relations) == 1) {
      // the query's errors and late rows are a function of the log: the same query run again from the
      // start records them once (by the plan's fingerprint, as a persistent query does by its id)
      String producer = "select-" + PlanFacts.fingerprint(plan).substring(0, 16);
      errors = relations.errors().producedBy(new ProducedOutput(relations.errors().store(), producer));
      SystemLate lateStream = relations.lateStream(options().lateStream());
      late = lateStream.producedBy(new ProducedOutput(lateStream.store(), producer));
    }
    RunningQuery query = launcher.select(id, text, plan, earliest, late, errors, discard, parallelism());
    query.setSources(plan.sources(), isBounded(plan));
    registry.addSelect(query, options().lateStream());
    return query;
  }

  private boolean isBounded(PlannedQuery plan) {
    return plan.scannedSources().stream().allMatch(s -> relations.store(s).bounded());
  }

  private String explain(Statement.Explain explain) {
    Statement inner = explain.statement();
    PlannedQuery plan;
    if (inner instanceof Statement.QueryStatement q) {
      plan = planner().plan(q.query());
    } else if (inner instanceof Statement.Insert insert) {
      plan = planner().planInsert(insert);
    } else {
      throw RunnelException.user(ErrorCode.UNSUPPORTED, inner.pos(), "EXPLAIN works on queries and INSERT statements");
    }
    return parallelism() == 1 ? plan.explain() : plan.explain() + QueryLauncher.describeTasks(plan.dag(), parallelism(), this::partitionsOf);
  }

  private int partitionsOf(String relation) {
    return relations.store(relation).partitions();
  }

  private SessionOptions options() {
    return session().options();
  }

  private int parallelism() {
    return options().parallelism();
  }

  private boolean earliest() {
    return options().earliest();
  }

  private Planner planner() {
    return planner(options());
  }

  private Planner planner(SessionOptions options) {
    return options.planner(relations.catalog());
  }

  private LateSink lateSink() {
    return relations.lateStream(options().lateStream());
  }

  private StatementResult showQueries() {
    return new StatementResult.Table(QueryListing.COLUMNS, registry.rows());
  }

  QueryHandle handle(String queryId) {
    return registry.handle(queryId);
  }

  List<String> queryIds() {
    return registry.ids();
  }

  /** The read side of materialized view {@code name}. */
  io.runnel.MaterializedView view(String name) {
    return views.view(name);
  }

  void stopAll() {
    registry.stopAll();
    views.closeAll();
    workers.close();
  }
}
