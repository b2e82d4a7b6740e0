package io.runnel.operators.match;

import java.util.Arrays;

/**
 * A partial match: the program position it waits at (a {@code row} or {@code partition end} instruction),
 * its counters, its start row and its rows so far. It may also stand for threads of later starts that
 * reached the same position with the same counters where every condition ahead is history-free, and were
 * dropped for it: {@code covLo..covHi} hulls those starts (empty when {@code covLo > covHi}). If this thread
 * or a descendant is cut off (its start matched or was skipped, or {@code WITHIN} expired it) or accepts,
 * those starts lost a thread and are re-run when their turn comes. A descendant failing a condition or an
 * anchor fails for them too: nothing is lost.
 *
 * <p>An expired thread is a tombstone: a partial match {@code WITHIN} cut off, kept at its place in priority
 * order until its start is decided, to report the preferred one.
 */
final class MatchThread {
  static final int[] NO_COUNTERS = new int[0];

  final int pc;
  final int[] counters;
  final long start;
  final PathNode path;
  final boolean expired;
  long covLo = Long.MAX_VALUE;
  long covHi = Long.MIN_VALUE;

  MatchThread(int pc, int[] counters, long start, PathNode path, boolean expired) {
    this.pc = pc;
    this.counters = counters;
    this.start = start;
    this.path = path;
    this.expired = expired;
  }

  boolean covers() {
    return covLo <= covHi;
  }

  /** Takes over what {@code dropped}, at the same position, stood for, and {@code dropped} itself. */
  void absorb(MatchThread dropped) {
    if (dropped.start != start) {
      cover(dropped.start, dropped.start);
    }
    if (dropped.covers()) {
      cover(dropped.covLo, dropped.covHi);
    }
  }

  void cover(long lo, long hi) {
    covLo = Math.min(covLo, lo);
    covHi = Math.max(covHi, hi);
  }

  MatchThread expire() {
    return new MatchThread(pc, counters, start, path, true);
  }

  /**
   * What two threads must share for one to stand for the other: position and counters, plus, where a
   * condition ahead reads the match, the start row and either the very path (paths are interned per step) or,
   * when conditions read only rows FIRST and LAST find, those rows ({@code signature}).
   */
  static final class Key {
    final int pc;
    final int[] counters;
    final long start;
    final PathNode path;
    final long[] signature;
    private final int hash;

    Key(int pc, int[] counters, long start, PathNode path) {
      this(pc, counters, start, path, null);
    }

    Key(int pc, int[] counters, long start, long[] signature) {
      this(pc, counters, start, null, signature);
    }

    private Key(int pc, int[] counters, long start, PathNode path, long[] signature) {
      this.pc = pc;
      this.counters = counters;
      this.start = start;
      this.path = path;
      this.signature = signature;
      this.hash = (((pc * 31 + Arrays.hashCode(counters)) * 31 + Long.hashCode(start)) * 31 + System.identityHashCode(path)) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.pc == pc && k.start == start && k.path == path && Arrays.equals(k.counters, counters) && Arrays.equals(k.signature, signature);
    }
  }
}
