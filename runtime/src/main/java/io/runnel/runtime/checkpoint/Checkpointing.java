package io.runnel.runtime.checkpoint;

import static java.util.Objects.requireNonNull;

import io.runnel.runtime.journal.InputJournal;
import io.runnel.runtime.store.ProducedOutput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * How one persistent query checkpoints: where its checkpoints go, how often (by the processing-time clock),
 * the outputs whose counts they record, and the checkpoint it was restored from, if any. The task calls
 * {@link #due} once a round and, when a checkpoint is due and it is between rounds with nothing half
 * read, hands one to {@link #taken}.
 */
public final class Checkpointing {
  private final CheckpointStore store;
  private final String plan;
  private final long intervalMillis;
  private final Map<String, ProducedOutput> outputs;
  private final Checkpoint restored;
  private final BiConsumer<String, Throwable> failures;
  private final InputJournal journal; // null when the query reads one log and not by the clock: the log's order is the record
  private long epoch;
  private long nextDue = Long.MIN_VALUE;
  private volatile Checkpoint last;
  private boolean failing;

  /**
   * {@code plan} identifies the query's plan; a checkpoint of another plan is never restored, and
   * {@code skipped} hears why (and of checkpoints that do not read back). {@code failures} hears of a
   * checkpoint that could not be written (the query goes on, and tries again at the next interval).
   * {@code journal}, when not null, records the order in which the query consumes its inputs.
   */
  public Checkpointing(
      CheckpointStore store,
      String plan,
      long intervalMillis,
      Map<String, ProducedOutput> outputs,
      InputJournal journal,
      BiConsumer<String, Throwable> failures) {
    this.store = requireNonNull(store, "store is null");
    this.journal = journal;
    this.plan = requireNonNull(plan, "plan is null");
    this.intervalMillis = intervalMillis;
    this.outputs = new LinkedHashMap<>(outputs);
    this.failures = requireNonNull(failures, "failures is null");
    Optional<Checkpoint> latest = store.latest((file, reason) -> failures.accept("checkpoint " + file.getFileName() + " skipped: " + reason, null));
    Checkpoint candidate = latest.orElse(null);
    if (candidate != null && !candidate.plan().equals(plan)) {
      failures.accept(
          "checkpoint " + candidate.epoch() + " holds the state of another plan of the query; it is not restored, and the query rebuilds its state from its input", null);
      candidate = null;
    }
    this.restored = candidate;
    this.last = candidate;
    this.epoch = store.nextEpoch();
    if (restored != null) {
      restored.outputs().forEach((name, counts) -> {
        ProducedOutput out = this.outputs.get(name);
        if (out != null) {
          out.restore(counts);
        }
      });
    }
  }

  /** The checkpoint to start from, or null: start from the beginning of the input. */
  public Checkpoint restored() {
    return restored;
  }

  /** The query's input journal, or null. */
  public InputJournal journal() {
    return journal;
  }

  /** Where a started query replays its journal from: the restored checkpoint's entry, or the start. */
  public long replayFrom() {
    return restored == null ? 0 : restored.journal();
  }

  /** Closes the journal: the query has stopped. */
  public void close() {
    if (journal != null) {
      journal.close();
    }
  }

  /** The last checkpoint taken or restored, or null. */
  public Checkpoint last() {
    return last;
  }

  /** True when the clock reads {@code now} and a checkpoint is due. */
  public boolean due(long now) {
    if (nextDue == Long.MIN_VALUE) {
      nextDue = now + intervalMillis;
      return false;
    }
    return intervalMillis > 0 && now >= nextDue;
  }

  /** A checkpoint with what the task recorded, at the next epoch and with the outputs' counts. */
  public Checkpoint build(Map<Integer, long[]> positions, Map<Integer, long[]> watermarks, Map<Integer, long[]> delivered, Map<Integer, byte[]> operators) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    outputs.forEach((name, out) -> counts.put(name, out.offered()));
    return new Checkpoint(epoch, plan, journal == null ? 0 : journal.size(), positions, watermarks, delivered, operators, counts);
  }

  /** Writes {@code checkpoint}; the next is due an interval after {@code now}. */
  public void taken(Checkpoint checkpoint, long now) {
    nextDue = now + intervalMillis;
    try {
      store.write(checkpoint);
      epoch++;
      last = checkpoint;
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) { // once per run of failures, not once per interval
        failures.accept("checkpoint " + checkpoint.epoch() + " could not be written: " + e.getMessage(), e);
      }
      failing = true;
    }
  }
}
