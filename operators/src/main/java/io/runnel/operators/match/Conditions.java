package io.runnel.operators.match;

/**
 * The {@code DEFINE} conditions of the pattern variables, given by the caller, who reads row values from its
 * own buffer of the partition's rows (it keeps every row from {@link Matcher#lowestNeededRow} on).
 *
 * <p>Contract: {@link #test} is a pure function of the row values and the context (the matcher may ask the
 * same question twice, and asks about partial matches that are later dropped). A condition for row i is
 * asked only once rows i+1 to i+{@link #lookahead} have been offered, or the input has ended (the caller then
 * reads NULL beyond the last row). It never reads below row i-{@link #lookbehind} outside the match.
 */
public interface Conditions {

  /** Whether row {@code ctx.row()} may be mapped to {@code variable} in the partial match {@code ctx}. */
  boolean test(int variable, MatchContext ctx);

  /** The largest offset of {@code NEXT} in any condition: rows a condition may read after the tested one. */
  int lookahead();

  /**
   * The largest offset of {@code PREV} in any condition: rows before the tested one a condition may read
   * outside the match ({@link Matcher#lowestNeededRow} counts them). 0 by default.
   */
  default int lookbehind() {
    return 0;
  }

  /**
   * True when {@code variable}'s condition reads only the tested row and its physical neighbours ({@code
   * PREV}, {@code NEXT}), not the partial match ({@code A.x} of other rows, {@code FIRST}, {@code LAST},
   * aggregates, {@code CLASSIFIER} of other rows, {@code MATCH_NUMBER}). Partial matches that meet only such
   * conditions from some point on and are alike there are pruned to one (the preferred).
   */
  boolean historyFree(int variable);

  /** How a message names {@code variable}: by default by its letter ({@link RowPattern#defaultName}). */
  default String name(int variable) {
    return RowPattern.defaultName(variable);
  }
}
