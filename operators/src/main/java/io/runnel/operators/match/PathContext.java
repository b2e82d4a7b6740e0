package io.runnel.operators.match;

/**
 * The {@link MatchContext} of a thread's partial match plus the row being tested: reused for every
 * condition asked, so asking allocates nothing unless a condition walks the match ({@link #firstRow}, {@link
 * #forEachRow}). Lookups walk the path's runs, newest first: cheap for the usual few runs.
 */
final class PathContext implements MatchContext {
  private long start;
  private PathNode path;
  private long row;
  private int variable;
  private long matchNumber;
  private boolean matchNumberRead;

  /** Points the context at the partial match {@code path} from {@code start}, extended by {@code row}. */
  PathContext set(long start, PathNode path, long row, int variable, long matchNumber) {
    this.start = start;
    this.path = path;
    this.row = row;
    this.variable = variable;
    this.matchNumber = matchNumber;
    this.matchNumberRead = false;
    return this;
  }

  /** Whether the condition last asked read {@link #matchNumber}. */
  boolean matchNumberRead() {
    return matchNumberRead;
  }

  @Override
  public long row() {
    return row;
  }

  @Override
  public int variable() {
    return variable;
  }

  @Override
  public long startRow() {
    return start;
  }

  @Override
  public long length() {
    return PathNode.length(path) + 1;
  }

  @Override
  public int variableOf(long r) {
    if (r == row) {
      return variable;
    }
    if (r < start || r > row) {
      throw new IndexOutOfBoundsException("row " + r + " is not in the match [" + start + ", " + row + "]");
    }
    long offset = r - start;
    PathNode n = path;
    while (PathNode.length(n.parent) > offset) {
      n = n.parent;
    }
    return n.variable;
  }

  @Override
  public long count(int v) {
    long count = v == ANY || v == variable ? 1 : 0;
    for (PathNode n = path; n != null; n = n.parent) {
      if (v == ANY || n.variable == v) {
        count += n.runLength();
      }
    }
    return count;
  }

  @Override
  public long lastRow(int v, long back) {
    if (back < 0) {
      return -1;
    }
    if (v == ANY || v == variable) {
      if (back == 0) {
        return row;
      }
      back--;
    }
    for (PathNode n = path; n != null; n = n.parent) {
      if (v == ANY || n.variable == v) {
        if (back < n.runLength()) {
          return start + n.length - 1 - back;
        }
        back -= n.runLength();
      }
    }
    return -1;
  }

  @Override
  public long firstRow(int v, long forward) {
    if (forward < 0) {
      return -1;
    }
    for (PathNode run : PathNode.runs(path)) {
      if (v == ANY || run.variable == v) {
        if (forward < run.runLength()) {
          return start + PathNode.length(run.parent) + forward;
        }
        forward -= run.runLength();
      }
    }
    return (v == ANY || v == variable) && forward == 0 ? row : -1;
  }

  @Override
  public void forEachRow(RowVisitor visitor) {
    long r = start;
    for (PathNode run : PathNode.runs(path)) {
      for (long i = 0; i < run.runLength(); i++) {
        visitor.visit(r++, run.variable);
      }
    }
    visitor.visit(row, variable);
  }

  @Override
  public long matchNumber() {
    matchNumberRead = true;
    return matchNumber;
  }
}
