package io.runnel.operators.batch;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.Arrays;

/**
 * Builds a {@link Batch} row by row; grows as needed. Values are given in boxed form (see {@link
 * Column#getObject}); Integer, Short and Boolean are accepted for LONG columns.
 */
public final class BatchBuilder {
  private final Schema schema;
  private final long[][] longs;
  private final double[][] doubles;
  private final Object[][] objects;
  private final boolean[][] nulls;
  private byte[] kinds;
  private boolean anyNonInsert;
  private int size;

  public BatchBuilder(Schema schema, int initialCapacity) {
    this.schema = requireNonNull(schema, "schema is null");
    int n = schema.size();
    int cap = Math.max(initialCapacity, 1);
    longs = new long[n][];
    doubles = new double[n][];
    objects = new Object[n][];
    nulls = new boolean[n][];
    for (int c = 0; c < n; c++) {
      switch (schema.type(c).physical()) {
        case LONG -> longs[c] = new long[cap];
        case DOUBLE -> doubles[c] = new double[cap];
        case OBJECT -> objects[c] = new Object[cap];
      }
    }
    kinds = new byte[cap];
  }

  public Schema schema() {
    return schema;
  }

  public int size() {
    return size;
  }

  public BatchBuilder add(RowKind kind, Object... values) {
    if (values.length != schema.size()) {
      throw new IllegalArgumentException(
          "row has " + values.length + " values, schema has " + schema.size());
    }
    int row = beginRow(kind);
    for (int c = 0; c < values.length; c++) {
      set(c, row, values[c]);
    }
    return this;
  }

  public BatchBuilder add(Object... values) {
    return add(RowKind.INSERT, values);
  }

  /** Starts a row whose values are then given with the {@code set*} methods; returns its index. */
  public int beginRow(RowKind kind) {
    ensureCapacity(size + 1);
    kinds[size] = kind.toByte();
    anyNonInsert |= kind != RowKind.INSERT;
    return size++;
  }

  public void setLong(int column, int row, long value) {
    longs[column][row] = value;
  }

  public void setDouble(int column, int row, double value) {
    doubles[column][row] = value;
  }

  public void setNull(int column, int row) {
    if (nulls[column] == null) {
      nulls[column] = new boolean[kinds.length];
    }
    nulls[column][row] = true;
  }

  public void set(int column, int row, Object value) {
    if (value == null) {
      setNull(column, row);
      return;
    }
    // the column's physical type is whichever array it has
    if (objects[column] != null) {
      objects[column][row] = value;
    } else if (longs[column] != null) {
      longs[column][row] = toLong(value);
    } else {
      doubles[column][row] = ((Number) value).doubleValue();
    }
  }

  private static long toLong(Object value) {
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return ((Number) value).longValue();
  }

  private void ensureCapacity(int needed) {
    if (needed <= kinds.length) {
      return;
    }
    int cap = Math.max(needed, kinds.length * 2);
    kinds = Arrays.copyOf(kinds, cap);
    for (int c = 0; c < schema.size(); c++) {
      if (longs[c] != null) {
        longs[c] = Arrays.copyOf(longs[c], cap);
      }
      if (doubles[c] != null) {
        doubles[c] = Arrays.copyOf(doubles[c], cap);
      }
      if (objects[c] != null) {
        objects[c] = Arrays.copyOf(objects[c], cap);
      }
      if (nulls[c] != null) {
        nulls[c] = Arrays.copyOf(nulls[c], cap);
      }
    }
  }

  /** The rows added so far; the builder must not be used afterwards. */
  public Batch build() {
    Column[] columns = new Column[schema.size()];
    for (int c = 0; c < columns.length; c++) {
      DataType type = schema.type(c);
      columns[c] =
          switch (type.physical()) {
            case LONG -> new LongColumn(type, longs[c], nulls[c]);
            case DOUBLE -> new DoubleColumn(type, doubles[c], nulls[c]);
            case OBJECT -> new ObjectColumn(type, objects[c], nulls[c]);
          };
    }
    return new Batch(schema, columns, anyNonInsert ? kinds : null, size);
  }
}
