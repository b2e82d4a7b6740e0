package io.runnel.operators.expr;

/**
 * The built-in scalar functions operators can evaluate. Unless noted, a function returns NULL when any
 * operand is NULL (SQL semantics), numeric operands of a call have already been cast by the planner to the
 * call's common type, and the result type is the {@link Expr.Call#type()}.
 */
public enum Function {
  // arithmetic: operands of one numeric or interval type; DIVIDE on integers truncates toward zero;
  // DIVIDE or MOD by zero reports the row to the error sink and yields NULL.
  // PLUS / MINUS also take (TIMESTAMP|DATE, INTERVAL) and MINUS takes (TIMESTAMP, TIMESTAMP) -> INTERVAL.
  PLUS,
  MINUS,
  TIMES,
  DIVIDE,
  MOD,
  NEGATE,
  // comparison: two operands of one comparable type; result BOOLEAN
  EQUALS,
  NOT_EQUALS,
  LESS_THAN,
  LESS_THAN_OR_EQUAL,
  GREATER_THAN,
  GREATER_THAN_OR_EQUAL,
  /** NULL-safe inequality; never NULL. */
  IS_DISTINCT_FROM,
  IS_NOT_DISTINCT_FROM,
  // logic, three-valued: FALSE AND NULL = FALSE, TRUE OR NULL = TRUE; AND / OR take two or more operands
  AND,
  OR,
  NOT,
  // never NULL
  IS_NULL,
  IS_NOT_NULL,
  IS_TRUE,
  IS_NOT_TRUE,
  IS_FALSE,
  IS_NOT_FALSE,
  /** {@code (cond1, value1, cond2, value2, ..., elseValue)}: the value of the first TRUE condition. */
  CASE,
  /** {@code (x)} converted to the call's type; a failed conversion reports the row and yields NULL. */
  CAST,
  /** The first non-NULL operand. */
  COALESCE,
  /** {@code (string, pattern)} or {@code (string, pattern, escape)}: SQL LIKE with % and _. */
  LIKE,
  /** {@code (string, pattern)} Java regular expression, true when it matches the whole string. */
  SIMILAR_TO,
  // strings
  LOWER,
  UPPER,
  /** Length in characters. */
  CHAR_LENGTH,
  /** {@code (s, start)} or {@code (s, start, length)}, 1-based as in SQL. */
  SUBSTRING,
  /** Any number of operands; NULL if any is NULL (SQL {@code ||} and Flink's CONCAT). */
  CONCAT,
  /** {@code (s)}: both sides, spaces. */
  TRIM,
  /** {@code (needle, haystack)}: 1-based index or 0. */
  POSITION,
  /** {@code (s, search, replacement)}. */
  REPLACE,
  /**
   * {@code (s, regex)} or {@code (s, regex, group)}: the group (default 1; 0 is the whole match) of the
   * first match, or NULL when nothing matches or the regex is invalid.
   */
  REGEXP_EXTRACT,
  /** {@code (s, separator, index)}: the 0-based {@code index}-th piece of s split on the literal separator, or NULL. */
  SPLIT_INDEX,
  /**
   * {@code ()}: processing time, the operator's clock when the batch is evaluated (one value a batch), as
   * TIMESTAMP_LTZ(3). Never folded into a constant.
   */
  PROCTIME,
  /** A user-defined function: the call carries it ({@link Expr.Call#user()}); strict. */
  USER,
  // math
  ABS,
  FLOOR,
  CEIL,
  /** {@code (x)} or {@code (x, digits)}, half up. */
  ROUND,
  POWER,
  SQRT,
  LN,
  EXP,
  // date and time; TIMESTAMP values are epoch millis read as UTC wall-clock time
  /** {@code (timestamp, format)} formatted with a java.time pattern such as {@code yyyy-MM-dd HH:mm}. */
  DATE_FORMAT,
  YEAR,
  MONTH,
  DAYOFMONTH,
  HOUR,
  MINUTE,
  SECOND,
  /** {@code (timestamp, unit)} truncated down to the unit given as a string literal: SECOND .. YEAR. */
  TIMESTAMP_FLOOR,
  // rows
  /** Builds a ROW from its operands. */
  ROW,
  /** {@code (row, index)}: field {@code index} (an INT literal, 0-based) of a ROW value. */
  FIELD
}
