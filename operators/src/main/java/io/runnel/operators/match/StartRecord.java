package io.runnel.operators.match;

/**
 * What is known of the attempt from one start row beyond its live threads: its preferred match so far, its
 * preferred partial match cut off by {@code WITHIN}, and the {@code MATCH_NUMBER()} its conditions were shown
 * while it was not yet known (a start whose conditions saw a wrong number is re-run).
 */
final class StartRecord {
  boolean matched;
  PathNode match;
  boolean timedOut;
  PathNode timedOutPath;
  /** The least and greatest MATCH_NUMBER() shown to a condition read by this start; 0 when none read. */
  long shownLo;
  long shownHi;

  void shown(long number) {
    shownLo = shownLo == 0 ? number : Math.min(shownLo, number);
    shownHi = Math.max(shownHi, number);
  }

  /** Whether a condition of this start saw a number other than {@code actual}. */
  boolean sawOtherNumber(long actual) {
    return shownLo != 0 && (shownLo != actual || shownHi != actual);
  }
}
