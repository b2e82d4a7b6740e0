package io.runnel.runtime.query;

import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.Checkpointing;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Aligns the checkpoints of a query's tasks, so that their parts make one consistent cut: a coordinated
 * pause between rounds.
 *
 * <p>When a checkpoint is due (the first task's clock says so, or a task stops cleanly), {@link #request}
 * asks every task to stop reading its sources. Each task finishes handing out a batch it handed out in
 * part, then {@link #arrive}s between two rounds, and from then on only receives what the other tasks send
 * it, handling it as usual (which may send more). Once every task has arrived and nothing sent between
 * them is left unhandled, no task has anything left to do and none will start anything: each captures its
 * part, the last one in writes the checkpoint of all of them, and all read on. The channels are empty at
 * that cut, so a query restored from it starts with nothing in flight, and each task replays its own
 * journal from its own part's entry.
 *
 * <p>A checkpoint never waits for a task that has ended or for a query that failed: it is abandoned, and
 * so is every later one once a task has ended, since that task's part can no longer be taken.
 */
final class CheckpointBarrier {
  private static final long WAIT_MILLIS = 10;

  private final TaskGroup group;
  private final Checkpointing checkpointing;
  private final Clock clock;
  private final boolean[] arrived; // guarded by this
  private final Checkpoint.Task[] parts; // guarded by this
  private int partsIn; // guarded by this
  private long generation; // guarded by this: checkpoints taken or abandoned so far
  private boolean ended; // guarded by this: a task has ended
  private volatile boolean requested;
  private volatile boolean changed; // some task has taken input or moved a watermark since the last checkpoint

  CheckpointBarrier(TaskGroup group, Checkpointing checkpointing, Clock clock) {
    this.group = group;
    this.checkpointing = checkpointing;
    this.clock = clock;
    this.arrived = new boolean[group.parallelism()];
    this.parts = new Checkpoint.Task[group.parallelism()];
  }

  Checkpointing checkpointing() {
    return checkpointing;
  }

  /** A task has taken input, moved a watermark or fired timers: the next checkpoint holds something new. */
  void changed() {
    changed = true;
  }

  /** True if some task has changed something since the last checkpoint was written. */
  boolean anyChanged() {
    return changed;
  }

  /** True while a checkpoint is asked for: the tasks stop reading their sources. */
  boolean requested() {
    return requested;
  }

  /** Asks for a checkpoint; nothing once a task has ended. */
  synchronized void request() {
    if (!ended) {
      requested = true;
    }
  }

  /**
   * Task {@code task} has stopped reading its sources and has no batch half handed out. False while another
   * task has not arrived or something sent between tasks is unhandled: the task then receives, and arrives
   * again the next round, reading nothing meanwhile. Once all have, captures the task's part with {@code
   * capture} and returns true when the checkpoint is written (or abandoned): the task reads on.
   */
  boolean arrive(int task, Supplier<Checkpoint.Task> capture) {
    long taking;
    synchronized (this) {
      if (!requested || abandoned()) {
        return true;
      }
      arrived[task] = true;
      for (boolean a : arrived) {
        if (!a) {
          return false;
        }
      }
      if (group.exchange() != null && group.exchange().inFlight() > 0) {
        return false;
      }
      taking = generation;
    }
    // every task is stopped and nothing is in flight: this task's state holds still while it is captured
    Checkpoint.Task part = capture.get();
    synchronized (this) {
      if (generation != taking) {
        return true;
      }
      parts[task] = part;
      if (++partsIn == parts.length) {
        changed = false; // every task is stopped: none changes anything before this is written
        checkpointing.taken(List.of(parts), clock.millis());
        next();
        return true;
      }
      while (generation == taking && !abandoned()) {
        try {
          wait(WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return true; // the others go on waiting for this part until the task leaves
        }
      }
      return true;
    }
  }

  /** A task has ended: no checkpoint is taken from now on, and one under way is abandoned. */
  synchronized void leave() {
    ended = true;
    abandoned();
  }

  /** Abandons the checkpoint under way, if a task has ended or the query failed; true if so. */
  private boolean abandoned() {
    if (!ended && group.failure() == null) {
      return false;
    }
    next();
    return true;
  }

  /** The checkpoint under way is over: the tasks read on. */
  private void next() {
    generation++;
    requested = false;
    Arrays.fill(arrived, false);
    Arrays.fill(parts, null);
    partsIn = 0;
    notifyAll();
  }
}
