package io.runnel.operators.match;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A decided result of a {@link Matcher}, in row order: each attempt, from the first row not yet skipped,
 * yields a {@link Match} or, when no match starts there, an {@link Unmatched} row (unless an earlier match
 * holds the row), preceded by a {@link TimedOut} partial match when {@code WITHIN} cut one off.
 */
public sealed interface MatchResult {

  /** The first row the result is about: the caller keeps its rows from here on until it has taken it. */
  long startRow();

  /** A row of a match: its partition row index, its variable, and whether it is excluded ({@code {- -}}). */
  record MatchedRow(long row, int variable, boolean excluded) {}

  /**
   * A match: {@code number} is its {@code MATCH_NUMBER()} (1 for the partition's first); {@code rows} in
   * order, consecutive from {@code startRow}; empty for an empty match (which starts at, but holds no, row).
   */
  record Match(long number, long startRow, List<MatchedRow> rows) implements MatchResult {
    public Match {
      rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    public boolean empty() {
      return rows.isEmpty();
    }
  }

  /** A row no match holds and no match starts at (for {@code WITH UNMATCHED ROWS}). */
  record Unmatched(long row) implements MatchResult {
    @Override
    public long startRow() {
      return row;
    }
  }

  /**
   * The attempt from {@code startRow} found no match, and a partial match from there was cut off by {@code
   * WITHIN}: the preferred such partial match, with its rows so far (for a side output of timed-out partial
   * matches). Reported just before that row's {@link Unmatched}, whether or not that is reported.
   */
  record TimedOut(long startRow, List<MatchedRow> rows) implements MatchResult {
    public TimedOut {
      rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }
  }
}
