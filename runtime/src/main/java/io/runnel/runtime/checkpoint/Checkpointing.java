package io.runnel.runtime.checkpoint;

import static java.util.Objects.requireNonNull;

import io.runnel.runtime.journal.InputJournal;
import io.runnel.runtime.store.ProducedOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * How one persistent query checkpoints: where its checkpoints go, how often (by the processing-time clock),
 * the outputs of each task whose counts they record, each task's input journal, and the checkpoint it was
 * restored from, if any. The first task calls {@link #due} once a round; when a checkpoint is due the
 * tasks stop between rounds, each captures its {@link #part}, and the parts go to {@link #taken} as one.
 * {@link #due} and {@link #taken} may be called from different tasks' threads.
 *
 * <p>Once a checkpoint is written, each task's journal is trimmed to the entry the oldest checkpoint kept
 * needs ({@link #taken}): any kept one may be restored, an older one when the newer ones do not read back.
 */
public final class Checkpointing {
  private final CheckpointStore store;
  private final String plan;
  private final long intervalMillis;
  private final List<Map<String, ProducedOutput>> outputs; // per task
  private final List<InputJournal> journals; // per task, or empty when the order of the input is the log's
  private final Checkpoint restored;
  private final long[] replayFrom; // per task
  private final BiConsumer<String, Throwable> failures;
  /** The journal entry of each task, by epoch, of the checkpoints restored or written since the query started. Guarded by this. */
  private final TreeMap<Long, long[]> entries = new TreeMap<>();
  private boolean trimFailing; // guarded by this
  private long epoch; // guarded by this
  private long nextDue = Long.MIN_VALUE; // guarded by this
  private boolean requested; // a checkpoint was asked for now; guarded by this
  private volatile Checkpoint last;
  private boolean failing; // guarded by this

  /**
   * {@code plan} identifies the query's plan, and {@code outputs} (one map per task) the number of tasks it
   * runs on; a checkpoint of another plan or parallelism is never restored, and {@code failures} hears why
   * (and of checkpoints that do not read back). {@code failures} also hears of a checkpoint that could not
   * be written (the query goes on, and tries again at the next interval). {@code journals}, one per task
   * or none, record the order in which each task consumes its input.
   */
  public Checkpointing(
      CheckpointStore store,
      String plan,
      long intervalMillis,
      List<Map<String, ProducedOutput>> outputs,
      List<InputJournal> journals,
      BiConsumer<String, Throwable> failures) {
    this.store = requireNonNull(store, "store is null");
    this.plan = requireNonNull(plan, "plan is null");
    this.intervalMillis = intervalMillis;
    this.outputs = new ArrayList<>();
    outputs.forEach(o -> this.outputs.add(new LinkedHashMap<>(o)));
    if (!journals.isEmpty() && journals.size() != outputs.size()) {
      throw new IllegalArgumentException(journals.size() + " journals for " + outputs.size() + " tasks");
    }
    this.journals = List.copyOf(journals);
    this.failures = requireNonNull(failures, "failures is null");
    Optional<Checkpoint> latest = store.latest((file, reason) -> failures.accept("checkpoint " + file.getFileName() + " skipped: " + reason, null));
    Checkpoint candidate = latest.orElse(null);
    if (candidate != null && !candidate.plan().equals(plan)) {
      failures.accept(
          "checkpoint " + candidate.epoch() + " holds the state of another plan of the query; it is not restored, and the query rebuilds its state from its input", null);
      candidate = null;
    } else if (candidate != null && candidate.parallelism() != outputs.size()) {
      failures.accept(
          "checkpoint " + candidate.epoch() + " holds the state of " + candidate.parallelism() + " tasks, the query runs on " + outputs.size()
              + "; it is not restored, and the query rebuilds its state from its input", null);
      candidate = null;
    }
    this.restored = candidate;
    this.last = candidate;
    this.epoch = store.nextEpoch();
    boolean startLost = restored == null && this.journals.stream().anyMatch(j -> j.start() > 0);
    this.replayFrom = new long[outputs.size()];
    for (int task = 0; task < replayFrom.length; task++) {
      if (restored != null) {
        replayFrom[task] = restored.tasks().get(task).journal();
      } else if (startLost) {
        replayFrom[task] = this.journals.get(task).size(); // the tasks' journals replay together or not at all
      }
    }
    if (startLost) {
      failures.accept(
          "the input journal no longer holds its first entries: they were freed after checkpoints that are not restored, so the query rebuilds its state"
              + " from its input in the order its logs give it, and what it writes again may differ from what it wrote before",
          null);
    }
    if (restored != null) {
      entries.put(restored.epoch(), replayFrom.clone());
      for (int task = 0; task < restored.parallelism(); task++) {
        Map<String, ProducedOutput> taskOutputs = this.outputs.get(task);
        restored.tasks().get(task).outputs().forEach((name, counts) -> {
          ProducedOutput out = taskOutputs.get(name);
          if (out != null) {
            out.restore(counts);
          }
        });
      }
    }
  }

  /** How many tasks the query runs on. */
  public int parallelism() {
    return outputs.size();
  }

  /** The checkpoint to start from, or null: start from the beginning of the input. */
  public Checkpoint restored() {
    return restored;
  }

  /** Task {@code task}'s part of the checkpoint to start from, or null. */
  public Checkpoint.Task restored(int task) {
    return restored == null ? null : restored.tasks().get(task);
  }

  /** Task {@code task}'s input journal, or null. */
  public InputJournal journal(int task) {
    return journals.isEmpty() ? null : journals.get(task);
  }

  /**
   * Where task {@code task} replays its journal from when it starts: the restored checkpoint's entry, or
   * the start, or (without a checkpoint to restore, when a journal of the query was trimmed, so that its
   * start is lost) its end: nothing is replayed.
   */
  public long replayFrom(int task) {
    return replayFrom[task];
  }

  /** Closes the journal of task {@code task}: it has stopped. */
  public void close(int task) {
    InputJournal journal = journal(task);
    if (journal != null) {
      journal.close();
    }
  }

  /** The last checkpoint taken or restored, or null. */
  public Checkpoint last() {
    return last;
  }

  /** How long after {@code now} the next checkpoint falls due by the interval; {@link Long#MAX_VALUE} if none will. */
  public synchronized long millisUntilDue(long now) {
    if (intervalMillis <= 0 || nextDue == Long.MIN_VALUE) {
      return intervalMillis <= 0 ? Long.MAX_VALUE : intervalMillis;
    }
    return Math.max(0, nextDue - now);
  }

  /**
   * True when the clock reads {@code now} and a checkpoint is due, or one was asked for. One due by the
   * interval is skipped when the query has {@code changed} nothing since the last (it would hold the same),
   * and the next falls due an interval later: idle queries do not write checkpoints.
   */
  public synchronized boolean due(long now, boolean changed) {
    if (requested) {
      return true;
    }
    if (nextDue == Long.MIN_VALUE) {
      nextDue = now + intervalMillis;
      return false;
    }
    if (intervalMillis <= 0 || now < nextDue) {
      return false;
    }
    if (!changed) {
      nextDue = now + intervalMillis;
      return false;
    }
    return true;
  }

  /**
   * Asks for a checkpoint now, whatever the interval ({@code CHECKPOINT}), and returns the epoch the next
   * checkpoint written will have: {@link #awaitWritten} waits for it.
   */
  public synchronized long request() {
    requested = true;
    return epoch;
  }

  /**
   * Waits until the checkpoint of epoch {@code epoch} (or a later one) is written; false if it was not by
   * {@code deadline} ({@link System#nanoTime()}).
   */
  public synchronized boolean awaitWritten(long epoch, long deadline) throws InterruptedException {
    while (this.epoch <= epoch) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000L));
    }
    return true;
  }

  /**
   * Task {@code task}'s part of a checkpoint, with what it recorded, its journal's size and its outputs'
   * counts. Called by the task's own thread.
   */
  public Checkpoint.Task part(
      int task, Map<Integer, long[]> positions, Map<Integer, long[]> watermarks, long[] routing, Map<Integer, byte[]> operators) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    outputs.get(task).forEach((name, out) -> counts.put(name, out.offered()));
    InputJournal journal = journal(task);
    return new Checkpoint.Task(journal == null ? 0 : journal.size(), positions, watermarks, routing, operators, counts);
  }

  /**
   * Writes the checkpoint of every task's part, at the next epoch, then trims the journals ({@link #trim});
   * the next is due an interval after {@code now}. Called while every task is stopped at the checkpoint.
   */
  public synchronized void taken(List<Checkpoint.Task> parts, long now) {
    nextDue = now + intervalMillis;
    Checkpoint checkpoint = new Checkpoint(epoch, plan, parts);
    try {
      store.write(checkpoint);
      epoch++;
      last = checkpoint;
      failing = false;
      requested = false;
      notifyAll();
    } catch (RuntimeException e) {
      if (!failing) { // once per run of failures, not once per interval
        failures.accept("checkpoint " + checkpoint.epoch() + " could not be written: " + e.getMessage(), e);
      }
      failing = true;
      return;
    }
    trim(checkpoint);
  }

  /**
   * Frees each task's journal up to the entry the oldest checkpoint kept needs, now that {@code written} is
   * durably in the store (a crash before this recovers from it all the same). A kept checkpoint that the
   * query neither restored nor wrote since it started (an older one, one that did not read back, one of
   * another plan) needs entries it does not know: while one is kept, nothing is trimmed. A trim that fails
   * is reported once per run of failures; the journals keep their entries until the next checkpoint.
   */
  private void trim(Checkpoint written) {
    if (journals.isEmpty()) {
      return;
    }
    long[] at = new long[journals.size()];
    for (int task = 0; task < at.length; task++) {
      at[task] = written.tasks().get(task).journal();
    }
    entries.put(written.epoch(), at);
    try {
      List<Long> kept = store.kept();
      entries.keySet().retainAll(kept);
      if (!entries.keySet().containsAll(kept)) {
        return;
      }
      for (int task = 0; task < journals.size(); task++) {
        long from = Long.MAX_VALUE;
        for (long[] e : entries.values()) {
          from = Math.min(from, e[task]);
        }
        journals.get(task).trim(from);
      }
      trimFailing = false;
    } catch (RuntimeException e) {
      if (!trimFailing) {
        failures.accept("the input journals could not be trimmed after checkpoint " + written.epoch() + ": " + e.getMessage(), e);
      }
      trimFailing = true;
    }
  }
}
