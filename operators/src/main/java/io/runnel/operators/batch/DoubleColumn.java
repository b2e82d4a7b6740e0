package io.runnel.operators.batch;

import io.runnel.operators.types.DataType;

/** A column of DOUBLE values. */
public final class DoubleColumn extends Column {
  private final double[] values;

  public DoubleColumn(DataType type, double[] values, boolean[] nulls) {
    super(type, nulls);
    this.values = values;
  }

  @Override
  public double getDouble(int row) {
    return values[row];
  }

  /** The backing array; callers must not modify it. */
  public double[] values() {
    return values;
  }

  @Override
  public Object getObject(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public int capacity() {
    return values.length;
  }
}
