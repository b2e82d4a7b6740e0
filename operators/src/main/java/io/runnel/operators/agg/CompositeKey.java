package io.runnel.operators.agg;

import java.util.Arrays;

/**
 * A grouping key of several columns: the values with their hash computed once. Cheaper than a {@code List}
 * as a hash-map key, whose hashCode and equals walk iterators on every lookup.
 */
final class CompositeKey {
  private final Object[] values;
  private final int hash;

  CompositeKey(Object[] values) {
    this.values = values;
    this.hash = Arrays.hashCode(values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompositeKey other && other.hash == hash && Arrays.equals(other.values, values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
