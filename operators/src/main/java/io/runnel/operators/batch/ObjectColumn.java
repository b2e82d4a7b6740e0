package io.runnel.operators.batch;

import io.runnel.operators.types.DataType;

/**
 * A column of objects: DECIMAL (BigDecimal), VARCHAR (String) and ROW (Object[]) values. A column may also
 * say how it was built from a dictionary: row r's value is {@code dictionary()[ids()[r]]} (-1 for a null
 * row), so a function of the value can be computed once per dictionary entry instead of once per row.
 */
public final class ObjectColumn extends Column {
  private final Object[] values;
  private final Object[] dictionary; // null: no dictionary
  private final int[] ids;

  public ObjectColumn(DataType type, Object[] values, boolean[] nulls) {
    this(type, values, nulls, null, null);
  }

  /** A column whose non-null row r holds {@code dictionary[ids[r]]}, which {@code values[r]} must be. */
  public ObjectColumn(DataType type, Object[] values, boolean[] nulls, Object[] dictionary, int[] ids) {
    super(type, nulls);
    if ((dictionary == null) != (ids == null)) {
      throw new IllegalArgumentException("a dictionary needs its ids, and ids their dictionary");
    }
    this.values = values;
    this.dictionary = dictionary;
    this.ids = ids;
  }

  /** The backing array; callers must not modify it. */
  public Object[] values() {
    return values;
  }

  /**
   * The values the rows were built from (not always distinct, perhaps more than the rows name), or null;
   * callers must not modify it.
   */
  public Object[] dictionary() {
    return dictionary;
  }

  /** With a {@link #dictionary}: each row's index into it, -1 for a null row; callers must not modify it. */
  public int[] ids() {
    return ids;
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
