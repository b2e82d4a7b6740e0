package io.runnel.runtime.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The tasks running one query, with the {@link Exchange} between them when there are several: on a thread
 * each, or in a pool of {@link Workers}. The first failure of any task cancels them all and is what the
 * query reports.
 */
final class TaskGroup {
  private final int parallelism;
  private final Exchange exchange;
  private final Workers workers; // null: a thread per task
  private final List<Thread> threads = new ArrayList<>(); // a thread per task, or none
  private final List<Workers.Slot> slots = new ArrayList<>(); // a place in the pool per task, or none
  private final AtomicIntegerArray ended; // 1 once a task has ended
  private final List<QueryCounters> counters = new ArrayList<>();
  private final List<VertexCounters> vertexCounters = new ArrayList<>();
  private final List<InputPartition> inputs = new ArrayList<>();
  private final AtomicIntegerArray replayed; // 1 once a task has replayed its journal (or had none, or ended)
  private final AtomicIntegerArray firstRead; // 1 once a task has drained the sources it reads first ({@link ReadOrder})
  private volatile boolean cancelled;
  private volatile Throwable failure;

  /** A group of {@code parallelism} tasks, run by {@code workers} or, if null, on a thread each. */
  TaskGroup(int parallelism, Workers workers) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.parallelism = parallelism;
    this.workers = workers;
    this.ended = new AtomicIntegerArray(parallelism);
    this.exchange = parallelism > 1 ? new Exchange(parallelism) : null;
    this.replayed = new AtomicIntegerArray(parallelism);
    this.firstRead = new AtomicIntegerArray(parallelism);
  }

  int parallelism() {
    return parallelism;
  }

  Exchange exchange() {
    return exchange;
  }

  /**
   * Adds the next task (tasks are added in index order) with its counters; its thread, if it has one, is
   * named {@code name}. Returns what wakes the task for a round now, from any thread.
   */
  Runnable add(QueryTask task, QueryCounters taskCounters, String name) {
    Runnable wake;
    if (workers != null) {
      Workers.Slot slot = workers.slot(task);
      slots.add(slot);
      wake = slot::wake;
    } else {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      threads.add(thread);
      wake = () -> LockSupport.unpark(thread);
    }
    if (exchange != null) {
      exchange.register(counters.size(), wake);
    }
    counters.add(taskCounters);
    vertexCounters.add(task.vertexCounters());
    return wake;
  }

  /** Adds an input partition that one of the tasks reads. */
  void addInput(InputPartition input) {
    inputs.add(input);
  }

  /** The input partitions of every task, in the order they were added. */
  List<InputPartition> inputs() {
    return inputs;
  }

  /** How many rows appended to the query's inputs it has yet to read. */
  long lagRows() {
    long lag = 0;
    for (InputPartition input : inputs) {
      lag += input.lag();
    }
    return lag;
  }

  void start() {
    threads.forEach(Thread::start);
    slots.forEach(Workers.Slot::start);
  }

  /** Task {@code task} has ended: its inputs and operators are closed. */
  void ended(int task) {
    ended.set(task, 1);
    synchronized (ended) {
      ended.notifyAll();
    }
  }

  private boolean alive(int task) {
    return ended.get(task) == 0;
  }

  List<QueryCounters> counters() {
    return counters;
  }

  /** Each task's counters of its vertices, in task order. */
  List<VertexCounters> vertexCounters() {
    return vertexCounters;
  }

  /** Task {@code task} has replayed its input journal, or had none to replay, or has ended: it sends what it replays no more. */
  void replayDone(int task) {
    replayed.set(task, 1);
  }

  /** True once task {@code task} has sent everything its replay sends. */
  boolean replayed(int task) {
    return replayed.get(task) == 1;
  }

  /** Task {@code task} has found the sources it reads first drained. */
  void firstRead(int task) {
    firstRead.set(task, 1);
  }

  /** True once every task has found the sources it reads first drained, or has ended. */
  boolean allFirstRead() {
    for (int i = 0; i < parallelism; i++) {
      if (firstRead.get(i) == 0 && alive(i)) {
        return false;
      }
    }
    return true;
  }

  void fail(Throwable t) {
    synchronized (this) {
      if (failure == null) {
        failure = t;
      }
    }
    cancel();
  }

  Throwable failure() {
    return failure;
  }

  void cancel() {
    cancelled = true;
    wake(); // a task parked long sees it now
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Waits up to {@code millis} for every task to end. */
  void join(long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    synchronized (ended) {
      for (int i = 0; i < parallelism; i++) {
        while (i < counters.size() && alive(i)) {
          long left = deadline - System.currentTimeMillis();
          if (left <= 0) {
            return;
          }
          ended.wait(left);
        }
      }
    }
  }

  /**
   * True when every task has had an idle round that started after it was at round {@code after[i] - 1}, or
   * has ended, and nothing sent between the tasks is still unhandled: everything appended before the rounds were
   * noted has then been through the whole query.
   */
  boolean caughtUp(long[] after) {
    for (int i = 0; i < counters.size(); i++) {
      // a task that has ended (it had no partitions and nothing to receive) has nothing left to do
      if (counters.get(i).idleRounds < after[i] && alive(i)) {
        return false;
      }
    }
    return exchange == null || exchange.inFlight() == 0;
  }

  /** True once every task has found its inputs drained at least once: it has caught up with their logs. */
  boolean reachedEnd() {
    for (int i = 0; i < counters.size(); i++) {
      if (counters.get(i).idleRounds == 0 && alive(i)) {
        return false;
      }
    }
    return true;
  }

  /** Wakes every task for a round now, rather than when its idle park ends. */
  void wake() {
    for (Thread thread : threads) {
      LockSupport.unpark(thread);
    }
    for (Workers.Slot slot : slots) {
      slot.wake();
    }
  }

  /** For each task, the first round that starts after now. */
  long[] nextRounds() {
    long[] after = new long[counters.size()];
    for (int i = 0; i < after.length; i++) {
      after[i] = counters.get(i).roundsStarted + 1;
    }
    return after;
  }
}
