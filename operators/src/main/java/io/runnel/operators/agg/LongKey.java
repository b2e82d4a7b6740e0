package io.runnel.operators.agg;

import io.runnel.operators.batch.Column;

/**
 * A grouping key of one column whose values are held as longs (integers, times, booleans), unboxed: a
 * lookup refills one key per row ({@link #set}) instead of boxing each row's value, and a group stores a
 * {@link #copy}. NULL is a key of its own. Equal to another {@code LongKey} of the same value only.
 */
final class LongKey {
  private long value;
  private boolean isNull;

  private LongKey(long value, boolean isNull) {
    this.value = value;
    this.isNull = isNull;
  }

  /** An empty key, to {@link #set} from rows. */
  static LongKey probe() {
    return new LongKey(0, true);
  }

  /** The key of a boxed value, as {@link Aggregation#keyValues} gives it; null for NULL. */
  static LongKey of(Object value) {
    return value == null ? new LongKey(0, true) : new LongKey(((Number) value).longValue(), false);
  }

  /** Refills this key with row {@code row} of {@code column}; returns it. */
  LongKey set(Column column, int row) {
    isNull = column.isNull(row);
    value = isNull ? 0 : column.getLong(row);
    return this;
  }

  /** A key of its own with the same value, for storing while this one is refilled. */
  LongKey copy() {
    return new LongKey(value, isNull);
  }

  @Override
  public int hashCode() {
    return isNull ? 0x2545F491 : Long.hashCode(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LongKey other && other.value == value && other.isNull == isNull;
  }

  @Override
  public String toString() {
    return isNull ? "[null]" : "[" + value + "]";
  }
}
