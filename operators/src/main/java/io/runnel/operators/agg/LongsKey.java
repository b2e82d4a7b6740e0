package io.runnel.operators.agg;

import java.util.Arrays;

/**
 * A grouping key of several columns that are all numbers or times (long-valued): the values unboxed, which
 * nulls are among them, and the hash computed once. Compared without boxing or a call per value, unlike a
 * {@link CompositeKey}.
 */
final class LongsKey {
  private final long[] values;
  private final long nulls; // bit i: value i is null (keys have at most 64 columns here)
  private final int hash;

  LongsKey(long[] values, long nulls) {
    this.values = values;
    this.nulls = nulls;
    this.hash = 31 * Arrays.hashCode(values) + Long.hashCode(nulls);
  }

  /** The key of boxed values (Long, or null), as {@link Aggregation#keyValues} gives them. */
  static LongsKey of(Object[] keyValues) {
    long[] values = new long[keyValues.length];
    long nulls = 0;
    for (int i = 0; i < keyValues.length; i++) {
      if (keyValues[i] == null) {
        nulls |= 1L << i;
      } else {
        values[i] = ((Number) keyValues[i]).longValue();
      }
    }
    return new LongsKey(values, nulls);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LongsKey other && other.hash == hash && other.nulls == nulls && Arrays.equals(other.values, values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values) + (nulls == 0 ? "" : " nulls=" + Long.toBinaryString(nulls));
  }
}
