package io.runnel.operators.match;

import java.util.ArrayDeque;

/**
 * Decided results not yet polled, in row order, kept compact until polled: a match or timed-out partial
 * match as its path (materialized into rows when polled), consecutive unmatched rows as one range.
 */
final class ResultQueue {
  /** A decided match. */
  record MatchEntry(long number, long start, PathNode path) {}

  /** A decided timed-out partial match. */
  record TimedOutEntry(long start, PathNode path) {}

  /** Unmatched rows lo to hi-1. */
  static final class UnmatchedRange {
    long lo;
    long hi;

    UnmatchedRange(long lo, long hi) {
      this.lo = lo;
      this.hi = hi;
    }
  }

  /** MatchEntry, TimedOutEntry or UnmatchedRange. */
  final ArrayDeque<Object> entries = new ArrayDeque<>(2); // most partitions have one or none waiting

  void match(long number, long start, PathNode path) {
    entries.add(new MatchEntry(number, start, path));
  }

  void timedOut(long start, PathNode path) {
    entries.add(new TimedOutEntry(start, path));
  }

  void unmatched(long lo, long hi) {
    if (entries.peekLast() instanceof UnmatchedRange last && last.hi == lo) {
      last.hi = hi;
    } else {
      entries.add(new UnmatchedRange(lo, hi));
    }
  }

  MatchResult poll() {
    Object head = entries.peek();
    if (head == null) {
      return null;
    }
    if (head instanceof UnmatchedRange range) {
      MatchResult r = new MatchResult.Unmatched(range.lo++);
      if (range.lo == range.hi) {
        entries.poll();
      }
      return r;
    }
    entries.poll();
    if (head instanceof MatchEntry m) {
      return new MatchResult.Match(m.number, m.start, PathNode.rows(m.path, m.start));
    }
    TimedOutEntry t = (TimedOutEntry) head;
    return new MatchResult.TimedOut(t.start, PathNode.rows(t.path, t.start));
  }

  /** The first row of the first result, or Long.MAX_VALUE when none. */
  long firstRow() {
    Object head = entries.peek();
    if (head == null) {
      return Long.MAX_VALUE;
    }
    return head instanceof UnmatchedRange u ? u.lo : head instanceof MatchEntry m ? m.start : ((TimedOutEntry) head).start;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  int size() {
    return entries.size();
  }
}
