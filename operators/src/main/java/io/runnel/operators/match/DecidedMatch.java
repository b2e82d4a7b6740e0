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

  private List<MatchResult.MatchedRow> rows() {
    return matched.subList(0, length);
  }

  @Override
  public long row() {
    return length == 0 ? startRow : rows().get(length - 1).row();
  }

  @Override
  public int variable() {
    return length == 0 ? -1 : rows().get(length - 1).variable();
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
    for (MatchResult.MatchedRow r : rows()) {
      n += variable == ANY || r.variable() == variable ? 1 : 0;
    }
    return n;
  }

  @Override
  public long lastRow(int variable, long back) {
    List<MatchResult.MatchedRow> rows = rows();
    for (int i = rows.size() - 1; i >= 0; i--) {
      if ((variable == ANY || rows.get(i).variable() == variable) && back-- == 0) {
        return rows.get(i).row();
      }
    }
    return -1;
  }

  @Override
  public long firstRow(int variable, long forward) {
    for (MatchResult.MatchedRow r : rows()) {
      if ((variable == ANY || r.variable() == variable) && forward-- == 0) {
        return r.row();
      }
    }
    return -1;
  }

  @Override
  public void forEachRow(RowVisitor visitor) {
    for (MatchResult.MatchedRow r : rows()) {
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
