package io.runnel.parser;

/**
 * Every error Runnel reports has one of these codes. {@link Kind#USER} errors are caused by what the user
 * wrote or gave as input and are explained to them; {@link Kind#INTERNAL} errors are bugs.
 */
public enum ErrorCode {
  SYNTAX_ERROR(1001, Kind.USER),
  /**
   * A row pattern that reads but cannot be: a quantifier {n,m} with n > m, an upper bound of 0, a negative
   * bound or one past 2147483647; a '$' inside an unquoted pattern variable's name. Also one that cannot run:
   * a negative WITHIN, or a pattern no match of which is ever decided over input that does not end (every
   * match waits at a greedy quantifier with no upper bound over variables that take any row, and there is no
   * WITHIN).
   */
  INVALID_ROW_PATTERN(1002, Kind.USER),
  /** A clause of MATCH_RECOGNIZE out of SQL's order, written twice, or PATTERN missing. */
  MISPLACED_CLAUSE(1003, Kind.USER),
  /** RUNNING, FINAL or {@code v.*} outside MATCH_RECOGNIZE's MEASURES and DEFINE, or FINAL in DEFINE. */
  INVALID_MATCH_EXPRESSION(1004, Kind.USER),
  UNKNOWN_RELATION(1101, Kind.USER),
  UNKNOWN_COLUMN(1102, Kind.USER),
  AMBIGUOUS_COLUMN(1103, Kind.USER),
  UNKNOWN_FUNCTION(1104, Kind.USER),
  UNKNOWN_TYPE(1105, Kind.USER),
  DUPLICATE_OBJECT(1201, Kind.USER),
  DUPLICATE_COLUMN(1202, Kind.USER),
  INVALID_DEFINITION(1203, Kind.USER),
  INVALID_OPTION(1204, Kind.USER),
  TYPE_MISMATCH(1301, Kind.USER),
  WRONG_ARGUMENTS(1302, Kind.USER),
  INVALID_LITERAL(1303, Kind.USER),
  INVALID_CAST(1304, Kind.USER),
  COLUMN_COUNT_MISMATCH(1305, Kind.USER),
  NOT_GROUPED(1306, Kind.USER),
  INVALID_AGGREGATE(1307, Kind.USER),
  INVALID_WINDOW(1308, Kind.USER),
  UNSUPPORTED(1401, Kind.USER),
  UPDATING_INTO_APPEND_ONLY(1402, Kind.USER),
  UNKNOWN_QUERY(1403, Kind.USER),
  UPSTREAM_TIMEOUT(1404, Kind.USER),
  /** A standing query read a materialized view that was replaced by a new version: it is run again to read that one. */
  VIEW_REPLACED(1405, Kind.USER),
  /** A checkpoint asked for by {@code CHECKPOINT} was not written in time (the query failed, or its disk did). */
  CHECKPOINT_FAILED(1406, Kind.USER),
  /**
   * A statement that would change a materialized view while {@code CREATE OR REPLACE} builds its new version
   * (replace or drop it, read it from a persistent query, or drop what the new version reads or writes its
   * late rows to), refused at once: run it again once the replacement has ended. Also the replacement's own
   * error when what its new version reads changed meanwhile, so that it would no longer plan the same.
   */
  VIEW_BEING_REPLACED(1407, Kind.USER),
  /** A statement nested too deeply to process safely. */
  STATEMENT_TOO_COMPLEX(1410, Kind.USER),
  INVALID_INPUT(1501, Kind.USER),
  IO_ERROR(1601, Kind.USER),
  ENGINE_CLOSED(1602, Kind.USER),
  DATA_DIRECTORY_IN_USE(1603, Kind.USER),
  /** A log's disk has too little space left for an append, or an append failed writing to it. */
  DISK_FULL(1604, Kind.USER),
  /** A server request without a valid token. */
  UNAUTHORIZED(1701, Kind.USER),
  /** A server request for a path, method or object that is not there. */
  NOT_FOUND(1702, Kind.USER),
  /** A server request whose body or parameters cannot be read. */
  BAD_REQUEST(1703, Kind.USER),
  /** A server request whose body is larger than the server takes. */
  TOO_LARGE(1704, Kind.USER),
  /** A server request whose token's user lacks the right it needs. */
  FORBIDDEN(1705, Kind.USER),
  /** A statement or request names a user the server does not have. */
  UNKNOWN_USER(1706, Kind.USER),
  /** {@code CREATE USER} names a user the server has already. */
  DUPLICATE_USER(1707, Kind.USER),
  /** A right that is none of read, write, manage and admin. */
  UNKNOWN_RIGHT(1708, Kind.USER),
  /** A user's name the server does not take (admin, or not a letter then letters, digits, '_', '.', '-'). */
  INVALID_USER_NAME(1709, Kind.USER),
  /** A statement only a server runs (one managing users), given to an embedded engine. */
  SERVER_ONLY(1710, Kind.USER),
  INTERNAL_ERROR(9001, Kind.INTERNAL);

  /** Who is to blame. */
  public enum Kind {
    USER,
    INTERNAL
  }

  private final int number;
  private final Kind kind;

  ErrorCode(int number, Kind kind) {
    this.number = number;
    this.kind = kind;
  }

  public int number() {
    return number;
  }

  public Kind kind() {
    return kind;
  }

  /** {@code RUN-1102}. */
  public String label() {
    return "RUN-" + number;
  }
}
