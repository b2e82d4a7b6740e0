package io.runnel.runtime.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few threads that run the rounds of many query tasks: a task runs when something wakes it (an append to a
 * log it reads, a sync, a cancel) or when the park it asked for ends, and otherwise costs nothing. A task
 * with work runs rounds for up to a slice and then goes behind the others that are ready, so a busy query
 * does not starve an idle one that was just woken.
 *
 * <p>A round must not block: only tasks whose rounds never wait for anything run here (see {@link
 * QueryLauncher}); the others keep a thread each.
 */
public final class Workers implements AutoCloseable {
  /** What {@link Job#round} returns when the task has ended. */
  static final long DONE = -1;
  private static final long SLICE_NANOS = 2_000_000L;

  /** A task's rounds. */
  interface Job {
    /** Runs one round: 0 to run another at once, {@link #DONE} when the task has ended, else the nanoseconds it may park. */
    long round();
  }

  private static final int NEW = 0;
  private static final int PARKED = 1;
  private static final int READY = 2;
  private static final int RUNNING = 3;
  private static final int RUNNING_WOKEN = 4; // woken while it ran: it runs again rather than park
  private static final int ENDED = 5;

  /** One task's place in the pool; {@link #wake} is safe from any thread, any number of times. */
  final class Slot {
    private final Job job;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private volatile ScheduledFuture<?> timer;

    private Slot(Job job) {
      this.job = job;
    }

    /** Makes the task run a round soon: at once if it is parked, after its round if it is running. */
    void wake() {
      while (true) {
        int s = state.get();
        if (s == PARKED) {
          if (state.compareAndSet(PARKED, READY)) {
            ready.add(this);
            return;
          }
        } else if (s == RUNNING) {
          if (state.compareAndSet(RUNNING, RUNNING_WOKEN)) {
            return;
          }
        } else {
          return; // not started yet (it will run when it does), already ready or woken, or ended
        }
      }
    }

    /** Starts the task: its first round runs as soon as a worker is free. */
    void start() {
      if (state.compareAndSet(NEW, READY)) {
        ready.add(this);
      }
    }

    private void run() {
      state.set(RUNNING);
      ScheduledFuture<?> pending = timer;
      if (pending != null) {
        pending.cancel(false);
      }
      long until = System.nanoTime() + SLICE_NANOS;
      long park;
      try {
        do {
          park = job.round();
        } while (park == 0 && System.nanoTime() < until);
      } catch (Throwable t) {
        park = DONE; // a job reports its own failures: one that escapes ends only that job, not the worker
      }
      if (park == DONE) {
        state.set(ENDED);
      } else if (park == 0 || !state.compareAndSet(RUNNING, PARKED)) {
        state.set(READY); // its slice is used up, or it was woken while it ran
        ready.add(this);
      } else {
        try {
          timer = timers.schedule(this::wake, park, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          // the pool is closing: nothing runs any more
        }
      }
    }
  }

  private final LinkedBlockingQueue<Slot> ready = new LinkedBlockingQueue<>();
  private final Slot stop = new Slot(() -> DONE); // taken by a worker: it ends
  private final ScheduledThreadPoolExecutor timers;
  private final List<Thread> threads = new ArrayList<>();

  /** Starts {@code count} worker threads. */
  public Workers(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a pool needs at least one worker");
    }
    timers = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "runnel-worker-timer"));
    timers.setRemoveOnCancelPolicy(true); // a task woken before its park ends leaves no timer behind
    for (int i = 0; i < count; i++) {
      Thread thread = daemon(this::work, "runnel-worker-" + i);
      threads.add(thread);
      thread.start();
    }
  }

  /** A pool with a worker per processor, and at least two: one task's blocking function does not stop the rest. */
  public static Workers perProcessor() {
    return new Workers(Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  /** How many worker threads the pool has. */
  public int size() {
    return threads.size();
  }

  /** True while some worker thread (or the timer's) is alive. */
  boolean anyThreadAlive() {
    return threads.stream().anyMatch(Thread::isAlive) || !timers.isTerminated();
  }

  /** A place in the pool for {@code job}, which runs once {@link Slot#start} is called. */
  Slot slot(Job job) {
    return new Slot(job);
  }

  private void work() {
    while (true) {
      Slot slot;
      try {
        slot = ready.take();
      } catch (InterruptedException e) {
        return;
      }
      if (slot == stop) {
        return;
      }
      slot.run();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Stops the workers once each has finished what it runs (never interrupted: an interrupt can close the
   * file channel a log reader is using); the tasks should have ended, since one left in the pool runs no more
   * rounds.
   */
  @Override
  public void close() {
    timers.shutdownNow();
    for (int i = 0; i < threads.size(); i++) {
      ready.add(stop);
    }
  }
}
