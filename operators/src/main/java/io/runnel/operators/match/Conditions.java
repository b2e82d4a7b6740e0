package io.runnel.operators.match;

import java.util.List;

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

  /**
   * What {@code variable}'s condition reads of the partial match, when that is only rows {@code FIRST} and
   * {@code LAST} find (and perhaps {@code MATCH_NUMBER()}): those reads. Null when it reads more ({@code
   * CLASSIFIER} or an aggregate of other rows), the default. Partial matches alike in position, counters and
   * the rows such reads may still find are pruned to the preferred one, as history-free ones are: whatever
   * follows, the others can do nothing it does not do first (and a later start it stood for runs again if it
   * is cut off). Where a condition reads {@code MATCH_NUMBER()}, only partial matches of one start are.
   */
  default List<HistoryRead> historyReads(int variable) {
    return historyFree(variable) ? List.of() : null;
  }

  /** Whether {@code variable}'s condition reads {@code MATCH_NUMBER()}: true unless told otherwise. */
  default boolean readsMatchNumber(int variable) {
    return true;
  }

  /**
   * A read of the partial match: the {@code offset}-th ({@code 0}: the first) first, or last, row mapped to one
   * of {@code variables} (null: to any variable), the row being tested included.
   */
  record HistoryRead(boolean first, int[] variables, long offset) {
    /** Whether a row mapped to {@code variable} counts for this read. */
    boolean counts(int variable) {
      return MatchEvaluator.in(variables, variable);
    }
  }
}
