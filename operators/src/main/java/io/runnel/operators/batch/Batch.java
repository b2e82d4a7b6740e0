package io.runnel.operators.batch;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * An immutable group of rows in columnar form, the unit operators exchange. Row {@code i} is made of
 * {@code column(c).getXxx(i)} for each column and has the change kind {@link #kind(int)}.
 */
public final class Batch {
  private final Schema schema;
  private final Column[] columns;
  private final byte[] kinds; // null: every row is +I
  private final int size;
  private final boolean[] unread; // null: every column holds its values
  /** For a batch of some rows of another ({@link Batches#select}): that batch, and which of its rows these are. */
  private final Batch parent;
  private final int[] parentRows;

  public Batch(Schema schema, Column[] columns, byte[] kinds, int size) {
    this(schema, columns, kinds, size, null);
  }

  private Batch(Schema schema, Column[] columns, byte[] kinds, int size, boolean[] unread) {
    this(schema, columns, kinds, size, unread, null, null);
  }

  Batch(Schema schema, Column[] columns, byte[] kinds, int size, boolean[] unread, Batch parent, int[] parentRows) {
    this.schema = requireNonNull(schema, "schema is null");
    this.columns = requireNonNull(columns, "columns is null");
    if (columns.length != schema.size()) {
      throw new IllegalArgumentException(
          "schema has " + schema.size() + " columns, batch has " + columns.length);
    }
    this.kinds = kinds;
    this.size = size;
    this.unread = unread;
    this.parent = parent;
    this.parentRows = parentRows;
  }

  /** Whether column {@code c} was not read from the log (see {@link #withUnread}). */
  public boolean unread(int c) {
    return unread != null && unread[c];
  }

  boolean[] unreadOrNull() {
    return unread;
  }

  /**
   * When this batch holds some rows of {@code ancestor} (made by {@link Batches#select}, perhaps of a batch
   * made so): for each of its rows, the row of {@code ancestor} it is; else null. Lets a value computed for
   * the ancestor be picked for these rows instead of computed again.
   */
  public int[] rowsOf(Batch ancestor) {
    if (parent == null) {
      return null;
    }
    if (parent == ancestor) {
      return parentRows;
    }
    int[] above = parent.rowsOf(ancestor);
    if (above == null) {
      return null;
    }
    int[] rows = new int[size];
    for (int i = 0; i < size; i++) {
      rows[i] = above[parentRows[i]];
    }
    return rows;
  }

  /**
   * This batch, noting that the columns {@code unread} marks were not read from the log (nothing downstream
   * uses them): they are empty, and {@link #format} shows them as {@value #NOT_READ}.
   */
  public Batch withUnread(boolean[] unread) {
    return new Batch(schema, columns, kinds, size, unread.clone());
  }

  /** How {@link #format} shows a column that was not read. */
  public static final String NOT_READ = "(not read)";

  public static Batch empty(Schema schema) {
    return new BatchBuilder(schema, 0).build();
  }

  public Schema schema() {
    return schema;
  }

  public int size() {
    return size;
  }

  public int columnCount() {
    return columns.length;
  }

  public Column column(int index) {
    return columns[index];
  }

  public RowKind kind(int row) {
    return kinds == null ? RowKind.INSERT : RowKind.fromByte(kinds[row]);
  }

  /** True when every row is an insert. */
  public boolean insertOnly() {
    if (kinds == null) {
      return true;
    }
    for (int i = 0; i < size; i++) {
      if (kinds[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Row {@code row} boxed, one value per column (see {@link Column#getObject}). */
  public Object[] row(int row) {
    Object[] values = new Object[columns.length];
    for (int c = 0; c < columns.length; c++) {
      values[c] = columns[c].getObject(row);
    }
    return values;
  }

  /** Row {@code row} as text, formatted by the schema (timestamps as date and time), for error reports. */
  public String format(int row) {
    Object[] values = row(row);
    if (unread != null) {
      for (int c = 0; c < values.length; c++) {
        if (unread[c]) {
          values[c] = NOT_READ;
        }
      }
    }
    return schema.format(values);
  }

  /** A batch with the same rows and kinds and other columns (a projection). */
  public Batch withColumns(Schema newSchema, Column[] newColumns) {
    return new Batch(newSchema, newColumns, kinds, size);
  }

  /** All rows boxed; for tests and small results. */
  public List<Object[]> rows() {
    Object[][] all = new Object[size][];
    for (int i = 0; i < size; i++) {
      all[i] = row(i);
    }
    return List.of(all);
  }

  /** The kinds array, or null when every row is +I. Callers must not modify it. */
  public byte[] kindsOrNull() {
    return kinds;
  }
}
