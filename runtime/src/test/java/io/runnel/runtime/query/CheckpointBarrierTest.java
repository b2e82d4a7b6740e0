package io.runnel.runtime.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.CheckpointStore;
import io.runnel.runtime.checkpoint.Checkpointing;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pause that aligns the checkpoints of a query's tasks: it is taken only once every task has stopped
 * and nothing is in flight between them, and it never waits for a task that has ended or a query that
 * failed.
 */
class CheckpointBarrierTest {
  @TempDir Path dir;

  private final TaskGroup group = new TaskGroup(2, null);
  private CheckpointStore store;
  private CheckpointBarrier barrier;

  private void start() {
    store = new CheckpointStore(dir.resolve("q1"));
    Checkpointing checkpointing = new Checkpointing(store, "plan", 0, List.of(Map.of(), Map.of()), List.of(), (reason, failure) -> {});
    barrier = new CheckpointBarrier(group, checkpointing, Clock.systemUTC());
    barrier.request();
  }

  private static Checkpoint.Task part(long journal) {
    return new Checkpoint.Task(journal, Map.of(), Map.of(), new long[0], Map.of(), Map.of());
  }

  private Optional<Checkpoint> written() {
    return store.latest((file, reason) -> { throw new AssertionError(reason); });
  }

  @Test
  void noTaskIsCapturedWhileAnElementIsInFlightAndThePartsAreWrittenAsOne() throws Exception {
    start();
    group.exchange().send(1, 0, Exchange.Element.watermark(0, 0, 5));
    assertFalse(barrier.arrive(1, () -> { throw new AssertionError("captured with an element in flight"); }));
    assertFalse(barrier.arrive(0, () -> { throw new AssertionError("captured with an element in flight"); }));
    group.exchange().poll(1, 0);
    group.exchange().processed(); // task 0 has handled it
    CompletableFuture<Boolean> task1 = CompletableFuture.supplyAsync(() -> barrier.arrive(1, () -> part(7)));
    assertTrue(barrier.arrive(0, () -> part(3)));
    assertTrue(task1.get(10, TimeUnit.SECONDS));
    Checkpoint checkpoint = written().orElseThrow();
    assertEquals(2, checkpoint.parallelism());
    assertEquals(3, checkpoint.tasks().get(0).journal());
    assertEquals(7, checkpoint.tasks().get(1).journal());
    assertFalse(barrier.requested(), "the tasks read on");
  }

  @Test
  void aTaskThatEndsAbandonsTheCheckpointAndEveryLaterOne() throws Exception {
    start();
    assertFalse(barrier.arrive(0, () -> part(1)));
    barrier.leave(); // task 1 ended instead of arriving
    assertTrue(barrier.arrive(0, () -> part(1)), "task 0 reads on");
    barrier.request();
    assertFalse(barrier.requested(), "no checkpoint is asked for once a task has ended");
    assertTrue(written().isEmpty());
  }

  @Test
  void aTaskWaitingForTheOtherPartIsReleasedWhenTheQueryFails() throws Exception {
    start();
    assertFalse(barrier.arrive(1, () -> part(1)));
    CompletableFuture<Boolean> task0 = CompletableFuture.supplyAsync(() -> barrier.arrive(0, () -> part(2)));
    Thread.sleep(50); // task 0 has captured its part and waits for task 1's
    group.fail(new IllegalStateException("task 1 failed"));
    assertTrue(task0.get(10, TimeUnit.SECONDS));
    assertTrue(written().isEmpty());
  }
}
