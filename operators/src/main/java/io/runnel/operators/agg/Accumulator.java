package io.runnel.operators.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The running state of one aggregate for one group. Values arrive boxed (see {@link
 * io.runnel.operators.batch.Column#getObject}) and never null: SQL aggregates skip nulls, and the caller
 * does the skipping. {@code COUNT(*)} gets a null value per row.
 */
public interface Accumulator {
  void add(Object value);

  /**
   * Adds a value of a column held as longs (integers, times, booleans): the same as {@code add(value)}
   * boxed, which is what this does unless the accumulator can do without the box.
   */
  default void addLong(long value) {
    add(value);
  }

  /**
   * {@code accumulators[k].addLong(values[k])} for k below {@code n}, where every one of {@code
   * accumulators} is of this one's class: a class overrides it with a loop that calls itself directly.
   */
  default void addLongs(Accumulator[] accumulators, long[] values, int n) {
    for (int k = 0; k < n; k++) {
      accumulators[k].addLong(values[k]);
    }
  }

  /** Takes back a value of a column held as longs: the same as {@code retract(value)} boxed. */
  default void retractLong(long value) {
    retract(value);
  }

  /** Takes back a value added before. Only called when the input carries retractions. */
  void retract(Object value);

  /** Adds everything {@code other} (an accumulator of the same call) has seen; used when sessions merge. */
  void merge(Accumulator other);

  /** The aggregate's current value, boxed like a column value; null when SQL says so (SUM of no rows). */
  Object result();

  void write(DataOutput out) throws IOException;

  void read(DataInput in) throws IOException;
}
