package io.runnel.operators.match;

/**
 * Where the next match is looked for after a match: {@code AFTER MATCH SKIP ...}. An empty match is followed
 * by an attempt at the row after its start under {@link PastLastRow} and {@link ToNextRow}; under {@link
 * ToFirst} and {@link ToLast} it is an error, as is any skip to a variable no row of the match is mapped to,
 * or to the match's own first row ({@link MatchException}).
 */
public sealed interface AfterMatchSkip {
  /** {@code PAST LAST ROW} (the default): the row after the match's last row. */
  record PastLastRow() implements AfterMatchSkip {}

  /** {@code TO NEXT ROW}: the row after the match's first row. */
  record ToNextRow() implements AfterMatchSkip {}

  /** {@code TO FIRST v}: the first row of the match mapped to {@code variable}. */
  record ToFirst(int variable) implements AfterMatchSkip {}

  /** {@code TO LAST v}, and {@code TO v}: the last row of the match mapped to {@code variable}. */
  record ToLast(int variable) implements AfterMatchSkip {}
}
