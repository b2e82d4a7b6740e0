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
  private final Clock clock;
  private final Map<Integer, SourceReader> readers;
  private final Map<Integer, WatermarkTracker> trackers;
  private final Sink sink;
  private final QueryCounters counters;
  private final Operator[] operators;
  private final List<List<int[]>> consumers; // per vertex: {target vertex, input index}
  private final long[][] inputWatermarks; // per vertex, per input
  private final boolean[][] inputIdle; // per vertex, per input: that input went idle
  private final long[] vertexWatermarks;
  private final long[] fedWatermarks; // per operator: the last watermark it was given
  private final boolean[] vertexIdle;
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
    this.clock = clock;
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
    inputIdle = new boolean[n][];
    vertexWatermarks = new long[n];
    Arrays.fill(vertexWatermarks, Long.MIN_VALUE);
    fedWatermarks = new long[n];
    Arrays.fill(fedWatermarks, Long.MIN_VALUE);
    vertexIdle = new boolean[n];
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
        inputIdle[t.id()] = new boolean[t.inputs().size()];
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
      // a finished query stays listed until the next one starts: it must not keep its state alive
      Arrays.fill(operators, null);
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
          setIdle(vertex, false);
          deliver(vertex, batch);
        }
        if (cancelled) {
          return;
        }
        WatermarkTracker tracker = trackers.get(vertex);
        long watermark = reader.exhausted() ? Long.MAX_VALUE : tracker != null ? tracker.current() : Long.MIN_VALUE;
        if (watermark > vertexWatermarks[vertex]) {
          deliverWatermark(vertex, new Watermark(watermark));
        }
        if (tracker != null && !reader.exhausted() && !vertexIdle[vertex] && tracker.idle()) {
          setIdle(vertex, true);
        }
        allExhausted &= reader.exhausted();
      }
      long now = clock.millis();
      for (Operator op : operators) {
        if (op != null) {
          op.processTime(now);
        }
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
      advance(target[0]);
    }
  }

  /**
   * Gives an operator the minimum watermark over its inputs that are not idle, when that minimum rose. When
   * every input is idle nothing holds the operator back, and it gets the largest of their watermarks.
   */
  private void advance(int vertex) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean anyActive = false;
    for (int i = 0; i < inputWatermarks[vertex].length; i++) {
      max = Math.max(max, inputWatermarks[vertex][i]);
      if (!inputIdle[vertex][i]) {
        anyActive = true;
        min = Math.min(min, inputWatermarks[vertex][i]);
      }
    }
    long watermark = anyActive ? min : max;
    if (watermark > fedWatermarks[vertex]) {
      fedWatermarks[vertex] = watermark;
      operators[vertex].processWatermark(new Watermark(watermark));
    }
  }

  /**
   * Marks a vertex idle (or active again). An idle input no longer holds back the watermark of the operator
   * it feeds; an operator all of whose inputs are idle is idle itself. An input that comes back is counted
   * again from its next watermark on; the operator's watermark never goes back, so its rows behind it are late.
   */
  private void setIdle(int vertex, boolean idle) {
    if (vertexIdle[vertex] == idle) {
      return;
    }
    vertexIdle[vertex] = idle;
    for (int[] target : consumers.get(vertex)) {
      inputIdle[target[0]][target[1]] = idle;
      boolean allIdle = true;
      for (boolean i : inputIdle[target[0]]) {
        allIdle &= i;
      }
      advance(target[0]);
      setIdle(target[0], allIdle);
    }
  }
}
