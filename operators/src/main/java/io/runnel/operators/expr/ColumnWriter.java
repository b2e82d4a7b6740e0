package io.runnel.operators.expr;

import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.DoubleColumn;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.batch.ObjectColumn;
import io.runnel.operators.types.DataType;

/** Fills a new column of a fixed size, then builds it. */
final class ColumnWriter {
  private final DataType type;
  private final long[] longs;
  private final double[] doubles;
  private final Object[] objects;
  private boolean[] nulls;

  ColumnWriter(DataType type, int size) {
    this.type = type;
    this.longs = type.physical() == io.runnel.operators.types.TypeKind.Physical.LONG ? new long[size] : null;
    this.doubles = type.physical() == io.runnel.operators.types.TypeKind.Physical.DOUBLE ? new double[size] : null;
    this.objects = type.physical() == io.runnel.operators.types.TypeKind.Physical.OBJECT ? new Object[size] : null;
  }

  void setNull(int row) {
    if (nulls == null) {
      nulls = new boolean[longs != null ? longs.length : doubles != null ? doubles.length : objects.length];
    }
    nulls[row] = true;
  }

  /** Sets a boxed value (null allowed): Number or Boolean for LONG, Number for DOUBLE, else the object. */
  void set(int row, Object value) {
    if (value == null) {
      setNull(row);
    } else if (longs != null) {
      longs[row] = value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue();
    } else if (doubles != null) {
      doubles[row] = ((Number) value).doubleValue();
    } else {
      objects[row] = value;
    }
  }

  Column build() {
    if (longs != null) {
      return new LongColumn(type, longs, nulls);
    }
    if (doubles != null) {
      return new DoubleColumn(type, doubles, nulls);
    }
    return new ObjectColumn(type, objects, nulls);
  }

  static Column constant(DataType type, Object value, int size) {
    ColumnWriter w = new ColumnWriter(type, size);
    for (int i = 0; i < size; i++) {
      w.set(i, value);
    }
    return w.build();
  }
}
