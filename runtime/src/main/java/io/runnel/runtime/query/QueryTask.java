package io.runnel.runtime.query;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.KeyHash;
import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.Vertex;
import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.Checkpointing;
import io.runnel.runtime.checkpoint.SnapshotBuffer;
import io.runnel.runtime.journal.InputJournal;
import io.runnel.runtime.journal.TaskClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one copy of a query's DAG on one thread: polls its sources (the partitions it was given), pushes each
 * batch through the operators, and after every round advances the watermark of each source and lets it
 * flow downstream (an operator's watermark is the minimum over its inputs).
 *
 * <p>A query on {@code parallelism} tasks runs one copy per task. Where an operator's input must meet by
 * key ({@link Distribution}), the rows go through the {@link Exchange} to the task their key's hash picks,
 * and watermarks and idleness go to every task, which takes the minimum over the senders; the result is
 * gathered into task 0, which alone writes to the sink. A task ends when its sources are exhausted and
 * every channel into it has delivered the final watermark, or when the query is cancelled.
 */
public final class QueryTask implements Runnable {
  private static final long IDLE_PARK_NANOS = 1_000_000L;
  private static final long BACKLOG_PARK_NANOS = 100_000L;
  private static final int ELEMENTS_PER_ROUND = 256;
  private static final long REPLAY_WAIT_NANOS = 10_000_000_000L;

  private final int self;
  private final int parallelism;
  private final TaskGroup group;
  private final Exchange exchange; // null on one task
  private final TaskClock clock;
  private final Map<Integer, SourceInput> sources;
  private final Sink sink; // written by task 0 only
  private final QueryCounters counters;
  private final Operator[] operators;
  private final int sinkVertex; // a vertex past the DAG's last one, standing for the sink
  private final List<List<int[]>> consumers; // per vertex: {target vertex, input index}
  private final int[][][] exchangeKeys; // per target, per input: null if rows stay in this task, else the keys ({} = all to task 0)
  private final long[][][] channelWatermarks; // per target, per input, per sender (one sender if rows stay)
  private final boolean[][][] channelIdle;
  private final long[] vertexWatermarks;
  private final long[] fedWatermarks; // per vertex: the last watermark it was given
  private final boolean[] vertexIdle;
  private final Checkpointing checkpointing; // null: the query does not checkpoint
  private final InputJournal journal; // null: the order of the input is the log's
  private final SnapshotBuffer snapshot = new SnapshotBuffer(); // kept between checkpoints for its room

  QueryTask(
      String name,
      int self,
      TaskGroup group,
      DagSpec dag,
      Map<Integer, SourceInput> sources,
      Sink sink,
      QueryCounters counters,
      TaskClock clock,
      ErrorSink errors,
      LateSink late,
      Checkpointing checkpointing) {
    this.self = self;
    this.checkpointing = checkpointing;
    this.journal = checkpointing == null ? null : checkpointing.journal();
    this.group = group;
    this.parallelism = group.parallelism();
    this.exchange = group.exchange();
    this.clock = clock;
    this.sources = sources;
    this.sink = sink;
    this.counters = counters;
    int n = dag.vertices().size();
    sinkVertex = n;
    LateSink counted =
        (source, rowtime, watermark, row) -> {
          clock.gave();
          counters.lateRows++;
          late.late(source, rowtime, watermark, row);
        };
    ErrorSink reported =
        (source, reason, row) -> {
          clock.gave();
          errors.report(source, reason, row);
        };
    operators = new Operator[n];
    consumers = new ArrayList<>();
    exchangeKeys = new int[n + 1][][];
    channelWatermarks = new long[n + 1][][];
    channelIdle = new boolean[n + 1][][];
    vertexWatermarks = new long[n + 1];
    Arrays.fill(vertexWatermarks, Long.MIN_VALUE);
    fedWatermarks = new long[n + 1];
    Arrays.fill(fedWatermarks, Long.MIN_VALUE);
    vertexIdle = new boolean[n + 1];
    for (int v = 0; v < n; v++) {
      consumers.add(new ArrayList<>());
    }
    for (Vertex vertex : dag.vertices()) {
      if (vertex instanceof Vertex.Transform t) {
        exchangeKeys[t.id()] = new int[t.inputs().size()][];
        for (int i = 0; i < t.inputs().size(); i++) {
          consumers.get(t.inputs().get(i)).add(new int[] {t.id(), i});
          Distribution d = t.spec().inputDistribution(i);
          if (parallelism > 1 && d.kind() != Distribution.Kind.FORWARD) {
            exchangeKeys[t.id()][i] = d.keyArray();
          }
        }
        initChannels(t.id(), t.inputs().size());
        String operatorName = name + "/" + t.id() + (parallelism > 1 ? "." + self : "");
        Operator op = t.spec().create();
        op.open(new OperatorContext(operatorName, output(t.id()), clock, reported, counted));
        operators[t.id()] = op;
      }
    }
    if (checkpointing != null && checkpointing.restored() != null) {
      TaskState.restore(checkpointing.restored(), operators, sources);
    }
    consumers.get(n - 1).add(new int[] {sinkVertex, 0});
    exchangeKeys[sinkVertex] = new int[][] {parallelism > 1 ? new int[0] : null};
    initChannels(sinkVertex, 1);
  }

  private void initChannels(int vertex, int inputs) {
    channelWatermarks[vertex] = new long[inputs][];
    channelIdle[vertex] = new boolean[inputs][];
    for (int i = 0; i < inputs; i++) {
      int senders = exchangeKeys[vertex][i] == null ? 1 : parallelism;
      channelWatermarks[vertex][i] = new long[senders];
      Arrays.fill(channelWatermarks[vertex][i], Long.MIN_VALUE);
      channelIdle[vertex][i] = new boolean[senders];
    }
  }

  private Output output(int vertex) {
    return new Output() {
      @Override
      public void emit(Batch batch) {
        clock.gave();
        deliver(vertex, batch);
      }

      @Override
      public void emitWatermark(Watermark watermark) {
        clock.gave();
        deliverWatermark(vertex, watermark.timestamp());
      }
    };
  }

  @Override
  public void run() {
    Throwable failure = null;
    try {
      if (checkpointing != null && checkpointing.restored() != null) {
        redeliver(checkpointing.restored());
      }
      if (journal != null) {
        replay();
      }
      clock.live();
      loop();
      if (checkpointing != null && group.failure() == null) {
        checkpoint(clock.now()); // stopped cleanly: the next start begins here
      }
    } catch (Throwable t) {
      failure = t;
      group.fail(t);
    } finally {
      for (Operator op : operators) {
        if (op != null) {
          op.close();
        }
      }
      // a finished query stays listed until the next one starts: it must not keep its state alive
      Arrays.fill(operators, null);
      sources.values().forEach(SourceInput::close);
      if (checkpointing != null) {
        checkpointing.close();
      }
    }
    if (self == 0) {
      sink.finish(failure != null ? failure : group.failure());
    }
  }

  private void loop() {
    while (!group.cancelled()) {
      long round = counters.roundsStarted + 1;
      counters.roundsStarted = round;
      clock.advance();
      boolean progress = receive();
      // with a consumer behind, leave the sources alone until it catches up (such a round is not idle)
      boolean read = exchange == null || !exchange.backlogged(self);
      boolean allExhausted = true;
      for (Map.Entry<Integer, SourceInput> e : sources.entrySet()) {
        int vertex = e.getKey();
        SourceInput input = e.getValue();
        if (read) {
          Batch batch = input.poll();
          if (batch != null) {
            progress = true;
            if (journal != null) {
              journal.rows(vertex, input.lastPartition(), batch.size()); // before acting on it
            }
            take(vertex, batch);
          }
        }
        if (group.cancelled()) {
          return;
        }
        boolean exhausted = input.exhausted();
        long watermark = exhausted ? Long.MAX_VALUE : input.watermark();
        if (journal != null && watermark > vertexWatermarks[vertex]) {
          journal.watermark(vertex, watermark);
        }
        deliverWatermark(vertex, watermark);
        if (!exhausted && !vertexIdle[vertex] && input.idle()) {
          if (journal != null) {
            journal.idle(vertex);
          }
          setIdle(vertex, true);
        }
        allExhausted &= exhausted;
      }
      clock.fire(operators);
      if (checkpointing != null && checkpointing.due(clock.now())) {
        checkpoint(clock.now());
      }
      if (allExhausted && channelsDone()) {
        return;
      }
      if (!progress) {
        if (read) {
          counters.idleRounds = round;
        }
        // nothing to do, or only sources to read while a consumer catches up: let the other threads run
        LockSupport.parkNanos(read ? IDLE_PARK_NANOS : BACKLOG_PARK_NANOS);
      }
    }
  }

  /** Takes a batch of a source; an empty one stands for a watermark written into its log, delivered after. */
  private void take(int vertex, Batch batch) {
    counters.rowsIn += batch.size();
    if (batch.size() > 0) {
      setIdle(vertex, false);
      deliver(vertex, batch);
    }
  }

  /**
   * Gives the operators of a restored task, before anything else, the watermarks and idleness its sources
   * had given them when the checkpoint was taken. Their state already holds the effect; what it restores
   * is this task's record of each input's watermark, so that an operator fed by several inputs meets the
   * same minimum as before, even where an input's watermark does not move again.
   */
  private void redeliver(Checkpoint checkpoint) {
    checkpoint.delivered().forEach((vertex, given) -> {
      deliverWatermark(vertex, given[0]);
      if (given[1] == 1) {
        setIdle(vertex, true);
      }
    });
  }

  /**
   * Consumes the input as the journal says it was consumed, from the restored checkpoint's entry (or the
   * start) to the journal's end: the same rows of the same partitions, the same watermarks, the same
   * sources going idle, the same processing times and ticks, in the same order. The operators then
   * regenerate what they emitted before, which the outputs skip where they already hold it. After the
   * journal's end the task reads freely again, by the engine's clock.
   */
  private void replay() {
    try (InputJournal.Replay replay = journal.replay(checkpointing.replayFrom())) {
      InputJournal.Entry e;
      while (!group.cancelled() && (e = replay.next()) != null) {
        switch (e.kind()) {
          case ROWS -> take(e.vertex(), replayedRows(e));
          case WATERMARK -> deliverWatermark(e.vertex(), e.value());
          case IDLE -> setIdle(e.vertex(), true);
          case TIME -> clock.replayed(e.value());
          case TICK -> {
            clock.replayed(e.value());
            clock.fire(operators);
          }
        }
      }
    }
  }

  /** The rows a journal entry says were taken; they were read before, so they are in the log. */
  private Batch replayedRows(InputJournal.Entry e) {
    SourceInput input = sources.get(e.vertex());
    long deadline = System.nanoTime() + REPLAY_WAIT_NANOS;
    Batch batch;
    while ((batch = input.poll(e.partition())) == null && System.nanoTime() < deadline && !group.cancelled()) {
      LockSupport.parkNanos(IDLE_PARK_NANOS); // an append not yet visible to this reader
    }
    if (batch == null || batch.size() != e.value()) {
      throw new IllegalStateException(
          "the input journal says " + e.value() + " rows were taken from partition " + e.partition() + " of source " + e.vertex()
              + ", the log gives " + (batch == null ? "none" : batch.size()) + ": the journal and the log disagree");
    }
    return batch;
  }

  /**
   * Takes a checkpoint between two rounds: every batch read has gone through every operator to the sink.
   * Not while a batch is handed out in segments (its position is inside an excerpt): the next round tries.
   */
  private void checkpoint(long now) {
    Checkpoint checkpoint = TaskState.capture(checkpointing, operators, sources, vertexWatermarks, vertexIdle, snapshot);
    if (checkpoint != null) {
      clock.checkpointed();
      checkpointing.taken(checkpoint, now);
    }
  }

  /** Handles what the other tasks sent; true if there was anything. */
  private boolean receive() {
    if (exchange == null) {
      return false;
    }
    boolean any = false;
    for (int from = 0; from < parallelism; from++) {
      if (from == self) {
        continue;
      }
      for (int k = 0; k < ELEMENTS_PER_ROUND; k++) {
        Exchange.Element e = exchange.poll(from, self);
        if (e == null) {
          break;
        }
        any = true;
        if (e.batch() != null) {
          accept(e.target(), e.input(), e.batch());
        } else if (e.idle() != null) {
          channelIdle(e.target(), e.input(), from, e.idle());
        } else {
          channelWatermark(e.target(), e.input(), from, e.watermark());
        }
        exchange.processed();
      }
    }
    return any;
  }

  /** True when every channel from another task into this one has delivered the final watermark. */
  private boolean channelsDone() {
    for (int t = 0; t < channelWatermarks.length; t++) {
      if (channelWatermarks[t] == null || (t == sinkVertex && self != 0)) {
        continue;
      }
      for (int i = 0; i < channelWatermarks[t].length; i++) {
        if (exchangeKeys[t][i] == null) {
          continue;
        }
        for (int from = 0; from < parallelism; from++) {
          if (from != self && channelWatermarks[t][i][from] != Long.MAX_VALUE) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private void deliver(int vertex, Batch batch) {
    for (int[] c : consumers.get(vertex)) {
      int target = c[0];
      int input = c[1];
      int[] keys = exchangeKeys[target][input];
      if (keys == null) {
        accept(target, input, batch);
      } else if (keys.length == 0) {
        route(0, target, input, batch);
      } else {
        Batch[] parts = KeyHash.split(batch, KeyHash.partitions(batch, keys, parallelism), parallelism);
        for (int task = 0; task < parts.length; task++) {
          if (parts[task] != null) {
            route(task, target, input, parts[task]);
          }
        }
      }
    }
  }

  private void route(int task, int target, int input, Batch batch) {
    if (task == self) {
      accept(target, input, batch);
    } else {
      exchange.send(self, task, Exchange.Element.batch(target, input, batch));
    }
  }

  private void accept(int target, int input, Batch batch) {
    if (target == sinkVertex) {
      counters.rowsOut += batch.size();
      sink.accept(batch);
    } else {
      operators[target].processBatch(input, batch);
    }
  }

  private void deliverWatermark(int vertex, long watermark) {
    if (watermark <= vertexWatermarks[vertex]) {
      return;
    }
    vertexWatermarks[vertex] = watermark;
    for (int[] c : consumers.get(vertex)) {
      int target = c[0];
      int input = c[1];
      if (exchangeKeys[target][input] == null) {
        channelWatermark(target, input, 0, watermark);
        continue;
      }
      for (int task = 0; task < parallelism; task++) {
        if (task == self) {
          channelWatermark(target, input, self, watermark);
        } else if (target != sinkVertex || task == 0) {
          exchange.send(self, task, Exchange.Element.watermark(target, input, watermark));
        }
      }
    }
  }

  private void channelWatermark(int target, int input, int sender, long watermark) {
    long[] senders = channelWatermarks[target][input];
    senders[sender] = Math.max(senders[sender], watermark);
    advance(target);
  }

  /**
   * Gives an operator the minimum watermark over its input channels that are not idle, when that minimum
   * rose. When every channel is idle nothing holds the operator back, and it gets the largest of their
   * watermarks.
   */
  private void advance(int vertex) {
    if (vertex == sinkVertex && self != 0) {
      return;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean anyActive = false;
    for (int i = 0; i < channelWatermarks[vertex].length; i++) {
      for (int s = 0; s < channelWatermarks[vertex][i].length; s++) {
        long w = channelWatermarks[vertex][i][s];
        max = Math.max(max, w);
        if (!channelIdle[vertex][i][s]) {
          anyActive = true;
          min = Math.min(min, w);
        }
      }
    }
    long watermark = anyActive ? min : max;
    if (watermark <= fedWatermarks[vertex]) {
      return;
    }
    fedWatermarks[vertex] = watermark;
    if (vertex == sinkVertex) {
      counters.watermark = watermark;
      sink.watermark(new Watermark(watermark));
    } else {
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
    for (int[] c : consumers.get(vertex)) {
      int target = c[0];
      int input = c[1];
      if (exchangeKeys[target][input] == null) {
        channelIdle(target, input, 0, idle);
        continue;
      }
      for (int task = 0; task < parallelism; task++) {
        if (task == self) {
          channelIdle(target, input, self, idle);
        } else if (target != sinkVertex || task == 0) {
          exchange.send(self, task, Exchange.Element.idleness(target, input, idle));
        }
      }
    }
  }

  private void channelIdle(int target, int input, int sender, boolean idle) {
    channelIdle[target][input][sender] = idle;
    advance(target);
    if (target == sinkVertex) {
      return;
    }
    boolean allIdle = true;
    for (boolean[] senders : channelIdle[target]) {
      for (boolean i : senders) {
        allIdle &= i;
      }
    }
    setIdle(target, allIdle);
  }
}
