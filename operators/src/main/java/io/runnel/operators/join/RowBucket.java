package io.runnel.operators.join;

import io.runnel.operators.state.StateSize;
import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.objects.Object2IntOpenCustomHashMap;
import java.util.Arrays;

/**
 * The rows one side of a regular join holds for one key: each distinct row once, with how many times it is
 * held and, for a side whose rows must know it, how many rows of the other side it matches (with their
 * multiplicity). Rows stay in the order they came, except that a row whose last occurrence goes is replaced
 * by the last row. Three parallel arrays, not an object per row; a bucket that grows past a few rows also
 * indexes them by value, so that finding an equal row does not scan.
 */
final class RowBucket {
  /** Rows beyond which a bucket indexes its rows. */
  private static final int INDEXED = 8;
  /** What a bucket itself takes, besides its rows: the bucket, its arrays' headers and a slot of its map. */
  static final long BYTES = StateSize.HEADER + 4 * StateSize.REFERENCE + 3 * StateSize.HEADER + StateSize.MAP_SLOT;
  /** What each row takes besides its values: its reference, count and match count. */
  static final long ROW_BYTES = StateSize.REFERENCE + 8;

  private static final Hash.Strategy<Object[]> ROWS =
      new Hash.Strategy<>() {
        @Override
        public int hashCode(Object[] row) {
          return hash(row);
        }

        @Override
        public boolean equals(Object[] a, Object[] b) {
          return a == b || (a != null && b != null && Arrays.deepEquals(a, b));
        }
      };

  /**
   * A hash of a row that reads no text: a string counts by its length, a nested row by its size. Rows of one
   * key that differ only in text collide, and are told apart by {@code equals}; rows rarely do (their numbers
   * and times differ), and hashing every character of every row held would cost more than it saves.
   */
  static int hash(Object[] row) {
    int h = 1;
    for (Object v : row) {
      int vh;
      if (v == null) {
        vh = 0;
      } else if (v instanceof String s) {
        vh = s.length();
      } else if (v instanceof Object[] fields) {
        vh = fields.length;
      } else {
        vh = v.hashCode();
      }
      h = 31 * h + vh;
    }
    return h ^ (h >>> 16);
  }

  Object[][] rows;
  int[] counts;
  /** Per row, the occurrences of other-side rows it matches; null when the side does not keep them. */
  int[] matches;
  int size;
  private Object2IntOpenCustomHashMap<Object[]> index;

  RowBucket(boolean keepsMatches) {
    rows = new Object[1][];
    counts = new int[1];
    matches = keepsMatches ? new int[1] : null;
  }

  /** The place of the row equal to {@code row}, or -1. */
  int find(Object[] row) {
    if (index != null) {
      return index.getInt(row);
    }
    for (int i = 0; i < size; i++) {
      if (Arrays.deepEquals(rows[i], row)) {
        return i;
      }
    }
    return -1;
  }

  /** Adds one occurrence of {@code row}, which matches {@code matchCount}; true when the row was not held. */
  boolean add(Object[] row, int matchCount) {
    int at = find(row);
    if (at >= 0) {
      counts[at]++;
      return false;
    }
    if (size == rows.length) {
      int cap = size * 2;
      rows = Arrays.copyOf(rows, cap);
      counts = Arrays.copyOf(counts, cap);
      if (matches != null) {
        matches = Arrays.copyOf(matches, cap);
      }
    }
    rows[size] = row;
    counts[size] = 1;
    if (matches != null) {
      matches[size] = matchCount;
    }
    if (index != null) {
      index.put(row, size);
    }
    size++;
    if (index == null && size > INDEXED) {
      index = new Object2IntOpenCustomHashMap<>(size * 2, ROWS);
      index.defaultReturnValue(-1);
      for (int i = 0; i < size; i++) {
        index.put(rows[i], i);
      }
    }
    return true;
  }

  /** Adds a row read back from a snapshot: held {@code count} times, matching {@code matchCount}. */
  void restore(Object[] row, int count, int matchCount) {
    add(row, matchCount);
    counts[size - 1] = count;
  }

  /** Takes one occurrence of the row at {@code at} away; true when it was the last (the last row takes its place). */
  boolean removeOne(int at) {
    if (--counts[at] > 0) {
      return false;
    }
    int last = --size;
    if (index != null) {
      index.removeInt(rows[at]);
    }
    if (at != last) {
      rows[at] = rows[last];
      counts[at] = counts[last];
      if (matches != null) {
        matches[at] = matches[last];
      }
      if (index != null) {
        index.put(rows[at], at);
      }
    }
    rows[last] = null;
    return true;
  }
}
