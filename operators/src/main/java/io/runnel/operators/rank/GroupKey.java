package io.runnel.operators.rank;

import io.runnel.operators.batch.Batch;
import java.util.Arrays;

/**
 * Values of some columns of a row as a hash-map key, equal as {@link Arrays#deepEquals} finds them (so ROW
 * values compare by their fields). Its hash is computed once.
 */
public final class GroupKey {
  private final Object[] values;
  private final int hash;

  GroupKey(Object[] values) {
    this.values = values;
    this.hash = Arrays.deepHashCode(values);
  }

  /** A key of the values themselves (the array is kept, not copied). */
  public static GroupKey of(Object[] values) {
    return new GroupKey(values);
  }

  public static GroupKey of(Object[] row, int[] columns) {
    Object[] values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = row[columns[i]];
    }
    return new GroupKey(values);
  }

  static GroupKey of(Batch batch, int row, int[] columns) {
    Object[] values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = batch.column(columns[i]).getObject(row);
    }
    return new GroupKey(values);
  }

  public Object[] values() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupKey k && hash == k.hash && Arrays.deepEquals(values, k.values);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
