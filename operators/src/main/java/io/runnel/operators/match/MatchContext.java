package io.runnel.operators.match;

/**
 * What a {@code DEFINE} condition may read of the partial match it is asked about, with RUNNING semantics:
 * the rows of the match so far, each with the variable it is mapped to, the row being tested last, mapped
 * (tentatively) to the variable being tested. Rows are partition row indices (0-based); the rows of a match
 * are consecutive from {@link #startRow}. Row values are the caller's: it reads them from its own buffer.
 *
 * <p>A context is valid only during the {@link Conditions#test} call it is given to.
 */
public interface MatchContext {
  /** Any variable, for {@link #count}, {@link #lastRow} and {@link #firstRow}. */
  int ANY = -1;

  /** The row being tested. */
  long row();

  /** The variable the row being tested is mapped to ({@code CLASSIFIER()} of the current row). */
  int variable();

  /** The first row of the match. */
  long startRow();

  /** The number of rows in the match so far, the row being tested included. */
  long length();

  /** The variable row {@code row} of the match is mapped to; {@code startRow() <= row <= row()}. */
  int variableOf(long row);

  /** How many rows of the match so far are mapped to {@code variable} ({@link #ANY}: all): {@code COUNT(A.*)}. */
  long count(int variable);

  /**
   * The row of the match so far that is the {@code back}-th last (0: the last) mapped to {@code variable}
   * ({@link #ANY}: any), or -1 when there is none: {@code LAST(A.x, back)}.
   */
  long lastRow(int variable, long back);

  /**
   * The row of the match so far that is the {@code forward}-th first (0: the first) mapped to {@code
   * variable} ({@link #ANY}: any), or -1 when there is none: {@code FIRST(A.x, forward)}.
   */
  long firstRow(int variable, long forward);

  /** Visits the rows of the match so far in order, the row being tested last: for aggregates in conditions. */
  void forEachRow(RowVisitor visitor);

  /** {@code MATCH_NUMBER()}: the number the match would get (1 for a partition's first match). */
  long matchNumber();

  /** Whether this is a partial match {@code WITHIN} cut off, answered for {@code ONE ROW PER MATCH WITH TIMEOUTS}. */
  default boolean timedOut() {
    return false;
  }

  /** A row of a match and its variable. */
  @FunctionalInterface
  interface RowVisitor {
    void visit(long row, int variable);
  }
}
