package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;
import io.runnel.runtime.journal.InputJournal;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Consumes a task's input as its journal says it was consumed, from the restored checkpoint's entry (or the
 * start) to the journal's end: the same rows of the same partitions, the same watermarks, the same sources
 * going idle, the same processing times and ticks, and the same number of elements from each other task's
 * channel, in the same order. The operators then regenerate what they emitted before, which the outputs
 * skip where they already hold it.
 *
 * <p>Rows are in the logs already. Elements are sent again by the other tasks, which replay their own
 * journals and so send, on each channel, what they sent before in the same order; a task waits for them.
 * Every element a journal says was taken was sent while the sender acted on an entry of its own journal, so
 * it comes: a sender that has replayed its whole journal with the element still missing means the
 * journals disagree, and the query fails rather than write something else.
 */
final class JournalReplay {
  private static final long PARK_NANOS = 1_000_000L;
  private static final long ROWS_WAIT_NANOS = 10_000_000_000L;

  /** What the task does with what it replays: what it does with its input as it first took it. */
  interface Input {
    void rows(int vertex, Batch batch);

    void watermark(int vertex, long watermark);

    void idle(int vertex);

    /** Handles an element from task {@code from}; the replay marks it processed afterwards. */
    void element(int from, Exchange.Element element);

    /** The task's clock read {@code millis} from here on. */
    void time(long millis);

    /** The task gave its operators time {@code millis}. */
    void tick(long millis);
  }

  private final int self;
  private final TaskGroup group;
  private final Map<Integer, SourceInput> sources;
  private final Input input;

  JournalReplay(int self, TaskGroup group, Map<Integer, SourceInput> sources, Input input) {
    this.self = self;
    this.group = group;
    this.sources = sources;
    this.input = input;
  }

  /** Replays {@code journal} from entry {@code from}; false if the query was cancelled before the end. */
  boolean replay(InputJournal journal, long from) {
    try (InputJournal.Replay replay = journal.replay(from)) {
      InputJournal.Entry e;
      while ((e = replay.next()) != null) {
        if (group.cancelled()) {
          return false;
        }
        switch (e.kind()) {
          case ROWS -> {
            Batch batch = rows(e);
            if (batch == null) {
              return false;
            }
            input.rows(e.vertex(), batch);
          }
          case WATERMARK -> input.watermark(e.vertex(), e.value());
          case IDLE -> input.idle(e.vertex());
          case TIME -> input.time(e.value());
          case TICK -> input.tick(e.value());
          case RECEIVED -> {
            for (long k = 0; k < e.value(); k++) {
              Exchange.Element element = element(e.from(), k, e.value());
              if (element == null) {
                return false;
              }
              input.element(e.from(), element);
              group.exchange().processed();
            }
          }
        }
      }
    }
    return !group.cancelled();
  }

  /**
   * The rows a journal entry says were taken; they were read before, so they are in the log. Null if the
   * query is cancelled while the log's reader does not see them yet.
   */
  private Batch rows(InputJournal.Entry e) {
    SourceInput source = sources.get(e.vertex());
    long deadline = System.nanoTime() + ROWS_WAIT_NANOS;
    Batch batch;
    while ((batch = source.poll(e.from())) == null && System.nanoTime() < deadline && !group.cancelled()) {
      LockSupport.parkNanos(PARK_NANOS); // an append not yet visible to this reader
    }
    if (batch == null && group.cancelled()) {
      return null;
    }
    if (batch == null || batch.size() != e.value()) {
      throw new IllegalStateException(
          "the input journal says " + e.value() + " rows were taken from partition " + e.from() + " of source " + e.vertex()
              + ", the log gives " + (batch == null ? "none" : batch.size()) + ": the journal and the log disagree");
    }
    return batch;
  }

  /**
   * The next element of the channel from task {@code from}, the {@code k}-th of {@code n} an entry says
   * were taken, once it has been sent; null if the query is cancelled meanwhile.
   */
  private Exchange.Element element(int from, long k, long n) {
    Exchange exchange = group.exchange();
    if (exchange == null) {
      throw new IllegalStateException("the input journal says elements were taken from task " + from + ", and the query runs on one task");
    }
    while (true) {
      boolean senderDone = group.replayed(from); // read before the channel: what it sent before is in it
      Exchange.Element element = exchange.poll(from, self);
      if (element != null) {
        return element;
      }
      if (group.cancelled()) {
        return null;
      }
      if (senderDone) {
        throw new IllegalStateException(
            "the input journal of task " + self + " says " + n + " elements were taken from task " + from + ", which sent " + k
                + " when it had replayed its own: the journals disagree");
      }
      LockSupport.parkNanos(PARK_NANOS);
    }
  }
}
