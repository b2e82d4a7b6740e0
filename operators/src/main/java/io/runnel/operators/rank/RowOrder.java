package io.runnel.operators.rank;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * Orders boxed rows by a list of {@link SortKey}s: numbers numerically (across Long, Double and BigDecimal),
 * strings by {@link String#compareTo}, ROW values field by field; each key's nulls first or last whatever its
 * direction.
 */
public final class RowOrder implements Comparator<Object[]> {
  private final int[] columns;
  private final boolean[] descending;
  private final boolean[] nullsFirst;

  public RowOrder(List<SortKey> keys) {
    int n = keys.size();
    columns = new int[n];
    descending = new boolean[n];
    nullsFirst = new boolean[n];
    for (int i = 0; i < n; i++) {
      SortKey k = keys.get(i);
      columns[i] = k.column();
      descending[i] = k.descending();
      nullsFirst[i] = k.nullsFirst();
    }
  }

  @Override
  public int compare(Object[] a, Object[] b) {
    for (int i = 0; i < columns.length; i++) {
      Object x = a[columns[i]];
      Object y = b[columns[i]];
      if (x == null || y == null) {
        if (x == y) {
          continue;
        }
        int nullLow = x == null ? -1 : 1;
        return nullsFirst[i] ? nullLow : -nullLow;
      }
      int c = compareValues(x, y);
      if (c != 0) {
        return descending[i] ? -c : c;
      }
    }
    return 0;
  }

  /** Compares two non-null boxed values of one column. */
  public static int compareValues(Object x, Object y) {
    if (x instanceof Long a && y instanceof Long b) {
      return Long.compare(a, b);
    }
    if (x instanceof Double a && y instanceof Double b) {
      return Double.compare(a, b);
    }
    if (x instanceof BigDecimal a && y instanceof BigDecimal b) {
      return a.compareTo(b);
    }
    if (x instanceof String a && y instanceof String b) {
      return a.compareTo(b);
    }
    if (x instanceof Number a && y instanceof Number b) {
      return compareNumbers(a, b);
    }
    if (x instanceof Object[] a && y instanceof Object[] b) {
      return compareRows(a, b);
    }
    throw new IllegalArgumentException("cannot order " + x.getClass().getSimpleName() + " against " + y.getClass().getSimpleName());
  }

  /** Numbers of different kinds: exactly, as decimals, unless a double is infinite or NaN. */
  private static int compareNumbers(Number a, Number b) {
    if (!finite(a) || !finite(b)) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return decimal(a).compareTo(decimal(b));
  }

  private static boolean finite(Number n) {
    return !(n instanceof Double d) || Double.isFinite(d);
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof Double d) {
      return new BigDecimal(d);
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /** ROW values: field by field, a null field before any value, a shorter row before its extensions. */
  private static int compareRows(Object[] a, Object[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] == null || b[i] == null) {
        if (a[i] != b[i]) {
          return a[i] == null ? -1 : 1;
        }
        continue;
      }
      int c = compareValues(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }
}
