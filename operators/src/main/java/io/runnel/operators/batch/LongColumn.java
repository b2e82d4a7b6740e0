package io.runnel.operators.batch;

import io.runnel.operators.types.DataType;

/** A column of longs: BOOLEAN, INT, BIGINT, TIMESTAMP, TIMESTAMP_LTZ, DATE and INTERVAL values. */
public final class LongColumn extends Column {
  private final long[] values;

  public LongColumn(DataType type, long[] values, boolean[] nulls) {
    super(type, nulls);
    this.values = values;
  }

  @Override
  public long getLong(int row) {
    return values[row];
  }

  /** The backing array; callers must not modify it. */
  public long[] values() {
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
