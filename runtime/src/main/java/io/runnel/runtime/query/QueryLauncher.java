package io.runnel.runtime.query;

import io.runnel.Column;
import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.dag.Vertex;
import io.runnel.operators.types.Schema;
import io.runnel.planner.PlannedQuery;
import io.runnel.runtime.store.RelationStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** Turns a planned query into a running one: readers for its sources, a task, a sink. */
public final class QueryLauncher {
  private final Function<String, RelationStore> stores;
  private final Clock clock;
  private final ErrorSink errors;
  private final int batchSize;

  public QueryLauncher(Function<String, RelationStore> stores, Clock clock, ErrorSink errors, int batchSize) {
    this.stores = stores;
    this.clock = clock;
    this.errors = errors;
    this.batchSize = batchSize;
  }

  /**
   * Starts a query whose changes go to its handle (or, with {@code discard}, are only counted) and whose
   * late rows go to {@code late}.
   */
  public RunningQuery select(String id, String sql, PlannedQuery plan, boolean fromStart, LateSink late, boolean discard) {
    QueryTask[] task = new QueryTask[1];
    ChangeSink sink = new ChangeSink(plan.schema(), () -> task[0].cancelled(), discard);
    return launch(id, sql, plan, fromStart, sink, sink, task, late);
  }

  /** Starts a query whose result is appended to {@code target} and whose late rows go to {@code late}. */
  public RunningQuery insert(String id, String sql, PlannedQuery plan, boolean fromStart, Consumer<Batch> target, LateSink late) {
    LogSink sink = new LogSink(target);
    return launch(id, sql, plan, fromStart, sink, null, new QueryTask[1], late);
  }

  private RunningQuery launch(
      String id, String sql, PlannedQuery plan, boolean fromStart, CompletionSink sink, ChangeSink changes, QueryTask[] task, LateSink late) {
    Map<Integer, SourceReader> readers = new LinkedHashMap<>();
    Map<Integer, WatermarkTracker> trackers = new LinkedHashMap<>();
    QueryCounters counters = new QueryCounters();
    for (Vertex v : plan.dag().vertices()) {
      if (v instanceof Vertex.Source s) {
        RelationStore store = stores.apply(s.relation());
        // a table is always read whole (its latest rows are its content); so is a bounded stream
        boolean whole = fromStart || !s.primaryKey().isEmpty() || store.bounded();
        readers.put(s.id(), store.reader(whole));
        if (s.watermark() != null) {
          trackers.put(s.id(), new WatermarkTracker(s.watermark(), s.relation(), errors, clock, counters));
        }
      } else if (v instanceof Vertex.Values values) {
        readers.put(values.id(), new ValuesReader(values.outputSchema(), values.rows(), batchSize));
      }
    }
    task[0] = new QueryTask(id, plan.dag(), readers, trackers, sink, counters, clock, errors, late);
    RunningQuery query = new RunningQuery(id, sql, columns(plan.schema()), plan.updating(), task[0], counters, changes, sink);
    query.start();
    return query;
  }

  public static List<Column> columns(Schema schema) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      columns.add(new Column(schema.name(i), schema.type(i).toString()));
    }
    return columns;
  }
}
