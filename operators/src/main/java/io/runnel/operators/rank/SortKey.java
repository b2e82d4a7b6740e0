package io.runnel.operators.rank;

/**
 * One key of an ORDER BY: input column {@code column}, in descending order or not, with its nulls first or
 * last (whatever the direction).
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
  public SortKey {
    if (column < 0) {
      throw new IllegalArgumentException("a sort key's column must not be negative: " + column);
    }
  }

  /** {@code $2}, {@code $2 desc}; the null placement is shown only when it is not the default (nulls sort high). */
  @Override
  public String toString() {
    String s = "$" + column + (descending ? " desc" : "");
    if (nullsFirst != descending) {
      s += nullsFirst ? " nulls first" : " nulls last";
    }
    return s;
  }
}
