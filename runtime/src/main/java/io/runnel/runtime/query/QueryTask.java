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
import java.util.Set;
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
 *
 * <p>A task of a persistent query journals what it takes, from its sources and from each other task, and
 * replays its journal when it starts ({@link JournalReplay}); it takes part in the query's checkpoints,
 * which pause every task between rounds ({@link CheckpointBarrier}), and in one last one when it stops.
 */
public final class QueryTask implements Runnable, Workers.Job {
  private static final long IDLE_PARK_NANOS = 1_000_000L;
  /**
   * After this many idle rounds in a row, a task the clock does not drive parks {@link #LONG_IDLE_PARK_NANOS},
   * then twice as long each idle round up to {@link #LONGEST_PARK_DOUBLINGS} times (only that first park when a
   * source may go idle, which only time tells), and never past the time a checkpoint falls due: an append to
   * a log it reads, a batch sent to it, a sync and a cancel wake it at once. Many idle persistent queries
   * then cost next to nothing.
   */
  private static final int IDLE_ROUNDS_BEFORE_LONG_PARK = 100;
  private static final long LONG_IDLE_PARK_NANOS = 50_000_000L;
  /** A park doubles from {@link #LONG_IDLE_PARK_NANOS} this many times at most: 1.6 s. */
  private static final int LONGEST_PARK_DOUBLINGS = 5;
  private static final long BACKLOG_PARK_NANOS = 100_000L;
  private static final int ELEMENTS_PER_ROUND = 256;

  private final int self;
  private final int parallelism;
  private final TaskGroup group;
  private final Exchange exchange; // null on one task
  private final TaskClock clock;
  private final Map<Integer, SourceInput> sources;
  private final Sink sink; // written by task 0 only
  private final QueryCounters counters;
  private final VertexCounters vertexCounters;
  private final Operator[] operators;
  private final int sinkVertex; // a vertex past the DAG's last one, standing for the sink
  private final List<List<int[]>> consumers; // per vertex: {target vertex, input index}
  private final int[][][] exchangeKeys; // per target, per input: null if rows stay in this task, else the keys ({} = all to task 0)
  private final long[][][] channelWatermarks; // per target, per input, per sender (one sender if rows stay)
  private final boolean[][][] channelIdle;
  private final boolean[][] timeless; // per target, per input: its watermark holds nothing back (a lookup join's table)
  private final boolean[][] lookedUp; // per target, per input: read first and only looked up in, it need not end (a lookup join's table)
  /** Whether an operator reads or acts on the clock: then the task keeps looking every millisecond. */
  private boolean clockDriven;
  /** Idle rounds in a row. */
  private int idleInARow;
  /** Whether a source may go idle when it has no rows for a while: the task then looks at least every {@link #LONG_IDLE_PARK_NANOS}. */
  private final boolean sourcesTimeOut;
  private boolean started; // the journal has been replayed
  private boolean stopping; // a last checkpoint is asked for: the task ends once it is written or abandoned
  private boolean waiting; // stopped for a checkpoint that some task has not stopped for yet
  private boolean ended;
  private boolean moved; // a watermark moved or an input's idleness changed in this round
  private final ReadOrder readOrder;
  private final Set<Integer> lookupVertices; // sources only looked up in, and what they feed: the query ends without them
  private final long[] vertexWatermarks;
  private final long[] fedWatermarks; // per vertex: the last watermark it was given
  private final boolean[] vertexIdle;
  private final TaskState.Routing routing; // the arrays above, as a checkpoint holds them
  private final CheckpointBarrier barrier; // null: the query does not checkpoint
  private final Checkpointing checkpointing; // null: the query does not checkpoint
  private final InputJournal journal; // null: the order of the input is the log's
  private final Exchange.Element[] inbox = new Exchange.Element[ELEMENTS_PER_ROUND];
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
      CheckpointBarrier barrier) {
    this.self = self;
    this.barrier = barrier;
    this.checkpointing = barrier == null ? null : barrier.checkpointing();
    this.journal = checkpointing == null ? null : checkpointing.journal(self);
    this.group = group;
    this.parallelism = group.parallelism();
    this.exchange = group.exchange();
    this.clock = clock;
    this.sources = sources;
    this.sourcesTimeOut = sources.values().stream().anyMatch(SourceInput::timesOut);
    this.sink = sink;
    this.counters = counters;
    int n = dag.vertices().size();
    sinkVertex = n;
    vertexCounters = new VertexCounters(n);
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
    timeless = new boolean[n + 1][];
    lookedUp = new boolean[n + 1][];
    readOrder = new ReadOrder(dag);
    lookupVertices = dag.lookupVertices();
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
        clockDriven |= t.spec().readsClock() || t.spec().firesByClock();
        timeless[t.id()] = new boolean[t.inputs().size()];
        lookedUp[t.id()] = new boolean[t.inputs().size()];
        for (int i = 0; i < t.inputs().size(); i++) {
          timeless[t.id()][i] = !t.spec().holdsTime(i);
          lookedUp[t.id()][i] = t.spec().readsFirst(i);
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
    consumers.get(n - 1).add(new int[] {sinkVertex, 0});
    exchangeKeys[sinkVertex] = new int[][] {parallelism > 1 ? new int[0] : null};
    timeless[sinkVertex] = new boolean[1];
    lookedUp[sinkVertex] = new boolean[1];
    initChannels(sinkVertex, 1);
    routing = new TaskState.Routing(vertexWatermarks, fedWatermarks, vertexIdle, channelWatermarks, channelIdle);
    Checkpoint.Task restored = checkpointing == null ? null : checkpointing.restored(self);
    if (restored != null) {
      TaskState.restore(restored, operators, sources, routing);
      counters.watermark = fedWatermarks[sinkVertex];
    }
  }

  /** What each vertex of this task has done, for DESCRIBE QUERY. */
  VertexCounters vertexCounters() {
    return vertexCounters;
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

  /** Runs the task on the calling thread, parking between rounds, until it ends. */
  @Override
  public void run() {
    long park;
    while ((park = round()) != Workers.DONE) {
      if (park > 0) {
        LockSupport.parkNanos(park);
      }
    }
  }

  /**
   * Runs one round (the first replays the task's journal), and returns 0 to run the next at once, {@link
   * Workers#DONE} once the task has ended (its inputs and operators are closed then, and task 0 has
   * finished the sink), or the nanoseconds it may park before the next: something it waits for wakes it.
   */
  @Override
  public long round() {
    if (ended) {
      return Workers.DONE;
    }
    try {
      if (!started) {
        started = true;
        boolean replayed = journal == null || new JournalReplay(self, group, sources, replayInput()).replay(journal, checkpointing.replayFrom(self));
        group.replayDone(self);
        if (!replayed) { // a task cut short in its replay is not where its journal says: it checkpoints no more
          end(null);
          return Workers.DONE;
        }
        clock.live();
        if (barrier != null) {
          barrier.changed(); // a replay rebuilt what the last checkpoint holds, and maybe more
        }
        return 0;
      }
      long park = step();
      if (park == Workers.DONE) {
        end(null);
      }
      return park;
    } catch (Throwable t) {
      group.fail(t);
      end(t);
      return Workers.DONE;
    }
  }

  private void end(Throwable failure) {
    ended = true;
    try {
      group.replayDone(self);
      if (barrier != null) {
        barrier.leave();
      }
      for (Operator op : operators) {
        if (op != null) {
          op.close();
        }
      }
      // a finished query stays listed until the next one starts: it must not keep its state alive
      Arrays.fill(operators, null);
      sources.values().forEach(SourceInput::close);
      if (checkpointing != null) {
        checkpointing.close(self);
      }
    } finally {
      if (self == 0) {
        sink.finish(failure != null ? failure : group.failure());
      }
      group.ended(self); // last: a sync that sees every task ended finds what the sink was given at the end
    }
  }

  /**
   * One round of the task's life after its replay; the query ends or is cancelled in some round. A task of
   * a query that checkpoints then stops cleanly: it asks for one last checkpoint and ends once that is
   * written, or abandoned because a task ended first or the query failed.
   */
  private long step() {
    if (!stopping && group.cancelled()) {
      if (barrier == null || group.failure() != null) {
        return Workers.DONE;
      }
      stopping = true;
      barrier.request();
    }
    boolean pausing = barrier != null && barrier.requested();
    if (stopping && !pausing) {
      return Workers.DONE; // the last checkpoint was abandoned
    }
    waiting &= pausing;
    long round = counters.roundsStarted + 1;
    counters.roundsStarted = round;
    clock.advance();
    boolean progress = receive();
    // with a consumer behind, leave the sources alone until it catches up (such a round is not idle);
    // for a checkpoint, read only what finishes a batch handed out in part
    boolean read = !pausing && (exchange == null || !exchange.backlogged(self));
    boolean holding = readOrder.waiting(); // a round that holds sources back has not caught up with them
    if (!waiting) {
      progress |= readSources(read, pausing);
    }
    if (!pausing) {
      clock.fire(operators);
      for (int v = 0; v < operators.length; v++) {
        if (operators[v] != null) {
          vertexCounters.state(v, operators[v]);
        }
      }
    }
    if (barrier != null && (progress || moved || clockDriven)) {
      barrier.changed();
    }
    moved = false;
    if (self == 0 && checkpointing != null && checkpointing.due(clock.now(), barrier.anyChanged())) {
      barrier.request();
    }
    if (pausing && !midBatch()) {
      waiting = !barrier.arrive(self, this::capture);
      if (!waiting && stopping) {
        return Workers.DONE;
      }
    }
    if (!stopping && !waiting && exhausted() && channelsDone()) {
      if (barrier == null) {
        return Workers.DONE;
      }
      stopping = true; // ended: the next start begins from here
      barrier.request();
    }
    if (progress) {
      idleInARow = 0;
      return 0;
    }
    if (read && !holding) {
      counters.idleRounds = round;
    }
    // nothing to do, or only sources to read while a consumer catches up: let the other tasks run
    if (!read) {
      return BACKLOG_PARK_NANOS;
    }
    if (holding || pausing || clockDriven || ++idleInARow <= IDLE_ROUNDS_BEFORE_LONG_PARK) {
      return IDLE_PARK_NANOS;
    }
    // idle a while: park longer and longer, up to what a source going idle allows, and not past a checkpoint
    long park = sourcesTimeOut ? LONG_IDLE_PARK_NANOS : LONG_IDLE_PARK_NANOS << Math.min(LONGEST_PARK_DOUBLINGS, idleInARow - IDLE_ROUNDS_BEFORE_LONG_PARK - 1);
    if (self == 0 && checkpointing != null) {
      long untilDue = checkpointing.millisUntilDue(clock.now());
      park = Math.min(park, Math.max(IDLE_PARK_NANOS, untilDue >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : untilDue * 1_000_000L));
    }
    return park;
  }

  /**
   * Polls each source once if {@code read} (with {@code finishing}, only those handing out a batch in
   * part), journalling what it takes before acting on it, then advances each source's watermark and
   * idleness. True if it took rows.
   */
  private boolean readSources(boolean read, boolean finishing) {
    boolean progress = false;
    boolean firstDrained = true;
    for (Map.Entry<Integer, SourceInput> e : sources.entrySet()) {
      int vertex = e.getKey();
      SourceInput input = e.getValue();
      if ((read && !readOrder.holds(vertex)) || (finishing && input.midBatch())) {
        Batch batch = input.poll();
        firstDrained &= batch == null || !readOrder.first(vertex);
        if (batch != null) {
          progress = true;
          if (journal != null) {
            journal.rows(vertex, input.lastPartition(), batch.size()); // before acting on it
          }
          take(vertex, batch);
        }
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
    }
    if (read) {
      readOrder.roundRead(firstDrained, self, group);
    }
    return progress;
  }

  /** True when every source the query scans has ended (a lookup join's table is only looked up in: it need not). */
  private boolean exhausted() {
    for (Map.Entry<Integer, SourceInput> e : sources.entrySet()) {
      if (!e.getValue().exhausted() && !lookupVertices.contains(e.getKey())) {
        return false;
      }
    }
    return true;
  }

  private boolean midBatch() {
    for (SourceInput input : sources.values()) {
      if (input.midBatch()) {
        return true;
      }
    }
    return false;
  }

  /** Takes a batch of a source; an empty one stands for a watermark written into its log, delivered after. */
  private void take(int vertex, Batch batch) {
    counters.rowsIn += batch.size();
    if (batch.size() > 0) {
      setIdle(vertex, false);
      deliver(vertex, batch);
    }
  }

  /** What the journal's replay hands the task: what the task does with its input as it first takes it. */
  private JournalReplay.Input replayInput() {
    return new JournalReplay.Input() {
      @Override
      public void rows(int vertex, Batch batch) {
        take(vertex, batch);
      }

      @Override
      public void watermark(int vertex, long watermark) {
        deliverWatermark(vertex, watermark);
      }

      @Override
      public void idle(int vertex) {
        setIdle(vertex, true);
      }

      @Override
      public void element(int from, Exchange.Element element) {
        handle(from, element);
      }

      @Override
      public void time(long millis) {
        clock.replayed(millis);
      }

      @Override
      public void tick(long millis) {
        clock.replayed(millis);
        clock.fire(operators);
      }
    };
  }

  /** This task's part of a checkpoint: called when every task has stopped and nothing is in flight. */
  private Checkpoint.Task capture() {
    Checkpoint.Task part = TaskState.capture(checkpointing, self, operators, sources, routing, snapshot);
    clock.checkpointed(); // a replay from here learns the time again from what follows
    return part;
  }

  /**
   * Handles what the other tasks sent, journalling how many elements it takes from each before acting on
   * them; true if there was anything.
   */
  private boolean receive() {
    if (exchange == null) {
      return false;
    }
    boolean any = false;
    for (int from = 0; from < parallelism; from++) {
      if (from == self) {
        continue;
      }
      int n = 0;
      Exchange.Element e;
      while (n < inbox.length && (e = exchange.poll(from, self)) != null) {
        inbox[n++] = e;
      }
      if (n == 0) {
        continue;
      }
      any = true;
      if (journal != null) {
        journal.received(from, n);
      }
      for (int k = 0; k < n; k++) {
        handle(from, inbox[k]);
        inbox[k] = null;
        exchange.processed();
      }
    }
    return any;
  }

  private void handle(int from, Exchange.Element e) {
    if (e.batch() != null) {
      accept(e.target(), e.input(), e.batch());
    } else if (e.idle() != null) {
      channelIdle(e.target(), e.input(), from, e.idle());
    } else {
      channelWatermark(e.target(), e.input(), from, e.watermark());
    }
  }

  /** True when every channel from another task into this one has delivered the final watermark. */
  private boolean channelsDone() {
    for (int t = 0; t < channelWatermarks.length; t++) {
      if (channelWatermarks[t] == null || (t == sinkVertex && self != 0) || lookupVertices.contains(t)) {
        continue;
      }
      for (int i = 0; i < channelWatermarks[t].length; i++) {
        if (exchangeKeys[t][i] == null || lookedUp[t][i]) {
          continue; // a lookup join's table never ends, and need not
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
    vertexCounters.rowsOut(vertex, batch.size());
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
      vertexCounters.rowsIn(target, batch.size());
      operators[target].processBatch(input, batch);
    }
  }

  private void deliverWatermark(int vertex, long watermark) {
    if (watermark <= vertexWatermarks[vertex]) {
      return;
    }
    moved = true;
    vertexWatermarks[vertex] = watermark;
    vertexCounters.watermark(vertex, watermark);
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
      if (timeless[vertex][i]) {
        continue;
      }
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
    moved = true;
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
    for (int in = 0; in < channelIdle[target].length; in++) {
      for (boolean i : channelIdle[target][in]) {
        allIdle &= i || timeless[target][in];
      }
    }
    setIdle(target, allIdle);
  }
}
