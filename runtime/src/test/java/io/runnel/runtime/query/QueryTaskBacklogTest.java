package io.runnel.runtime.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.agg.GroupAggregateSpec;
import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.api.LateSink;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.dag.Vertex;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.runtime.journal.TaskClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * How the tasks of a query react when the channels toward another task fill up: a task stops reading its
 * sources while a consumer is behind, loses nothing when it catches up, and keeps receiving meanwhile, so
 * that two tasks behind toward each other do not wait on each other forever.
 */
class QueryTaskBacklogTest {
  private static final int HIGH_WATER = Exchange.HIGH_WATER;
  private static final long WAIT_SECONDS = 10;
  /** Rounds a task must go through without reading before the test takes it as having stopped. */
  private static final int QUIET_ROUNDS = 50;

  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final Schema ROWS = Schema.of(new DataType.Field("k", BIGINT), new DataType.Field("v", BIGINT));
  private static final Vertex.Source SOURCE = new Vertex.Source(0, "s", ROWS, null, List.of());
  /** SELECT k, COUNT(*), SUM(v) FROM s GROUP BY k, over the output of vertex {@code input}. */
  private static Vertex.Transform countAndSumByKey(int id, int input) {
    List<AggCall> calls =
        List.of(
            new AggCall(AggKind.COUNT_STAR, -1, false, -1, BIGINT.withNullable(false), "n", false),
            new AggCall(AggKind.SUM, 1, false, -1, BIGINT, "total", false));
    return new Vertex.Transform(id, new GroupAggregateSpec(ROWS, List.of(0), calls), List.of(input));
  }

  @Test
  void aTaskStopsReadingItsSourcesWhileTheChannelToItsStalledConsumerIsPastTheMark() throws Exception {
    // SELECT * FROM s: task 1's rows are gathered into task 0, one batch through the channel per batch read
    DagSpec dag = new DagSpec(List.of(SOURCE), false);
    List<Batch> consumerRows = rows(1, 10, 4);
    List<Batch> producerRows = rows(2, 1_000, 4);
    try (TwoTasks run = new TwoTasks()) {
      run.stallTask0AndStart(dag, consumerRows, producerRows);
      run.awaitProducerStopped();

      long inFlight = run.exchange().inFlight();
      assertTrue(run.exchange().backlogged(1), "the producer is past the mark toward its stalled consumer (" + inFlight + " in flight)");
      assertTrue(run.maxInFlightAtRead.get() <= HIGH_WATER, "a read started with " + run.maxInFlightAtRead.get() + " batches in flight");
      assertTrue(inFlight <= HIGH_WATER + 1, inFlight + " batches in flight toward the stalled consumer");
      assertTrue(run.producer.read() <= HIGH_WATER + 1, "read " + run.producer.read() + " of " + producerRows.size() + " batches");

      run.resume();
      Map<List<Object>, Integer> result = run.result();
      assertEquals(4 * (consumerRows.size() + producerRows.size()), result.values().stream().mapToInt(Integer::intValue).sum(), "rows");
      assertEquals(resultOnOneTask(dag, consumerRows, producerRows), result);
    }
  }

  @Test
  void aStalledConsumerThatResumesGetsEveryRowOnceAndTheResultOfOneTask() throws Exception {
    // GROUP BY k: rows meet by key, and the groups of task 1 send their changes to task 0, which writes the result
    DagSpec dag = new DagSpec(List.of(SOURCE, countAndSumByKey(1, 0)), true);
    List<Batch> consumerRows = rows(3, 200, 16);
    List<Batch> producerRows = rows(4, 1_000, 16);
    try (TwoTasks run = new TwoTasks()) {
      run.stallTask0AndStart(dag, consumerRows, producerRows);
      run.awaitProducerStopped();
      // one read sends at most two batches to task 0: the rows of its keys, and the changes of task 1's groups
      long inFlight = run.exchange().inFlight();
      assertTrue(run.exchange().backlogged(1), "the producer got ahead of its stalled consumer (" + inFlight + " in flight)");
      assertTrue(inFlight <= HIGH_WATER + 2, inFlight + " batches in flight toward the stalled consumer");
      assertTrue(run.producer.read() < producerRows.size(), "the producer read its whole input while its consumer was stalled");

      run.resume();
      Map<List<Object>, Integer> result = run.result();
      assertEquals(16 * (consumerRows.size() + producerRows.size()), rowsCounted(result), "rows counted by the groups");
      assertEquals(resultOnOneTask(dag, consumerRows, producerRows), result);
      assertEquals(100, result.size(), "every key has its group");
    }
  }

  @Test
  void twoTasksPastTheMarkTowardEachOtherKeepReceivingAndFinish() throws Exception {
    List<Batch> rows0 = rows(5, 100, 200);
    List<Batch> rows1 = rows(6, 100, 200);
    Map<List<Object>, Integer> expected = resultOnOneTask(rowByRowThenCountAndSum(() -> {}), rows0, rows1);

    // Both tasks read their first batch at once and pass it on a row per batch, about half of them to the
    // other task (task 1 also sends task 0 the changes of its groups); each then waits for the other to have
    // done the same, before either has received anything: then each is far past the mark toward the other.
    try (TwoTasks run = new TwoTasks()) {
      AtomicBoolean bothBehind = new AtomicBoolean();
      AtomicLong inFlightThen = new AtomicLong();
      CyclicBarrier firstBatchSent =
          new CyclicBarrier(
              2,
              () -> {
                inFlightThen.set(run.exchange().inFlight());
                bothBehind.set(run.exchange().backlogged(0) && run.exchange().backlogged(1));
              });
      CyclicBarrier firstRead = new CyclicBarrier(2);
      IntConsumer atFirstRead = i -> {
        if (i == 0) {
          await(firstRead);
        }
      };
      run.start(rowByRowThenCountAndSum(() -> await(firstBatchSent)), new Partition(rows0, atFirstRead), new Partition(rows1, atFirstRead));
      Map<List<Object>, Integer> result = run.result();
      assertTrue(bothBehind.get(), "the tasks were not both past the mark toward each other (" + inFlightThen.get() + " in flight)");
      assertEquals(200 * (rows0.size() + rows1.size()), rowsCounted(result), "rows counted by the groups");
      assertEquals(expected, result);
    }
  }

  /** {@code batches} batches of {@code size} rows (k in [0, 100), v unique), from seed {@code seed}. */
  private static List<Batch> rows(int seed, int batches, int size) {
    Random random = new Random(seed);
    List<Batch> out = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      BatchBuilder builder = new BatchBuilder(ROWS, size);
      for (int r = 0; r < size; r++) {
        builder.add((long) random.nextInt(100), seed * 1_000_000_000L + (long) b * size + r);
      }
      out.add(builder.build());
    }
    return out;
  }

  /** Rows passed on a row per batch ({@code afterFirstBatch} run once the first is), then counted and summed by key. */
  private static DagSpec rowByRowThenCountAndSum(Runnable afterFirstBatch) {
    return new DagSpec(List.of(SOURCE, new Vertex.Transform(1, new RowByRow(afterFirstBatch), List.of(0)), countAndSumByKey(2, 1)), true);
  }

  /** The rows a GROUP BY result counted: the sum of its COUNT(*) column over every group in the result. */
  private static long rowsCounted(Map<List<Object>, Integer> result) {
    return result.entrySet().stream().mapToLong(e -> (Long) e.getKey().get(1) * e.getValue()).sum();
  }

  /** The result of {@code dag} run on one task reading both partitions. */
  private static Map<List<Object>, Integer> resultOnOneTask(DagSpec dag, List<Batch> partition0, List<Batch> partition1) throws Exception {
    TaskGroup group = new TaskGroup(1, null);
    ResultSink sink = new ResultSink();
    QueryCounters counters = new QueryCounters();
    SourceInput input = new SourceInput(new SourceReader[] {new Partition(partition0, i -> {}), new Partition(partition1, i -> {})}, new WatermarkTracker[2]);
    group.add(task(dag, 0, group, input, sink, counters), counters, "backlog-test-single");
    group.start();
    try {
      return sink.result(group);
    } finally {
      group.cancel();
      group.join(WAIT_SECONDS * 1_000);
    }
  }

  private static QueryTask task(DagSpec dag, int self, TaskGroup group, SourceInput input, Sink sink, QueryCounters counters) {
    Map<Integer, SourceInput> sources = new LinkedHashMap<>();
    sources.put(SOURCE.id(), input);
    return new QueryTask(
        "backlog-test", self, group, dag, sources, sink, counters, TaskClock.unrecorded(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)), ErrorSink.THROWING, LateSink.THROWING, null);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A query on two tasks, task {@code i} reading partition {@code i}. With {@link #stallTask0AndStart}, task
   * 0 (the consumer: it writes the result) stops in its first read until {@link #resume}, and task 1 (the
   * producer) starts reading only once task 0 has stopped, noting how much was in flight at each read. Task 0
   * sends nothing while it is stopped, so what the exchange has in flight is then on its way to task 0.
   */
  private static final class TwoTasks implements AutoCloseable {
    final TaskGroup group = new TaskGroup(2, null);
    final ResultSink sink = new ResultSink();
    final CountDownLatch stalled = new CountDownLatch(1);
    final CountDownLatch resumed = new CountDownLatch(1);
    final AtomicLong maxInFlightAtRead = new AtomicLong();
    final AtomicLong lastReadRound = new AtomicLong(-1);
    Partition producer;

    Exchange exchange() {
      return group.exchange();
    }

    void start(DagSpec dag, Partition partition0, Partition partition1) {
      producer = partition1;
      Partition[] partitions = {partition0, partition1};
      for (int t = 0; t < 2; t++) {
        QueryCounters counters = new QueryCounters();
        SourceInput input = new SourceInput(new SourceReader[] {partitions[t]}, new WatermarkTracker[1]);
        group.add(task(dag, t, group, input, sink, counters), counters, "backlog-test-" + t);
      }
      group.start();
    }

    void stallTask0AndStart(DagSpec dag, List<Batch> consumerRows, List<Batch> producerRows) {
      Partition partition0 =
          new Partition(
              consumerRows,
              i -> {
                if (i == 0) {
                  stalled.countDown();
                  await(resumed);
                }
              });
      Partition partition1 =
          new Partition(
              producerRows,
              i -> {
                if (i == 0) {
                  await(stalled);
                }
                maxInFlightAtRead.accumulateAndGet(exchange().inFlight(), Math::max);
                lastReadRound.set(group.counters().get(1).roundsStarted);
              });
      start(dag, partition0, partition1);
    }

    /** Waits until the producer has gone {@link #QUIET_ROUNDS} rounds without reading, or has read everything. */
    void awaitProducerStopped() throws InterruptedException {
      QueryCounters counters = group.counters().get(1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (!producer.exhausted()) {
        long last = lastReadRound.get();
        if (last >= 0 && counters.roundsStarted >= last + QUIET_ROUNDS) {
          return;
        }
        if (System.nanoTime() > deadline) {
          fail("the producer neither stopped reading nor read everything; it read " + producer.read() + " batches");
        }
        Thread.sleep(1);
      }
    }

    void resume() {
      resumed.countDown();
    }

    Map<List<Object>, Integer> result() throws InterruptedException {
      return sink.result(group);
    }

    @Override
    public void close() {
      resumed.countDown();
      group.cancel();
      try {
        group.join(WAIT_SECONDS * 1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A partition of prepared batches; {@code beforeRead} is given the index of each batch about to be read. */
  private static final class Partition implements SourceReader {
    private final List<Batch> batches;
    private final IntConsumer beforeRead;
    private volatile int read;

    Partition(List<Batch> batches, IntConsumer beforeRead) {
      this.batches = batches;
      this.beforeRead = beforeRead;
    }

    @Override
    public Batch poll() {
      if (read >= batches.size()) {
        return null;
      }
      beforeRead.accept(read);
      Batch batch = batches.get(read);
      read = read + 1; // written by the reading task only
      return batch;
    }

    @Override
    public boolean exhausted() {
      return read >= batches.size();
    }

    int read() {
      return read;
    }
  }

  /** The query's result with its changes applied: each row with how often it is in the result. */
  private static final class ResultSink implements Sink {
    private final Map<List<Object>, Integer> rows = new HashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Throwable failure;

    @Override
    public synchronized void accept(Batch batch) {
      for (int r = 0; r < batch.size(); r++) {
        rows.merge(Arrays.asList(batch.row(r)), batch.kind(r).isAccumulate() ? 1 : -1, Integer::sum);
      }
    }

    @Override
    public void watermark(Watermark watermark) {}

    @Override
    public void finish(Throwable failure) {
      this.failure = failure;
      finished.countDown();
    }

    /** The result once the query has ended by itself; fails if it has not within the wait (a deadlock, say). */
    Map<List<Object>, Integer> result(TaskGroup group) throws InterruptedException {
      if (!finished.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        Exchange exchange = group.exchange();
        String state = exchange == null ? "" : " with " + exchange.inFlight() + " in flight, tasks behind: "
            + exchange.backlogged(0) + ", " + exchange.backlogged(1);
        fail("the query did not finish in " + WAIT_SECONDS + " s" + state);
      }
      if (failure != null) {
        throw new AssertionError("the query failed", failure);
      }
      assertFalse(group.cancelled(), "the query was cancelled");
      synchronized (this) {
        Map<List<Object>, Integer> result = new HashMap<>(rows);
        result.values().removeIf(n -> n == 0);
        return result;
      }
    }
  }

  /** Passes its input on a row per batch, so that one batch read sends many batches through the exchange. */
  private record RowByRow(Runnable afterFirstBatch) implements OperatorSpec {
    @Override
    public Schema outputSchema() {
      return ROWS;
    }

    @Override
    public Operator create() {
      return new BaseOperator(ROWS) {
        private boolean first = true;

        @Override
        public void processBatch(int input, Batch batch) {
          for (int r = 0; r < batch.size(); r++) {
            context.output().emit(Batches.slice(batch, r, r + 1));
          }
          if (first) {
            first = false;
            afterFirstBatch.run();
          }
        }

        @Override
        public void processWatermark(Watermark watermark) {
          context.output().emitWatermark(watermark);
        }
      };
    }

    @Override
    public String describe() {
      return "RowByRow";
    }
  }
}
