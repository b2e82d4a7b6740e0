package io.runnel.tests.sqlt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.runnel.Change;
import io.runnel.EngineConfig;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.parser.Durations;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs a {@link SqltScript} against an embedded engine. {@link Mode#AS_WRITTEN} ingests each block in one
 * statement; {@link Mode#RANDOM_BATCHES} splits every ingest at random row boundaries and runs the engine
 * with batches of a single row; {@link Mode#RESTART_AFTER_INGEST} closes the engine and opens it again
 * after every ingest ({@link #restart}). All three must give the same changelogs.
 *
 * <p>The engine's processing-time clock is the script's ({@link ScriptClock}): it stands at 2024-01-01
 * 00:00:00 UTC until {@code advance <duration>} (or its other name, {@code sleep <duration>}; no real time
 * passes) moves it. {@code advance} first waits until every query has taken all that was ingested before
 * it (at the time before), then moves the clock, then waits until every query has run at the new time
 * (what is due by the clock has fired) and what the persistent ones wrote has reached the queries reading
 * it. A result that depends on processing time is therefore a function of the script too. Standing
 * queries have no journal: one whose result depends on the clock does not repeat it after a restart, so
 * scripts write such results through persistent queries, whose replays do.
 *
 * <p>{@code watermark <stream> <timestamp>} moves a stream's watermark the way a mature engine lets a test
 * source do it (Beam's {@code TestStream.advanceWatermarkTo}): as an entry of the stream's log, so that the
 * result stays a function of the logs (see {@link #watermark}).
 */
final class SqltRunner implements AutoCloseable {
  enum Mode {
    AS_WRITTEN,
    RANDOM_BATCHES,
    /** As written, with the engine closed and opened again after every ingest: see {@link #restart}. */
    RESTART_AFTER_INGEST
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final SqltScript script;
  private final Path dir;
  private final Mode mode;
  private final Random random;
  private final ScriptClock clock = new ScriptClock();
  private final EngineConfig config;
  private Runnel engine;
  /** The SET statements run so far: a session's options, set again after a restart. */
  private final List<String> sets = new ArrayList<>();
  private final Map<String, String> querySql = new HashMap<>();
  /** How many of {@link #sets} had run when each standing query started: the options it was planned with. */
  private final Map<String, Integer> setsAtStart = new HashMap<>();
  private final Map<String, QueryHandle> queries = new java.util.LinkedHashMap<>(); // in the order they started
  private final Map<String, List<Change>> received = new HashMap<>();
  private final Map<String, Integer> checked = new HashMap<>();
  /** Persistent queries started by statements (INSERT INTO ... SELECT); synced before every check. */
  private final List<QueryHandle> background = new ArrayList<>();
  /** The ids of the persistent queries started, which a restart resumes. */
  private final List<String> persistent = new ArrayList<>();

  SqltRunner(SqltScript script, Path dir, Mode mode) {
    this.script = script;
    this.dir = dir;
    this.mode = mode;
    this.random = new Random(script.name().hashCode());
    EngineConfig config = EngineConfig.defaults().withClock(clock);
    if (mode == Mode.RANDOM_BATCHES) {
      config = config.withBatchSize(1);
    }
    this.config = config;
    this.engine = Runnel.open(dir.resolve("data"), config);
  }

  void run() throws Exception {
    for (SqltScript.Record r : script.records()) {
      try {
        step(r);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(script.name() + ":" + r.line() + " (" + r.verb() + " " + r.argument() + ", " + mode + "): " + e.getMessage(), e);
      }
    }
  }

  private void step(SqltScript.Record r) throws Exception {
    switch (r.verb()) {
      case "statement" -> statement(r);
      case "query" -> query(r);
      case "ingest" -> ingest(r);
      case "changelog" -> changelog(r);
      case "done" -> done(r);
      case "failed" -> failed(r);
      case "file" -> file(r);
      case "explain" -> explain(r);
      case "rows" -> rows(r);
      case "restart" -> restart();
      case "restart-mode" -> {} // read by SqltTest: "off" skips RESTART_AFTER_INGEST
      case "checkpoint" -> checkpoint();
      case "advance", "sleep" -> advance(r);
      case "watermark" -> watermark(r);
      default -> fail("unknown verb '" + r.verb() + "'");
    }
  }

  private String sql(List<String> lines) {
    return String.join("\n", lines).replace("${dir}", dir.toString());
  }

  private void statement(SqltScript.Record r) {
    String sql = sql(r.body());
    if (r.argument().equals("ok")) {
      for (SqlParser.ParsedStatement parsed : SqlParser.parseScriptWithText(sql)) {
        if (parsed.statement() instanceof Statement.Set) {
          sets.add(parsed.text());
        }
      }
      for (StatementResult result : engine.executeAll(sql)) {
        if (result instanceof StatementResult.Query q) {
          background.add(q.handle());
        } else if (result instanceof StatementResult.PersistentQuery q) {
          background.add(q.handle());
          persistent.add(q.handle().id());
        }
      }
      return;
    }
    assertTrue(r.argument().startsWith("error"), "statement ok|error, not " + r.argument());
    String expected = r.argument().substring("error".length()).trim();
    try {
      engine.executeAll(sql);
    } catch (RunnelException e) {
      String actual = e.describe().replace("\nHint: ", ". Hint: ");
      assertTrue(actual.contains(expected), "expected error containing\n  " + expected + "\nbut got\n  " + actual);
      return;
    }
    fail("expected an error containing '" + expected + "', but the statement succeeded");
  }

  private void query(SqltScript.Record r) {
    querySql.put(r.argument(), sql(r.body()));
    setsAtStart.put(r.argument(), sets.size());
    start(r.argument());
    checked.put(r.argument(), 0);
  }

  /** Starts (or starts again) the standing query named {@code name}, from the start of its inputs. */
  private void start(String name) {
    QueryHandle handle = engine.query(querySql.get(name), QueryOptions.fromEarliest());
    List<Change> changes = java.util.Collections.synchronizedList(new ArrayList<>());
    handle.subscribe(changes::add);
    queries.put(name, handle);
    received.put(name, changes);
  }

  /**
   * Stops the engine and opens it again on the same directory: persistent queries resume by themselves
   * (from their checkpoints); the session's SET statements are run again; each standing query starts
   * again from the start of its inputs, and must give again, in the same order, the changes it gave
   * before, since a result is a function of the logs.
   */
  private void restart() throws InterruptedException {
    for (QueryHandle q : background) {
      assertTrue(q.sync(TIMEOUT), "persistent query " + q.id() + " did not catch up");
    }
    persistent.removeIf(id -> background.stream().anyMatch(q -> q.id().equals(id) && q.isDone()));
    queries.values().forEach(QueryHandle::cancel);
    background.forEach(QueryHandle::cancel); // standing SELECTs a statement started end with the engine
    engine.close();
    engine = Runnel.open(dir.resolve("data"), config);
    background.clear();
    for (String id : persistent) {
      background.add(engine.handle(id));
    }
    for (String name : new ArrayList<>(queries.keySet())) {
      List<Change> before = new ArrayList<>(received.get(name));
      engine.execute("RESET"); // the query is planned with the options it was first planned with
      sets.subList(0, setsAtStart.get(name)).forEach(engine::execute);
      start(name);
      for (QueryHandle q : background) {
        assertTrue(q.sync(TIMEOUT), "persistent query " + q.id() + " did not catch up");
      }
      assertTrue(queries.get(name).sync(TIMEOUT), "query " + name + " did not catch up after the restart");
      List<Change> again = received.get(name);
      synchronized (again) {
        assertTrue(again.size() >= checked.get(name), "query " + name + " gave " + again.size() + " changes after the restart, " + checked.get(name) + " before");
        assertEquals(before.subList(0, checked.get(name)), again.subList(0, checked.get(name)), "query " + name + " started again gives the same changes");
      }
    }
    engine.execute("RESET");
    sets.forEach(engine::execute);
  }

  /**
   * Every persistent query takes a checkpoint of what it has processed and writes it ({@code CHECKPOINT}),
   * once it has caught up with what the script ingested: a {@code restart} after it resumes from there.
   */
  private void checkpoint() throws InterruptedException {
    for (QueryHandle q : background) {
      assertTrue(q.sync(TIMEOUT), "persistent query " + q.id() + " did not catch up");
    }
    engine.execute("CHECKPOINT");
  }

  private void ingest(SqltScript.Record r) throws InterruptedException {
    List<String> rows = r.body();
    int from = 0;
    while (from < rows.size()) {
      int to = mode == Mode.RANDOM_BATCHES ? Math.min(rows.size(), from + 1 + random.nextInt(3)) : rows.size();
      StringBuilder sql = new StringBuilder("INSERT INTO " + r.argument() + " VALUES ");
      for (int i = from; i < to; i++) {
        sql.append(i > from ? ", " : "").append('(').append(rows.get(i)).append(')');
      }
      engine.execute(sql(List.of(sql.toString())));
      from = to;
    }
    if (mode == Mode.RESTART_AFTER_INGEST) {
      restart();
    }
  }

  /**
   * {@code watermark <stream> <timestamp>}: writes into the stream's log that its watermark has reached the
   * time ({@code INSERT INTO s WATERMARK TIMESTAMP '...'}): the queries reading it meet it after the rows
   * ingested before and before those ingested after. An append, like an ingest: in {@link
   * Mode#RESTART_AFTER_INGEST} the engine restarts after it.
   */
  private void watermark(SqltScript.Record r) throws InterruptedException {
    int space = r.argument().indexOf(' ');
    assertTrue(space > 0, "watermark <stream> <timestamp>, not '" + r.argument() + "'");
    engine.execute("INSERT INTO " + r.argument().substring(0, space) + " WATERMARK TIMESTAMP '" + r.argument().substring(space + 1).trim() + "'");
    if (mode == Mode.RESTART_AFTER_INGEST) {
      restart();
    }
  }

  /**
   * {@code advance <duration>} ({@code 5 s}, {@code 500 ms}, {@code 1 min}): every query catches up, the
   * clock moves, every query catches up again, having run at the new time.
   */
  private void advance(SqltScript.Record r) throws InterruptedException {
    long millis = Durations.parseMillis(r.argument());
    assertTrue(millis >= 0, "advance takes a duration such as 5 s, not '" + r.argument() + "'");
    syncAll();
    clock.advance(Duration.ofMillis(millis));
    syncAll();
  }

  /** Waits until every query has processed what its inputs hold, the persistent ones first. */
  private void syncAll() throws InterruptedException {
    syncBackground();
    for (Map.Entry<String, QueryHandle> q : queries.entrySet()) {
      assertTrue(q.getValue().sync(TIMEOUT), "query " + q.getKey() + " did not catch up");
    }
  }

  /** Waits for the persistent queries: twice, so that one fed by another sees what that one wrote. */
  private void syncBackground() throws InterruptedException {
    for (int pass = 0; pass < 2; pass++) {
      for (QueryHandle q : background) {
        assertTrue(q.sync(TIMEOUT), "persistent query " + q.id() + " did not catch up");
      }
    }
  }

  private void changelog(SqltScript.Record r) throws InterruptedException {
    QueryHandle handle = handle(r.argument());
    syncBackground();
    assertTrue(handle.sync(TIMEOUT), "query " + r.argument() + " did not catch up within " + TIMEOUT);
    if (handle.failure() != null) {
      throw new AssertionError("query " + r.argument() + " failed: " + handle.failure(), handle.failure());
    }
    List<Change> all = received.get(r.argument());
    List<String> actual = new ArrayList<>();
    synchronized (all) {
      for (Change c : all.subList(checked.get(r.argument()), all.size())) {
        actual.add(ChangeText.format(c));
      }
      checked.put(r.argument(), all.size());
    }
    List<String> expected = r.body().equals(List.of("(empty)")) ? List.of() : r.body();
    assertEquals(String.join("\n", expected), String.join("\n", actual), "changelog of " + r.argument());
  }

  private void done(SqltScript.Record r) throws InterruptedException {
    QueryHandle handle = handle(r.argument());
    assertTrue(handle.awaitTermination(TIMEOUT), "query " + r.argument() + " did not end");
    if (handle.failure() != null) {
      throw new AssertionError("query " + r.argument() + " failed: " + handle.failure(), handle.failure());
    }
  }

  /**
   * {@code failed NAME}: the query stopped with an error at run time, and the error's text (its code,
   * position and hint where it has them) holds the lines that follow.
   */
  private void failed(SqltScript.Record r) throws InterruptedException {
    QueryHandle handle = handle(r.argument());
    syncBackground();
    assertTrue(handle.awaitTermination(TIMEOUT), "query " + r.argument() + " did not end");
    Throwable failure = handle.failure();
    assertTrue(failure != null, "query " + r.argument() + " ended without an error");
    String actual = failure instanceof RunnelException e ? e.describe().replace("\nHint: ", ". Hint: ") : String.valueOf(failure.getMessage());
    String expected = String.join("\n", r.body());
    assertTrue(actual.contains(expected), "expected query " + r.argument() + " to fail with\n  " + expected + "\nbut it failed with\n  " + actual);
  }

  private QueryHandle handle(String name) {
    QueryHandle handle = queries.get(name);
    assertTrue(handle != null, "no query named " + name);
    return handle;
  }

  private void file(SqltScript.Record r) throws IOException {
    Path path = dir.resolve(r.argument());
    Files.createDirectories(path.getParent());
    Files.writeString(path, String.join("\n", r.body()) + (r.body().isEmpty() ? "" : "\n"));
  }

  private void explain(SqltScript.Record r) {
    StatementResult result = engine.execute("EXPLAIN " + sql(r.body()));
    assertTrue(result instanceof StatementResult.Plan, "EXPLAIN gave " + result);
    assertEquals(String.join("\n", r.expected()), ((StatementResult.Plan) result).text().stripTrailing());
  }

  /**
   * A statement with a finite table result (SHOW, DESCRIBE, or a query answered from materialized views'
   * rows): rows as {@code a | b | c}; {@code rows a,c} keeps only the columns named (for results with
   * columns that change as queries run).
   */
  private void rows(SqltScript.Record r) throws InterruptedException {
    StatementResult result = engine.execute(sql(r.body()));
    if (result instanceof StatementResult.Query q) {
      result = answered(q.handle());
    }
    assertTrue(result instanceof StatementResult.Table, "expected a table, got " + result);
    StatementResult.Table table = (StatementResult.Table) result;
    List<Integer> keep = new ArrayList<>();
    for (int c = 0; c < table.columns().size(); c++) {
      if (r.argument().isBlank() || List.of(r.argument().split(",")).contains(table.columns().get(c).name())) {
        keep.add(c);
      }
    }
    List<String> actual = new ArrayList<>();
    for (List<Object> row : table.rows()) {
      actual.add(String.join(" | ", keep.stream().map(c -> ChangeText.value(row.get(c))).toList()).stripTrailing());
    }
    assertEquals(String.join("\n", r.expected()), String.join("\n", actual));
  }

  /** The rows a query that ends by itself answers with (it must give inserts only). */
  private static StatementResult.Table answered(QueryHandle q) throws InterruptedException {
    List<List<Object>> rows = new ArrayList<>();
    java.util.Iterator<Change> changes = q.changes();
    while (changes.hasNext()) {
      Change c = changes.next();
      assertEquals(io.runnel.operators.batch.RowKind.INSERT, c.kind(), "an answer holds rows, not changes: " + c);
      rows.add(c.values());
    }
    assertTrue(q.awaitTermination(TIMEOUT), "query " + q.id() + " did not end");
    if (q.failure() != null) {
      throw new AssertionError("query " + q.id() + " failed: " + q.failure(), q.failure());
    }
    return new StatementResult.Table(q.columns(), rows);
  }

  @Override
  public void close() {
    queries.values().forEach(QueryHandle::cancel);
    background.forEach(QueryHandle::cancel);
    engine.close();
  }
}
