package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;
import io.runnel.runtime.journal.InputJournal;
import java.util.Map;

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
 *
 * <p>A replay goes a step at a time ({@link #step}), so that a task in a pool of workers never holds its
 * worker while it waits: a step replays what is there, and says so when it has to wait for an element
 * another task has yet to send (or rows the log's reader does not see yet), or when it has run long enough
 * to let other tasks have the worker. The task calls it again in its next round.
 */
final class JournalReplay implements AutoCloseable {
  private static final long ROWS_WAIT_NANOS = 10_000_000_000L;
  /** How long one step replays before it lets the worker go, as a busy round does. */
  private static final long STEP_NANOS = 2_000_000L;

  /** What a step of the replay came to. */
  enum Step {
    /** The journal is replayed to its end: the task reads on from its inputs. */
    DONE,
    /** Waiting for what another task sends, or for rows to be visible: step again after a short park. */
    WAITING,
    /** Replayed for a while: step again at once, after others have had the worker. */
    MORE,
    /** The query was cancelled before the end. */
    CANCELLED
  }

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
  private final InputJournal.Replay replay;
  /** The entry being replayed, or null to take the next. */
  private InputJournal.Entry entry;
  /** Of a RECEIVED entry, how many of its elements were handled. */
  private long received;
  /** Of a ROWS entry, when the rows must be visible by; 0 before the first look. */
  private long rowsDeadline;

  /** A replay of {@code journal} from entry {@code from}. */
  JournalReplay(int self, TaskGroup group, Map<Integer, SourceInput> sources, Input input, InputJournal journal, long from) {
    this.self = self;
    this.group = group;
    this.sources = sources;
    this.input = input;
    this.replay = journal.replay(from);
  }

  /** Replays what it can now: to the end, until it must wait, or for {@link #STEP_NANOS}. */
  Step step() {
    long until = System.nanoTime() + STEP_NANOS;
    while (true) {
      if (group.cancelled()) {
        return Step.CANCELLED;
      }
      if (entry == null) {
        entry = replay.next();
        if (entry == null) {
          return Step.DONE;
        }
        received = 0;
        rowsDeadline = 0;
      }
      if (!replayEntry(entry)) {
        return Step.WAITING;
      }
      entry = null;
      if (System.nanoTime() - until > 0) {
        return Step.MORE;
      }
    }
  }

  /** Replays {@code e}, or as much of it as there is; false if it must wait for the rest. */
  private boolean replayEntry(InputJournal.Entry e) {
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
        for (; received < e.value(); received++) {
          Exchange.Element element = element(e.from(), received, e.value());
          if (element == null) {
            return false;
          }
          input.element(e.from(), element);
          group.exchange().processed();
        }
      }
    }
    return true;
  }

  @Override
  public void close() {
    replay.close();
  }

  /**
   * The rows a journal entry says were taken; they were read before, so they are in the log. Null while
   * the log's reader does not see them yet (an append not yet visible to it), for at most {@link
   * #ROWS_WAIT_NANOS}.
   */
  private Batch rows(InputJournal.Entry e) {
    SourceInput source = sources.get(e.vertex());
    Batch batch = source.poll(e.from());
    if (batch == null) {
      long now = System.nanoTime();
      if (rowsDeadline == 0) {
        rowsDeadline = now + ROWS_WAIT_NANOS;
      }
      if (now - rowsDeadline < 0) {
        return null;
      }
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
   * were taken; null while it has not been sent.
   */
  private Exchange.Element element(int from, long k, long n) {
    Exchange exchange = group.exchange();
    if (exchange == null) {
      throw new IllegalStateException("the input journal says elements were taken from task " + from + ", and the query runs on one task");
    }
    boolean senderDone = group.replayed(from); // read before the channel: what it sent before is in it
    Exchange.Element element = exchange.poll(from, self);
    if (element == null && senderDone) {
      throw new IllegalStateException(
          "the input journal of task " + self + " says " + n + " elements were taken from task " + from + ", which sent " + k
              + " when it had replayed its own: the journals disagree");
    }
    return element;
  }
}
