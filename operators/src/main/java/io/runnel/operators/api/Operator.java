package io.runnel.operators.api;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.types.Schema;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A step of a query: takes batches and watermarks from one or more inputs, sends batches and watermarks to
 * its {@link Output}.
 *
 * <p>Call order: {@link #open} once, then any interleaving of {@link #processBatch} and {@link
 * #processWatermark}, with {@link #snapshotState}, {@link #stateEntries} and {@link #stateBytes} allowed between
 * any two calls, then {@link #close}. A
 * restored operator is opened, then {@link #restoreState} is called before any input. All calls come from
 * one thread; an operator needs no locks.
 *
 * <p>An operator never reads the wall clock (use {@link OperatorContext#clock()}), never blocks and knows
 * nothing of storage, threads or the planner.
 */
public interface Operator {

  /** The schema of the batches this operator emits. */
  Schema outputSchema();

  void open(OperatorContext context);

  /** Processes a batch arriving on input {@code input} (0 for single-input operators). */
  void processBatch(int input, Batch batch);

  /**
   * The combined watermark of all inputs advanced. The operator emits everything the watermark completes,
   * and only then forwards it (or a smaller one it still holds back).
   */
  void processWatermark(Watermark watermark);

  /**
   * The operator's clock ({@link OperatorContext#clock()}) reads {@code now}. Called between inputs, at
   * least once per round of the runtime's loop, with or without new input; operators that keep
   * processing-time windows fire what is due, others ignore it.
   *
   * <p>A call that gives nothing (no row, watermark, error or late row) and is followed by another before
   * any input must change nothing that the later call would not: a task that replays its input records the
   * calls that gave something and, of the others, the last before each input, and makes only those again.
   */
  default void processTime(long now) {}

  /** Writes all state needed to continue exactly where the operator is now. Stateless: writes nothing. */
  default void snapshotState(DataOutput out) throws IOException {}

  /** Reads back what {@link #snapshotState} wrote. */
  default void restoreState(DataInput in) throws IOException {}

  /**
   * How many entries of state the operator holds now, each as its kind counts them: groups of an aggregate,
   * groups of each window, open sessions, partitions and the rows an OVER window holds, keys of a changelog
   * normalization. 0 for a stateless operator. A count the operator keeps as it goes: cheap enough to ask
   * after every round.
   */
  default long stateEntries() {
    return 0;
  }

  /**
   * An estimate of the heap bytes the operator's state takes: {@link #stateEntries} times the average size
   * of an entry, sampled as entries are made ({@link io.runnel.operators.state.StateSize.Average}) from what
   * an entry holds when it is made: its key's values, its accumulators as first made, the rows it keeps, and
   * the objects and map slot holding them. What grows inside an entry afterwards (the values a {@code
   * COUNT(DISTINCT)} remembers, a sketch filling up) is not seen. Nothing is walked or serialized: as cheap
   * as {@link #stateEntries}. 0 for a stateless operator.
   */
  default long stateBytes() {
    return 0;
  }

  default void close() {}
}
