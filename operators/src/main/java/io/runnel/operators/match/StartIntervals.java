package io.runnel.operators.match;

import java.util.Map;
import java.util.TreeMap;

/** A set of start rows as disjoint closed intervals: the starts that lost threads and must be re-run. */
final class StartIntervals {
  /** lo to hi, disjoint, not adjacent. */
  final TreeMap<Long, Long> intervals = new TreeMap<>();

  void add(long lo, long hi) {
    Map.Entry<Long, Long> before = intervals.floorEntry(lo);
    if (before != null && before.getValue() >= lo - 1) {
      lo = before.getKey();
      hi = Math.max(hi, before.getValue());
    }
    for (Map.Entry<Long, Long> e = intervals.ceilingEntry(lo); e != null && e.getKey() <= hi + 1; e = intervals.ceilingEntry(lo)) {
      hi = Math.max(hi, e.getValue());
      intervals.remove(e.getKey());
    }
    intervals.put(lo, hi);
  }

  boolean contains(long row) {
    Map.Entry<Long, Long> e = intervals.floorEntry(row);
    return e != null && e.getValue() >= row;
  }

  /** The least start at or after {@code row} in the set, or Long.MAX_VALUE. */
  long next(long row) {
    if (contains(row)) {
      return row;
    }
    Long k = intervals.higherKey(row);
    return k == null ? Long.MAX_VALUE : k;
  }

  /** Removes every start below {@code row}. */
  void removeBelow(long row) {
    while (!intervals.isEmpty() && intervals.firstKey() < row) {
      Map.Entry<Long, Long> e = intervals.pollFirstEntry();
      if (e.getValue() >= row) {
        intervals.put(row, e.getValue());
      }
    }
  }

  boolean isEmpty() {
    return intervals.isEmpty();
  }

  int size() {
    return intervals.size();
  }
}
