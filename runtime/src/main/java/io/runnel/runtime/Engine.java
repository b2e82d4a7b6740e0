package io.runnel.runtime;

import io.runnel.CatalogSnapshot;
import io.runnel.Column;
import io.runnel.EngineConfig;
import io.runnel.MaterializedView;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.Session;
import io.runnel.StatementResult;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.CatalogObject;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.catalog.ViewDef;
import io.runnel.runtime.query.QueryLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded engine behind {@link Runnel}: the catalog (replayed from its log on start), one durable
 * log per stream and table, and the running queries. Statements are executed one at a time, holding the
 * engine's lock alone but for their long waits; inserts and reads of views and the catalog share it ({@link
 * EngineLock}). Persistent queries run in a pool of worker threads, a SELECT on threads of its own.
 */
public final class Engine implements Runnel {
  private final Relations relations;
  private final StatementRunner runner;
  private final EngineLock lock = new EngineLock(this::ensureOpen);
  private volatile boolean closed;

  private Engine(Path dataDir, EngineConfig config) {
    this.relations = new Relations(dataDir, config);
    this.runner = new StatementRunner(relations, config, lock);
  }

  /**
   * Opens the engine on {@code dataDir}. Fails with a {@link RunnelException} ({@link ErrorCode#IO_ERROR})
   * before touching any log when the JVM lacks the flags Chronicle Queue needs, or when the directory
   * cannot be created or written.
   */
  public static Runnel start(Path dataDir, EngineConfig config) {
    StartupChecks.requireJvmFlags();
    StartupChecks.requireWritableDataDir(dataDir);
    Engine engine = new Engine(dataDir, config);
    try {
      engine.runner.replayCatalog();
    } catch (RuntimeException | Error e) {
      engine.close(); // frees the data directory's lock
      throw e;
    }
    return engine;
  }

  @Override
  public List<StatementResult> executeAll(String sql) {
    return lock.exclusive(() -> {
      ensureOpen();
      return atStatementBoundary(() -> runner.executeScript(sql));
    });
  }

  @Override
  public Session session() {
    SessionSettings settings = lock.exclusive(() -> {
      ensureOpen();
      return runner.newSession();
    });
    return new Session() {
      @Override
      public List<StatementResult> executeAll(String sql) {
        return lock.exclusive(() -> {
          ensureOpen();
          return atStatementBoundary(() -> runner.executeScript(sql, settings));
        });
      }
    };
  }

  @Override
  public QueryHandle query(String sql, QueryOptions options) {
    return lock.exclusive(() -> query0(sql, options));
  }

  private QueryHandle query0(String sql, QueryOptions options) {
    ensureOpen();
    return atStatementBoundary(() -> {
      Statement statement = StatementRunner.parseSingle(sql);
      if (!(statement instanceof Statement.QueryStatement q)) {
        throw RunnelException.user(ErrorCode.UNSUPPORTED, statement.pos(), "query() takes a SELECT; use execute() for other statements");
      }
      return runner.startSelect(q, sql, options.earliest(), options.discard());
    });
  }

  /**
   * Runs a statement so that whatever it throws reaches the caller as a {@link RunnelException} with a
   * code: a stack overflow (the nesting limit should make it impossible) as a statement too complex, any
   * other unexpected exception as an internal error, with the exception as its cause.
   */
  private static <T> T atStatementBoundary(java.util.function.Supplier<T> statement) {
    try {
      return statement.get();
    } catch (RunnelException e) {
      throw e;
    } catch (StackOverflowError e) {
      throw new RunnelException(
          ErrorCode.STATEMENT_TOO_COMPLEX, null, "Statement is too complex to process", "Simplify the expression, or move subqueries into views.", e);
    } catch (RuntimeException | AssertionError e) {
      // an AssertionError is a planner library's check of its own invariants: a bug, not the end of the engine
      throw new RunnelException(ErrorCode.INTERNAL_ERROR, null, "Internal error: " + e, "This is a bug in Runnel; please report it with the statement.", e);
    }
  }

  @Override
  public QueryHandle handle(String queryId) {
    return lock.shared(() -> {
      ensureOpen();
      return runner.handle(queryId);
    });
  }

  @Override
  public MaterializedView view(String name) {
    return lock.shared(() -> {
      ensureOpen();
      return runner.view(name);
    });
  }

  @Override
  public void insert(String relation, List<List<Object>> rows) {
    lock.shared(() -> {
      insert0(relation, rows);
      return null;
    });
  }

  private void insert0(String relation, List<List<Object>> rows) {
    ensureOpen();
    RelationDef def = runner.insertTarget(relation, null);
    Schema schema = def.schema();
    BatchBuilder builder = new BatchBuilder(schema, rows.size());
    for (List<Object> row : rows) {
      if (row.size() != schema.size()) {
        throw RunnelException.user(
            ErrorCode.COLUMN_COUNT_MISMATCH, null, "Row " + row + " has " + row.size() + " values, " + def.name() + " has " + schema.size() + " columns");
      }
      Object[] values = new Object[schema.size()];
      for (int c = 0; c < values.length; c++) {
        values[c] = JavaValues.toPhysical(row.get(c), schema.type(c), schema.name(c));
      }
      builder.add(values);
    }
    relations.store(def.name()).append(builder.build());
  }

  @Override
  public CatalogSnapshot catalog() {
    return lock.shared(this::catalog0);
  }

  private CatalogSnapshot catalog0() {
    Map<String, List<Column>> streams = new LinkedHashMap<>();
    Map<String, List<Column>> tables = new LinkedHashMap<>();
    Map<String, List<Column>> views = new LinkedHashMap<>();
    for (CatalogObject o : relations.catalog().all()) {
      List<Column> columns = QueryLauncher.columns(o.schema());
      if (o instanceof ViewDef || ((RelationDef) o).isMaterializedView()) {
        views.put(o.name(), columns);
      } else if (((RelationDef) o).isTable()) {
        tables.put(o.name(), columns);
      } else {
        streams.put(o.name(), columns);
      }
    }
    List<String> functions = new ArrayList<>(StatementRunner.functionNames());
    relations.catalog().functions().forEach(f -> functions.add(f.name()));
    return new CatalogSnapshot(streams, tables, views, runner.queryIds(), functions);
  }

  private void ensureOpen() {
    if (closed) {
      throw RunnelException.user(ErrorCode.ENGINE_CLOSED, null, "The engine is closed");
    }
  }

  @Override
  public void close() {
    lock.exclusive(() -> {
      if (!closed) {
        closed = true;
        runner.stopAll();
        relations.close();
      }
      return null;
    });
  }
}
