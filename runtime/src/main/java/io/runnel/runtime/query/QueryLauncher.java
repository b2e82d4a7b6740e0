package io.runnel.runtime.query;

import io.runnel.Column;
import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.Vertex;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import io.runnel.planner.PlannedQuery;
import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.Checkpointing;
import io.runnel.runtime.journal.TaskClock;
import io.runnel.runtime.store.ProducedOutput;
import io.runnel.runtime.store.RelationStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/** Turns a planned query into a running one: readers for its sources, its tasks, a sink. */
public final class QueryLauncher {
  private final Function<String, RelationStore> stores;
  private final Predicate<String> readWhole;
  private final Clock clock;
  private final ErrorSink errors;
  private final int batchSize;
  private final Workers workers;

  /**
   * {@code readWhole} says which relations are read from their start whatever the query asks: tables and
   * views. A query that writes into a log runs on {@code workers}, if it runs on one task: its rounds never
   * wait. A SELECT waits for its reader when the buffer of its changes is full, and the tasks of a query on
   * several wait for each other in a replay and a checkpoint: those keep a thread per task.
   */
  public QueryLauncher(
      Function<String, RelationStore> stores, Predicate<String> readWhole, Clock clock, ErrorSink errors, int batchSize, Workers workers) {
    this.stores = stores;
    this.readWhole = readWhole;
    this.clock = clock;
    this.errors = errors;
    this.batchSize = batchSize;
    this.workers = workers;
  }

  /** The tasks of a query on {@code parallelism} tasks that writes into a log. */
  private TaskGroup logWriting(int parallelism) {
    return new TaskGroup(parallelism, parallelism == 1 ? workers : null);
  }

  /**
   * Starts a query on {@code parallelism} tasks whose changes go to its handle (or, with {@code discard},
   * are only counted) and whose late rows go to {@code late}.
   */
  public RunningQuery select(
      String id, String sql, PlannedQuery plan, boolean fromStart, LateSink late, boolean discard, int parallelism) {
    return select(id, sql, plan, fromStart, late, errors, discard, parallelism);
  }

  /** Like {@link #select(String, String, PlannedQuery, boolean, LateSink, boolean, int)}, with the query's errors going to {@code queryErrors}. */
  public RunningQuery select(
      String id, String sql, PlannedQuery plan, boolean fromStart, LateSink late, ErrorSink queryErrors, boolean discard, int parallelism) {
    TaskGroup tasks = new TaskGroup(parallelism, null);
    ChangeSink sink = new ChangeSink(plan.schema(), tasks::cancelled, discard);
    return launch(id, sql, plan, task -> StartPositions.of(fromStart), tasks, sink, sink, task -> late, task -> queryErrors, null, Map.of());
  }

  /**
   * Starts a query on one task that reads, in place of each source vertex {@code rows} has, those rows (of
   * the vertex's columns, in their internal values), and ends when it has read them: a query answered from
   * a materialized view's current rows. It answers with the rows its result holds at the end, as inserts.
   */
  public RunningQuery over(String id, String sql, PlannedQuery plan, Map<Integer, List<List<Object>>> rows, LateSink late) {
    TaskGroup tasks = new TaskGroup(1, null);
    ChangeSink sink = new ChangeSink(plan.schema(), tasks::cancelled, false, true);
    return launch(id, sql, plan, task -> StartPositions.EARLIEST, tasks, sink, sink, task -> late, task -> errors, null, rows);
  }

  /** Starts a query on {@code parallelism} tasks whose result is appended to {@code target} and whose late rows go to {@code late}. */
  public RunningQuery insert(
      String id, String sql, PlannedQuery plan, boolean fromStart, Consumer<Batch> target, LateSink late, int parallelism) {
    return launch(id, sql, plan, task -> StartPositions.of(fromStart), logWriting(parallelism), new LogSink(target), null, task -> late, task -> errors, null, Map.of());
  }

  /**
   * Starts persistent query {@code id} on as many tasks as {@code checkpointing} has: its result (written
   * by task 0), and each task's late rows ({@code late}) and errors ({@code errors}), are appended as its
   * own output ({@link RelationStore#appendProduced}), so that a query started again over the same input
   * writes nothing twice. It starts from the checkpoint {@code checkpointing} restored, if any, else from
   * {@code start}, and checkpoints as it runs.
   */
  public RunningQuery persistent(
      String id,
      String sql,
      PlannedQuery plan,
      StartPositions start,
      ProducedOutput target,
      IntFunction<LateSink> late,
      IntFunction<ErrorSink> errors,
      Checkpointing checkpointing) {
    Checkpoint restored = checkpointing.restored();
    int parallelism = checkpointing.parallelism();
    IntFunction<StartPositions> from = restored == null ? task -> start : task -> StartPositions.of(restored, task);
    return launch(id, sql, plan, from, logWriting(parallelism), new ProducedSink(target), null, late, errors, checkpointing, Map.of());
  }

  private RunningQuery launch(
      String id,
      String sql,
      PlannedQuery plan,
      IntFunction<StartPositions> starts,
      TaskGroup tasks,
      CompletionSink sink,
      ChangeSink changes,
      IntFunction<LateSink> lates,
      IntFunction<ErrorSink> taskErrors,
      Checkpointing checkpointing,
      Map<Integer, List<List<Object>>> given) {
    int parallelism = tasks.parallelism();
    CheckpointBarrier barrier = checkpointing == null ? null : new CheckpointBarrier(tasks, checkpointing, clock);
    for (int task = 0; task < parallelism; task++) {
      QueryCounters counters = new QueryCounters();
      StartPositions start = starts.apply(task);
      ErrorSink errors = taskErrors.apply(task);
      TaskClock taskClock = taskClock(plan.dag(), checkpointing, task);
      Map<Integer, SourceInput> sources = new LinkedHashMap<>();
      for (Vertex v : plan.dag().vertices()) {
        if (v instanceof Vertex.Source s && given.containsKey(s.id())) {
          SourceReader reader = new ValuesReader(s.outputSchema(), task == 0 ? given.get(s.id()) : List.of(), batchSize, 0);
          sources.put(s.id(), new SourceInput(new SourceReader[] {reader}, new WatermarkTracker[1]));
        } else if (v instanceof Vertex.Source s) {
          sources.put(s.id(), sourceInput(s, readColumns(plan.dag(), s), start, task, parallelism, counters, errors, tasks, taskClock));
        } else if (v instanceof Vertex.Values values) {
          // constant rows are read once, by the first task
          List<List<Object>> rows = task == 0 ? values.rows() : List.of();
          // a checkpoint says how many of them were read: they are not read again
          int from = task == 0 && start.exact() ? (int) Math.max(0, start.row(values.id(), "VALUES", 0)) : 0;
          SourceReader reader = new ValuesReader(values.outputSchema(), rows, batchSize, from);
          sources.put(values.id(), new SourceInput(new SourceReader[] {reader}, new WatermarkTracker[1]));
        }
      }
      QueryTask queryTask = new QueryTask(id, task, tasks, plan.dag(), sources, sink, counters, taskClock, errors, lates.apply(task), barrier);
      Runnable wake = tasks.add(queryTask, counters, "runnel-query-" + id + (parallelism > 1 ? "." + task : ""));
      wakeOnAppend(plan.dag(), given, sources, wake);
    }
    RunningQuery query = new RunningQuery(id, sql, plan, tasks, changes, sink);
    query.start();
    return query;
  }

  /**
   * Task {@code task}'s clock: one that records its times in the query's input journal when it has one (see {@link
   * TaskClock}), else one that records nothing.
   */
  private TaskClock taskClock(DagSpec dag, Checkpointing checkpointing, int task) {
    if (checkpointing == null || checkpointing.journal(task) == null) {
      return TaskClock.unrecorded(clock);
    }
    boolean readsWhileTaking = dag.vertices().stream().anyMatch(v -> v instanceof Vertex.Transform t && t.spec().readsClock());
    return TaskClock.recording(clock, checkpointing.journal(task), checkpointing.replayFrom(task), readsWhileTaking);
  }

  /**
   * Runs {@code wake} whenever a log the task reads is appended to, so that an idle task takes new rows at
   * once rather than at its next poll; the wake-up stops when the task closes its inputs.
   */
  private void wakeOnAppend(DagSpec dag, Map<Integer, List<List<Object>>> given, Map<Integer, SourceInput> sources, Runnable wake) {
    for (Vertex v : dag.vertices()) {
      if (v instanceof Vertex.Source s && !given.containsKey(s.id())) {
        RelationStore store = stores.apply(s.relation());
        store.onAppend(wake);
        sources.get(s.id()).onClose(() -> store.removeOnAppend(wake));
      }
    }
  }

  /** The partitions of a source that task {@code task} of {@code parallelism} reads: every {@code parallelism}-th. */
  private SourceInput sourceInput(
      Vertex.Source s,
      boolean[] columns,
      StartPositions start,
      int task,
      int parallelism,
      QueryCounters counters,
      ErrorSink errors,
      TaskGroup tasks,
      TaskClock taskClock) {
    RelationStore store = stores.apply(s.relation());
    // a table or a view is always read whole (its latest rows are its content); so is a bounded stream
    boolean whole = readWhole.test(s.relation()) || store.bounded();
    List<SourceReader> readers = new ArrayList<>();
    List<WatermarkTracker> trackers = new ArrayList<>();
    for (int p = task; p < store.partitions(); p += parallelism) {
      long row = whole && !start.exact() ? 0 : start.row(s.id(), s.relation(), p);
      SourceReader reader = row < 0 ? store.reader(p, false, columns) : store.readerFrom(p, row, columns);
      readers.add(reader);
      int partition = p;
      String name = store.partitions() > 1 ? s.relation() + "/" + p : s.relation();
      WatermarkTracker tracker = s.watermark() == null ? null : new WatermarkTracker(s.watermark(), name, errors, taskClock, counters);
      trackers.add(tracker);
      tasks.addInput(new InputPartition(s.id(), name, p, reader, () -> store.rowCount(partition), tracker));
    }
    return new SourceInput(readers.toArray(new SourceReader[0]), trackers.toArray(new WatermarkTracker[0]));
  }

  /**
   * The columns of source {@code s} the query reads, or null for all of them. The log reader then skips the
   * others instead of decoding them: Nexmark's {@code extra} and {@code url} strings, for most queries.
   */
  static boolean[] readColumns(DagSpec dag, Vertex.Source s) {
    if (s.watermark() != null && s.watermark().maxAheadMillis() > 0) {
      return null; // a far-ahead row is reported as the source wrote it, every column
    }
    boolean[] read = readColumns(dag, s.id());
    if (read != null && s.watermark() != null) {
      Expr.markInputs(s.watermark().expression(), read);
      if (s.watermark().rowtime() >= 0) {
        read[s.watermark().rowtime()] = true; // rows behind the watermark are judged apart
      }
    }
    return read;
  }

  /**
   * The output columns of vertex {@code v} that the vertices it feeds read, as each says given what is read
   * of its own output ({@link io.runnel.operators.dag.OperatorSpec#inputColumnsRead}); null (all) when one
   * does not say, or when {@code v} is the result.
   */
  private static boolean[] readColumns(DagSpec dag, int v) {
    if (v == dag.vertices().size() - 1) {
      return null;
    }
    boolean[] read = new boolean[dag.vertices().get(v).outputSchema().size()];
    for (Vertex vertex : dag.vertices()) {
      if (!(vertex instanceof Vertex.Transform t)) {
        continue;
      }
      for (int i = 0; i < t.inputs().size(); i++) {
        if (t.inputs().get(i) != v) {
          continue;
        }
        boolean[] used = t.spec().inputColumnsRead(i, readColumns(dag, t.id()));
        if (used == null) {
          return null;
        }
        for (int c = 0; c < read.length; c++) {
          read[c] |= used[c];
        }
      }
    }
    return read;
  }

  /**
   * For EXPLAIN: how a query runs on {@code parallelism} tasks: which partitions each task reads, and where
   * rows cross between tasks to meet by key (or in one task).
   */
  public static String describeTasks(DagSpec dag, int parallelism, java.util.function.ToIntFunction<String> partitions) {
    StringBuilder sb = new StringBuilder("Tasks: " + parallelism + " (task i reads partitions i, i+" + parallelism + ", ...)");
    for (Vertex v : dag.vertices()) {
      if (v instanceof Vertex.Source s) {
        int n = partitions.applyAsInt(s.relation());
        sb.append("\n  ").append(s.relation()).append(": ").append(n).append(n == 1 ? " partition" : " partitions");
      } else if (v instanceof Vertex.Transform t) {
        String op = t.spec().describe();
        op = op.contains("(") ? op.substring(0, op.indexOf('(')) : op;
        for (int i = 0; i < t.inputs().size(); i++) {
          Distribution d = t.spec().inputDistribution(i);
          if (d.kind() == Distribution.Kind.FORWARD) {
            continue;
          }
          Schema in = dag.vertices().get(t.inputs().get(i)).outputSchema();
          sb.append("\n  ").append(op).append(d.kind() == Distribution.Kind.HASH
              ? ": rows meet by the hash of " + d.keys().stream().map(in::name).toList()
              : ": every row goes to task 0 (no key to split by)");
        }
      }
    }
    return sb.append("\n  result: gathered into task 0\n").toString();
  }

  public static List<Column> columns(Schema schema) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      columns.add(new Column(schema.name(i), schema.type(i).toString()));
    }
    return columns;
  }
}
