package io.runnel.runtime.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pool that runs many tasks' rounds on a few threads: woken tasks run, parked ones cost nothing, none starves. */
class WorkersTest {
  private static final long LONG_PARK = TimeUnit.SECONDS.toNanos(60);

  @Test
  void everyWakeIsFollowedByARoundThatSeesWhatCameBeforeIt() throws Exception {
    try (Workers workers = new Workers(2)) {
      AtomicLong sent = new AtomicLong();
      AtomicLong seen = new AtomicLong();
      Workers.Slot slot = workers.slot(() -> {
        seen.set(sent.get());
        return LONG_PARK; // only a wake brings it back within the test
      });
      slot.start();
      for (long i = 1; i <= 2_000; i++) {
        sent.set(i);
        slot.wake();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.get() < i) {
          assertTrue(System.nanoTime() < deadline, "a wake was lost: round " + i + " never came");
          Thread.onSpinWait();
        }
      }
    }
  }

  @Test
  void aTaskWithWorkDoesNotStarveOneThatIsWoken() throws Exception {
    try (Workers workers = new Workers(1)) {
      AtomicBoolean stop = new AtomicBoolean();
      Workers.Slot busy = workers.slot(() -> stop.get() ? Workers.DONE : 0);
      busy.start();
      CountDownLatch ran = new CountDownLatch(1);
      Workers.Slot woken = workers.slot(() -> {
        ran.countDown();
        return LONG_PARK;
      });
      woken.start();
      assertTrue(ran.await(10, TimeUnit.SECONDS), "a task that never parks kept the only worker to itself");
      stop.set(true);
    }
  }

  @Test
  void aParkedTaskRunsAgainWhenItsParkEnds() throws Exception {
    try (Workers workers = new Workers(1)) {
      CountDownLatch rounds = new CountDownLatch(3);
      workers.slot(() -> {
        rounds.countDown();
        return TimeUnit.MILLISECONDS.toNanos(5);
      }).start();
      assertTrue(rounds.await(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void anEndedTaskRunsNoMoreAndAFailingOneLeavesTheWorkerRunning() throws Exception {
    try (Workers workers = new Workers(1)) {
      AtomicInteger endedRounds = new AtomicInteger();
      Workers.Slot ended = workers.slot(() -> {
        endedRounds.incrementAndGet();
        return Workers.DONE;
      });
      ended.start();
      Workers.Slot failing = workers.slot(() -> {
        throw new IllegalStateException("boom");
      });
      failing.start();
      CountDownLatch after = new CountDownLatch(1);
      workers.slot(() -> {
        after.countDown();
        return Workers.DONE;
      }).start();
      assertTrue(after.await(10, TimeUnit.SECONDS), "the worker died with the failing task");
      ended.wake();
      failing.wake();
      CountDownLatch last = new CountDownLatch(1);
      workers.slot(() -> {
        last.countDown();
        return Workers.DONE;
      }).start();
      assertTrue(last.await(10, TimeUnit.SECONDS));
      assertEquals(1, endedRounds.get());
    }
  }

  @Test
  void manyParkedTasksAllRunWhenWoken() throws Exception {
    try (Workers workers = new Workers(2)) {
      int n = 1_000;
      AtomicInteger[] rounds = new AtomicInteger[n];
      List<Workers.Slot> slots = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        AtomicInteger count = rounds[i] = new AtomicInteger();
        Workers.Slot slot = workers.slot(() -> {
          count.incrementAndGet();
          return LONG_PARK;
        });
        slots.add(slot);
        slot.start();
      }
      awaitRounds(rounds, 1);
      slots.forEach(Workers.Slot::wake);
      awaitRounds(rounds, 2);
    }
  }

  @Test
  void closeEndsTheWorkerThreads() throws Exception {
    Workers workers = new Workers(2);
    CountDownLatch ran = new CountDownLatch(1);
    workers.slot(() -> {
      ran.countDown();
      return LONG_PARK;
    }).start();
    assertTrue(ran.await(10, TimeUnit.SECONDS));
    workers.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (workers.anyThreadAlive()) {
      assertTrue(System.nanoTime() < deadline, "worker threads still alive after close");
      Thread.sleep(10);
    }
  }

  private static void awaitRounds(AtomicInteger[] rounds, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (int i = 0; i < rounds.length; i++) {
      while (rounds[i].get() < atLeast) {
        assertTrue(System.nanoTime() < deadline, "task " + i + " ran " + rounds[i].get() + " rounds, not " + atLeast);
        Thread.sleep(1);
      }
    }
  }
}
