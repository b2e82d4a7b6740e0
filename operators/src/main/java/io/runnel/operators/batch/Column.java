package io.runnel.operators.batch;

import io.runnel.operators.types.DataType;

/**
 * One column of a {@link Batch}: a primitive or object array plus a null mask. Columns are read-only once
 * their batch is built. Which accessor is valid depends on {@link DataType#physical()}: {@link #getLong} for
 * LONG, {@link #getDouble} for DOUBLE, {@link #getObject} for every kind (boxing primitives).
 */
public abstract sealed class Column permits LongColumn, DoubleColumn, ObjectColumn {

  protected final DataType type;
  protected final boolean[] nulls; // null when the column has no nulls

  protected Column(DataType type, boolean[] nulls) {
    this.type = type;
    this.nulls = nulls;
  }

  public DataType type() {
    return type;
  }

  public final boolean isNull(int row) {
    return nulls != null && nulls[row];
  }

  /** The null mask, or null when no row is null. Callers must not modify it. */
  public final boolean[] nullMask() {
    return nulls;
  }

  public long getLong(int row) {
    throw new UnsupportedOperationException(type + " column has no long values");
  }

  public double getDouble(int row) {
    throw new UnsupportedOperationException(type + " column has no double values");
  }

  /** The value boxed (Long, Double, BigDecimal, String, Object[] for ROW), or null. */
  public abstract Object getObject(int row);

  /** Number of values the column holds; at least the batch size. */
  public abstract int capacity();
}
