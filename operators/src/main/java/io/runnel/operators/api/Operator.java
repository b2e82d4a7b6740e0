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
 * #processWatermark}, with {@link #snapshotState} allowed between any two calls, then {@link #close}. A
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

  default void close() {}
}
