package io.runnel.runtime.query;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.dag.Vertex;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a query's DAG on one thread: polls its sources, pushes each batch through the operators, and
 * after every round advances the watermark of each source and lets it flow downstream (an operator's
 * watermark is the minimum over its inputs). Ends when every source is exhausted, after the final
 * watermark, or when cancelled.
 */
public final class QueryTask implements Runnable {
  private static final long IDLE_PARK_NANOS = 1_000_000L;

  private final DagSpec dag;
  private final Map<Integer, SourceReader> readers;
  private final Map<Integer, WatermarkTracker> trackers;
  private final Sink sink;
  private final QueryCounters counters;
  private final Operator[] operators;
  private final List<List<int[]>> consumers; // per vertex: {target vertex, input index}
  private final long[][] inputWatermarks; // per vertex, per input
  private final long[] vertexWatermarks;
  private volatile boolean cancelled;

  QueryTask(
      String name,
      DagSpec dag,
      Map<Integer, SourceReader> readers,
      Map<Integer, WatermarkTracker> trackers,
      Sink sink,
      QueryCounters counters,
      Clock clock,
      ErrorSink errors,
      LateSink late) {
    this.dag = dag;
    this.readers = readers;
    this.trackers = trackers;
    this.sink = sink;
    this.counters = counters;
    int n = dag.vertices().size();
    LateSink counted =
        (source, rowtime, watermark, row) -> {
          counters.lateRows++;
          late.late(source, rowtime, watermark, row);
        };
    operators = new Operator[n];
    consumers = new ArrayList<>();
    inputWatermarks = new long[n][];
    vertexWatermarks = new long[n];
    Arrays.fill(vertexWatermarks, Long.MIN_VALUE);
    for (int v = 0; v < n; v++) {
      consumers.add(new ArrayList<>());
    }
    for (Vertex vertex : dag.vertices()) {
      if (vertex instanceof Vertex.Transform t) {
        for (int i = 0; i < t.inputs().size(); i++) {
          consumers.get(t.inputs().get(i)).add(new int[] {t.id(), i});
        }
        inputWatermarks[t.id()] = new long[t.inputs().size()];
        Arrays.fill(inputWatermarks[t.id()], Long.MIN_VALUE);
        Operator op = t.spec().create();
        op.open(new OperatorContext(name + "/" + t.id(), output(t.id()), clock, errors, counted));
        operators[t.id()] = op;
      }
    }
  }

  private Output output(int vertex) {
    return new Output() {
      @Override
      public void emit(Batch batch) {
        deliver(vertex, batch);
      }

      @Override
      public void emitWatermark(Watermark watermark) {
        deliverWatermark(vertex, watermark);
      }
    };
  }

  void cancel() {
    cancelled = true;
  }

  boolean cancelled() {
    return cancelled;
  }

  @Override
  public void run() {
    Throwable failure = null;
    try {
      loop();
    } catch (Throwable t) {
      failure = t;
    } finally {
      for (Operator op : operators) {
        if (op != null) {
          op.close();
        }
      }
      readers.values().forEach(SourceReader::close);
    }
    sink.finish(failure);
  }

  private void loop() {
    while (!cancelled) {
      long round = counters.roundsStarted + 1;
      counters.roundsStarted = round;
      boolean progress = false;
      boolean allExhausted = true;
      for (Map.Entry<Integer, SourceReader> e : readers.entrySet()) {
        int vertex = e.getKey();
        SourceReader reader = e.getValue();
        Batch batch = reader.poll();
        if (batch != null && batch.size() > 0) {
          progress = true;
          counters.rowsIn += batch.size();
          WatermarkTracker tracker = trackers.get(vertex);
          if (tracker != null) {
            tracker.observe(batch);
          }
          deliver(vertex, batch);
        }
        if (cancelled) {
          return;
        }
        long watermark = reader.exhausted() ? Long.MAX_VALUE : trackers.containsKey(vertex) ? trackers.get(vertex).current() : Long.MIN_VALUE;
        if (watermark > vertexWatermarks[vertex]) {
          deliverWatermark(vertex, new Watermark(watermark));
        }
        allExhausted &= reader.exhausted();
      }
      if (allExhausted) {
        return;
      }
      if (!progress) {
        counters.idleRounds = round;
        LockSupport.parkNanos(IDLE_PARK_NANOS);
      }
    }
  }

  private void deliver(int vertex, Batch batch) {
    if (vertex == dag.vertices().size() - 1) {
      counters.rowsOut += batch.size();
      sink.accept(batch);
      return;
    }
    for (int[] target : consumers.get(vertex)) {
      operators[target[0]].processBatch(target[1], batch);
    }
  }

  private void deliverWatermark(int vertex, Watermark watermark) {
    if (watermark.timestamp() <= vertexWatermarks[vertex]) {
      return;
    }
    vertexWatermarks[vertex] = watermark.timestamp();
    if (vertex == dag.vertices().size() - 1) {
      counters.watermark = watermark.timestamp();
      sink.watermark(watermark);
      return;
    }
    for (int[] target : consumers.get(vertex)) {
      long[] inputs = inputWatermarks[target[0]];
      inputs[target[1]] = Math.max(inputs[target[1]], watermark.timestamp());
      long min = Long.MAX_VALUE;
      for (long w : inputs) {
        min = Math.min(min, w);
      }
      if (min > Long.MIN_VALUE) {
        operators[target[0]].processWatermark(new Watermark(min));
      }
    }
  }
}
