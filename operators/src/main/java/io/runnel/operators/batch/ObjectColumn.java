package io.runnel.operators.batch;

import io.runnel.operators.types.DataType;

/** A column of objects: DECIMAL (BigDecimal), VARCHAR (String) and ROW (Object[]) values. */
public final class ObjectColumn extends Column {
  private final Object[] values;

  public ObjectColumn(DataType type, Object[] values, boolean[] nulls) {
    super(type, nulls);
    this.values = values;
  }

  /** The backing array; callers must not modify it. */
  public Object[] values() {
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
