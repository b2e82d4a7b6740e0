package io.runnel.operators.match;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The rows of a partial match so far, as a persistent list of runs: a node is a run of consecutive rows
 * mapped to one variable with one exclusion flag, after its parent's rows. Rows are implicit: a path belongs
 * to a match starting at a known row, so a run covers rows {@code start + parent.length} to {@code start +
 * length - 1}. Threads that share a prefix share its nodes; a thread extending its last run replaces that
 * node by a longer one with the same parent, so {@code A+} over a million rows is one node. null is the
 * empty path.
 */
final class PathNode {
  final PathNode parent;
  final int variable;
  final boolean excluded;
  /** The rows of the path up to and including this run. */
  final long length;
  /** The runs of the path up to and including this one. */
  final int runs;

  PathNode(PathNode parent, int variable, boolean excluded, long length) {
    this.parent = parent;
    this.variable = variable;
    this.excluded = excluded;
    this.length = length;
    this.runs = parent == null ? 1 : parent.runs + 1;
  }

  /** The path {@code path} followed by one row mapped to {@code variable}. */
  static PathNode extend(PathNode path, int variable, boolean excluded) {
    if (path == null) {
      return new PathNode(null, variable, excluded, 1);
    }
    if (path.variable == variable && path.excluded == excluded) {
      return new PathNode(path.parent, variable, excluded, path.length + 1);
    }
    return new PathNode(path, variable, excluded, path.length + 1);
  }

  static long length(PathNode path) {
    return path == null ? 0 : path.length;
  }

  /** The rows of the run: those after the parent's. */
  long runLength() {
    return length - length(parent);
  }

  /** The runs of {@code path}, first to last. */
  static PathNode[] runs(PathNode path) {
    PathNode[] runs = new PathNode[path == null ? 0 : path.runs];
    for (PathNode n = path; n != null; n = n.parent) {
      runs[n.runs - 1] = n;
    }
    return runs;
  }

  /** The rows of {@code path}, for a match starting at row {@code start}. */
  static List<MatchResult.MatchedRow> rows(PathNode path, long start) {
    List<MatchResult.MatchedRow> rows = new ArrayList<>((int) Math.min(length(path), 1 << 16));
    long row = start;
    for (PathNode run : runs(path)) {
      for (long i = 0; i < run.runLength(); i++) {
        rows.add(new MatchResult.MatchedRow(row++, run.variable, run.excluded));
      }
    }
    return rows;
  }

  /** The row of {@code path}'s match, starting at {@code start}, that is mapped to {@code variable} first. */
  static long firstRowOf(PathNode path, long start, int variable) {
    long found = -1;
    for (PathNode n = path; n != null; n = n.parent) {
      if (n.variable == variable) {
        found = start + length(n.parent);
      }
    }
    return found;
  }

  /**
   * Puts into {@code out[at..at + want)} the last {@code want} rows of {@code path}'s match (from {@code
   * start}) mapped to a variable {@code counts} takes, newest first; leaves the rest as they are.
   */
  static void lastRows(PathNode path, long start, IntPredicate counts, long[] out, int at, int want) {
    int found = 0;
    for (PathNode n = path; n != null && found < want; n = n.parent) {
      if (counts.test(n.variable)) {
        for (long row = start + n.length - 1; row >= start + length(n.parent) && found < want; row--) {
          out[at + found++] = row;
        }
      }
    }
  }

  /** As {@link #lastRows}, for the first {@code want} such rows, oldest first. */
  static void firstRows(PathNode path, long start, IntPredicate counts, long[] out, int at, int want) {
    int found = 0;
    for (PathNode run : runs(path)) {
      if (found >= want) {
        return;
      }
      if (counts.test(run.variable)) {
        for (long row = start + length(run.parent); row < start + run.length && found < want; row++) {
          out[at + found++] = row;
        }
      }
    }
  }

  /** The row of {@code path}'s match, starting at {@code start}, that is mapped to {@code variable} last. */
  static long lastRowOf(PathNode path, long start, int variable) {
    for (PathNode n = path; n != null; n = n.parent) {
      if (n.variable == variable) {
        return start + n.length - 1;
      }
    }
    return -1;
  }
}
