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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pause that aligns the checkpoints of a query's tasks: it is taken only once every task has stopped
 * and nothing is in flight between them, and it never waits for a task that has ended or a query that
 * failed. It never waits: a task whose part is in returns from its round until the others' are.
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
    assertFalse(barrier.arrive(1, () -> part(7)), "task 1's part is in, task 0's is not: task 1 returns from its round");
    assertFalse(barrier.arrive(1, () -> { throw new AssertionError("captured twice"); }), "and arrives again in the next");
    assertTrue(written().isEmpty());
    assertTrue(barrier.arrive(0, () -> part(3)), "the last part in writes the checkpoint");
    assertTrue(barrier.arrive(1, () -> { throw new AssertionError("captured twice"); }), "task 1 reads on");
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
    assertFalse(barrier.arrive(1, () -> part(1)), "task 0 has not arrived");
    assertFalse(barrier.arrive(0, () -> part(2)), "task 0's part is in, task 1's is not");
    group.fail(new IllegalStateException("task 1 failed"));
    assertTrue(barrier.arrive(0, () -> { throw new AssertionError("captured twice"); }), "task 0 is let go");
    assertTrue(written().isEmpty());
  }
}
