package io.runnel.operators.agg;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.types.TypeKind;
import java.util.Arrays;

/**
 * A grouping key of several columns (at most 64) with its hash computed once. Numbers and times are held
 * unboxed as longs, a DOUBLE as {@link Double#doubleToLongBits} (so keys compare as {@link Double#equals}
 * does), any other value as its object; a bitmask says which values are null. A key is immutable once in
 * a map: an operator may refill one key per row to look groups up ({@link #set}) and store a {@link #copy}.
 */
final class RowKey {
  private final int[] columns;
  private final TypeKind.Physical[] kinds;
  private final long[] longs;
  private final Object[] objects; // null when no column holds objects
  private long nulls; // bit i: value i is null
  private int hash;

  private RowKey(int[] columns, TypeKind.Physical[] kinds, long[] longs, Object[] objects) {
    this.columns = columns;
    this.kinds = kinds;
    this.longs = longs;
    this.objects = objects;
  }

  /** An empty key over {@code columns} of the given physical kinds, to {@link #set} from rows. */
  static RowKey over(int[] columns, TypeKind.Physical[] kinds) {
    boolean anyObject = false;
    for (TypeKind.Physical k : kinds) {
      anyObject |= k == TypeKind.Physical.OBJECT;
    }
    return new RowKey(columns, kinds, new long[kinds.length], anyObject ? new Object[kinds.length] : null);
  }

  /** Refills this key with the key columns of row {@code row}; returns it. */
  RowKey set(Batch batch, int row) {
    long n = 0;
    for (int i = 0; i < columns.length; i++) {
      var column = batch.column(columns[i]);
      if (column.isNull(row)) {
        n |= 1L << i;
        longs[i] = 0;
        if (objects != null) {
          objects[i] = null;
        }
        continue;
      }
      switch (kinds[i]) {
        case LONG -> longs[i] = column.getLong(row);
        case DOUBLE -> longs[i] = Double.doubleToLongBits(column.getDouble(row));
        case OBJECT -> objects[i] = column.getObject(row);
      }
    }
    nulls = n;
    hash = computeHash();
    return this;
  }

  /** Refills this key with boxed values, as {@link Aggregation#keyValues} gives them; returns it. */
  RowKey set(Object[] values) {
    long n = 0;
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      longs[i] = 0;
      if (objects != null) {
        objects[i] = null;
      }
      if (v == null) {
        n |= 1L << i;
        continue;
      }
      switch (kinds[i]) {
        case LONG -> longs[i] = ((Number) v).longValue();
        case DOUBLE -> longs[i] = Double.doubleToLongBits(((Number) v).doubleValue());
        case OBJECT -> objects[i] = v;
      }
    }
    nulls = n;
    hash = computeHash();
    return this;
  }

  /** A key of its own with the same values, for storing while this one is refilled. */
  RowKey copy() {
    RowKey copy = new RowKey(columns, kinds, longs.clone(), objects == null ? null : objects.clone());
    copy.nulls = nulls;
    copy.hash = hash;
    return copy;
  }

  private int computeHash() {
    int h = 1;
    for (int i = 0; i < longs.length; i++) {
      h = 31 * h + (kinds[i] == TypeKind.Physical.OBJECT ? (objects[i] == null ? 0 : objects[i].hashCode()) : Long.hashCode(longs[i]));
    }
    return 31 * h + Long.hashCode(nulls);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowKey other
        && other.hash == hash
        && other.nulls == nulls
        && Arrays.equals(other.longs, longs)
        && Arrays.equals(other.objects, objects);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < longs.length; i++) {
      s.append(i == 0 ? "" : ", ");
      if ((nulls & 1L << i) != 0) {
        s.append("null");
      } else {
        s.append(switch (kinds[i]) {
          case LONG -> String.valueOf(longs[i]);
          case DOUBLE -> String.valueOf(Double.longBitsToDouble(longs[i]));
          case OBJECT -> String.valueOf(objects[i]);
        });
      }
    }
    return s.append(']').toString();
  }
}
