package io.runnel.operators.match;

import java.util.List;

/**
 * A decided match as a {@link MatchContext}, for its {@code MEASURES}: up to its row {@code upTo} (RUNNING,
 * for the rows of {@code ALL ROWS PER MATCH}), or whole (FINAL, and every measure of {@code ONE ROW PER
 * MATCH}); or a partial match {@code WITHIN} cut off, whole, for {@code ONE ROW PER MATCH WITH TIMEOUTS}.
 */
final class DecidedMatch implements MatchContext {
  private final long startRow;
  private final List<MatchResult.MatchedRow> matched;
  private final long number; // -1 for a partial match cut off
  private final int length; // rows of the match counted

  private DecidedMatch(long startRow, List<MatchResult.MatchedRow> matched, long number, int length) {
    this.startRow = startRow;
    this.matched = matched;
    this.number = number;
    this.length = length;
  }

  static DecidedMatch whole(MatchResult.Match match) {
    return new DecidedMatch(match.startRow(), match.rows(), match.number(), match.rows().size());
  }

  /** The match up to and with its {@code k}-th row (0-based). */
  static DecidedMatch upTo(MatchResult.Match match, int k) {
    return new DecidedMatch(match.startRow(), match.rows(), match.number(), k + 1);
  }

  /** A partial match cut off, with its rows so far. */
  static DecidedMatch timedOut(MatchResult.TimedOut partial) {
    return new DecidedMatch(partial.startRow(), partial.rows(), -1, partial.rows().size());
  }

  // the rows counted are matched.get(0) to matched.get(length - 1): read by index, with no view or iterator made

  @Override
  public long row() {
    return length == 0 ? startRow : matched.get(length - 1).row();
  }

  @Override
  public int variable() {
    return length == 0 ? -1 : matched.get(length - 1).variable();
  }

  @Override
  public long startRow() {
    return startRow;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public int variableOf(long row) {
    return matched.get((int) (row - startRow)).variable();
  }

  @Override
  public long count(int variable) {
    long n = 0;
    for (int i = 0; i < length; i++) {
      n += variable == ANY || matched.get(i).variable() == variable ? 1 : 0;
    }
    return n;
  }

  @Override
  public long lastRow(int variable, long back) {
    for (int i = length - 1; i >= 0; i--) {
      MatchResult.MatchedRow r = matched.get(i);
      if ((variable == ANY || r.variable() == variable) && back-- == 0) {
        return r.row();
      }
    }
    return -1;
  }

  @Override
  public long firstRow(int variable, long forward) {
    for (int i = 0; i < length; i++) {
      MatchResult.MatchedRow r = matched.get(i);
      if ((variable == ANY || r.variable() == variable) && forward-- == 0) {
        return r.row();
      }
    }
    return -1;
  }

  @Override
  public void forEachRow(RowVisitor visitor) {
    for (int i = 0; i < length; i++) {
      MatchResult.MatchedRow r = matched.get(i);
      visitor.visit(r.row(), r.variable());
    }
  }

  @Override
  public long matchNumber() {
    return number;
  }

  @Override
  public boolean timedOut() {
    return number < 0;
  }
}
