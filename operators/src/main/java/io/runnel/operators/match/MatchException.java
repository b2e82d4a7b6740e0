package io.runnel.operators.match;

/**
 * A match broke a rule of the standard at run time: {@code AFTER MATCH SKIP} to a variable no row of the
 * match is mapped to, or to the match's own first row (an endless loop). The query fails with its message,
 * which names the variable as {@link Conditions#name} does (as the query wrote it), and the match.
 */
public final class MatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What was broken. */
  public enum Kind {
    /** The skip target variable has no row in the match. */
    SKIP_TO_MISSING_VARIABLE,
    /** The skip target is the first row of the match. */
    SKIP_TO_FIRST_ROW
  }

  private final Kind kind;
  private final int variable;
  private final long matchNumber;
  private final long startRow;

  MatchException(Kind kind, int variable, long matchNumber, long startRow) {
    this(kind, variable, RowPattern.defaultName(variable), matchNumber, startRow);
  }

  /** The variable named {@code name} in the message, as the query names it. */
  MatchException(Kind kind, int variable, String name, long matchNumber, long startRow) {
    super(message(kind, name, matchNumber, startRow));
    this.kind = kind;
    this.variable = variable;
    this.matchNumber = matchNumber;
    this.startRow = startRow;
  }

  private static String message(Kind kind, String name, long matchNumber, long startRow) {
    String where = "match " + matchNumber + " (starting at row " + startRow + " of its partition)";
    return switch (kind) {
      case SKIP_TO_MISSING_VARIABLE ->
          "AFTER MATCH SKIP to variable " + name + ": no row of " + where + " is mapped to it";
      case SKIP_TO_FIRST_ROW ->
          "AFTER MATCH SKIP to variable " + name + " would skip to the first row of " + where
              + ", an endless loop";
    };
  }

  public Kind kind() {
    return kind;
  }

  /** The skip target variable. */
  public int variable() {
    return variable;
  }

  public long matchNumber() {
    return matchNumber;
  }

  /** The first row of the match, in its partition. */
  public long startRow() {
    return startRow;
  }
}
