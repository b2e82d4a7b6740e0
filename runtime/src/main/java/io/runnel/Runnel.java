package io.runnel;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A Runnel engine: streams and tables kept as durable logs under a data directory, and standing queries
 * over them that keep their results up to date as events arrive.
 *
 * <pre>{@code
 * try (Runnel runnel = Runnel.open(Path.of("data"))) {
 *   runnel.execute("CREATE STREAM bid (auction BIGINT, price BIGINT)");
 *   try (QueryHandle q = runnel.query("SELECT auction, price FROM bid WHERE price > 100",
 *                                      QueryOptions.fromEarliest())) {
 *     runnel.execute("INSERT INTO bid VALUES (1, 50), (2, 150)");
 *     Change c = q.changes().next();           // +I[2, 150]
 *   }
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. The engine never prints and never exits the process: every problem a
 * user can cause is thrown as a {@link io.runnel.parser.RunnelException} with a code, a position and a
 * hint.
 */
public interface Runnel extends Session, AutoCloseable {

  /**
   * Opens (creating if needed) the engine on {@code dataDir}; streams, tables and their data persist.
   * The JVM must run with the flags Chronicle Queue needs (at least
   * {@code --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED};
   * the README lists them all), and the directory must be writable: otherwise this throws a
   * {@link io.runnel.parser.RunnelException} ({@code RUN-1601}) that says what is missing, before any log
   * is opened.
   */
  static Runnel open(Path dataDir) {
    return open(dataDir, EngineConfig.defaults());
  }

  static Runnel open(Path dataDir, EngineConfig config) {
    return io.runnel.runtime.Engine.start(dataDir, config);
  }

  /**
   * A client of a Runnel server ({@code ./runnel server}) at {@code server}, with a bearer token: the same
   * interface, over its HTTP API. SET applies to this connection's later statements; a SELECT streams its
   * changes from the server. Closing it cancels those queries; the server and its data stay.
   */
  static Runnel connect(URI server, String token) {
    return io.runnel.runtime.remote.RemoteRunnel.connect(server, token);
  }

  /**
   * Runs one or more statements separated by {@code ;} and returns the result of each. DDL, INSERT, SHOW,
   * DESCRIBE, EXPLAIN and SET complete before this returns; a SELECT starts a standing query whose
   * handle is in its {@link StatementResult.Query} result. The engine's own session: what SET gives here
   * applies to every later statement run here ({@link #execute} returns the last result).
   */
  @Override
  List<StatementResult> executeAll(String sql);

  /** Starts a standing query reading new events only (from the end of its inputs' logs). */
  default QueryHandle query(String sql) {
    return query(sql, QueryOptions.defaults());
  }

  /** Starts a standing query; it runs until cancelled, or until its bounded inputs end. */
  QueryHandle query(String sql, QueryOptions options);

  /**
   * The handle of a query {@code SHOW QUERIES} lists: a standing SELECT or a persistent query. Cancelling
   * (or closing) a persistent query's handle stops it until the engine opens again; {@code TERMINATE QUERY}
   * ends it for good. Throws a {@link io.runnel.parser.RunnelException} for an unknown id or a stored query
   * that failed to start.
   */
  QueryHandle handle(String queryId);

  /**
   * A session of its own, for a client among several (a server's request, say): {@code SET} and {@code
   * RESET} in it apply to the statements it runs, never to the engine's {@link #executeAll} or to other
   * sessions. The catalog, the data and the queries are the engine's.
   */
  Session session();

  /**
   * The read side of materialized view {@code name}: lookups by key, scans and subscriptions to its
   * changes. The object stays valid while the view is replaced by new versions; it fails once the view is
   * dropped.
   */
  MaterializedView view(String name);

  /**
   * Appends rows to a stream (or upserts into a table). Values are Java values of the columns' types
   * (see {@link Change#values()}); numbers and strings are converted where the conversion is exact.
   */
  void insert(String relation, List<List<Object>> rows);

  /** The names of the catalog's objects and of the session's options, for completion and help. */
  CatalogSnapshot catalog();

  /** Stops every query, flushes and closes every log. Idempotent. */
  @Override
  void close();
}
