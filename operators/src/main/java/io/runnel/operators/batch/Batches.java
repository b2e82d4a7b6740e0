package io.runnel.operators.batch;

import java.util.Arrays;

/** Copies of parts of batches: rows picked by a selection vector, or a contiguous range. */
public final class Batches {
  private Batches() {}

  /** The rows {@code selection[0..count)} of {@code batch}, in that order, with their row kinds. */
  public static Batch gather(Batch batch, int[] selection, int count) {
    return gather(batch, selection, count, false);
  }

  /**
   * {@link #gather}, for a batch that lives only while an expression is evaluated over it (a filter's kept
   * rows, a CASE branch's): it remembers which rows of {@code batch} it holds, so that sub-expressions
   * already computed for {@code batch} are picked rather than computed again ({@link Batch#rowsOf}). It
   * keeps {@code batch} reachable, so it is not for batches passed on to other operators.
   */
  public static Batch select(Batch batch, int[] selection, int count) {
    return gather(batch, selection, count, true);
  }

  private static Batch gather(Batch batch, int[] selection, int count, boolean linked) {
    Column[] columns = new Column[batch.columnCount()];
    for (int c = 0; c < columns.length; c++) {
      // a column not read from the log holds nothing to pick: it stays as it is, and marked so
      columns[c] = batch.unread(c) ? batch.column(c) : gather(batch.column(c), selection, count);
    }
    int[] rows = linked ? Arrays.copyOf(selection, count) : null;
    return new Batch(batch.schema(), columns, gatherKinds(batch, selection, count), count, batch.unreadOrNull(), linked ? batch : null, rows);
  }

  /** The row kinds of {@code batch}'s rows {@code selection[0..count)}, or null when every row is an insert. */
  public static byte[] gatherKinds(Batch batch, int[] selection, int count) {
    byte[] kinds = batch.kindsOrNull();
    if (kinds == null) {
      return null;
    }
    byte[] picked = new byte[count];
    for (int i = 0; i < count; i++) {
      picked[i] = kinds[selection[i]];
    }
    return picked;
  }

  /** Column {@code column} restricted to the selected rows. */
  public static Column gather(Column column, int[] selection, int count) {
    boolean[] nulls = column.nullMask();
    boolean[] newNulls = null;
    if (nulls != null) {
      newNulls = new boolean[count];
      for (int i = 0; i < count; i++) {
        newNulls[i] = nulls[selection[i]];
      }
    }
    if (column instanceof LongColumn l) {
      long[] v = l.values();
      long[] out = new long[count];
      for (int i = 0; i < count; i++) {
        out[i] = v[selection[i]];
      }
      return new LongColumn(column.type(), out, newNulls);
    }
    if (column instanceof DoubleColumn d) {
      double[] v = d.values();
      double[] out = new double[count];
      for (int i = 0; i < count; i++) {
        out[i] = v[selection[i]];
      }
      return new DoubleColumn(column.type(), out, newNulls);
    }
    ObjectColumn objects = (ObjectColumn) column;
    Object[] v = objects.values();
    Object[] out = new Object[count];
    for (int i = 0; i < count; i++) {
      out[i] = v[selection[i]];
    }
    if (objects.dictionary() == null) {
      return new ObjectColumn(column.type(), out, newNulls);
    }
    int[] ids = objects.ids();
    int[] outIds = new int[count];
    for (int i = 0; i < count; i++) {
      outIds[i] = ids[selection[i]];
    }
    return new ObjectColumn(column.type(), out, newNulls, objects.dictionary(), outIds);
  }

  /** Rows {@code [from, to)} of {@code batch}. */
  public static Batch slice(Batch batch, int from, int to) {
    int[] selection = new int[to - from];
    for (int i = 0; i < selection.length; i++) {
      selection[i] = from + i;
    }
    return gather(batch, selection, selection.length);
  }
}
