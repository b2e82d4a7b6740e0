package io.runnel.parser;

import static java.util.Objects.requireNonNull;

import io.runnel.parser.ast.Pos;

/**
 * An error explained to the user: a code, a position in the statement where there is one, a message and
 * an optional hint. {@link #getMessage()} reads {@code RUN-1102: line 1:8: Column 'pricee' not found ...}: the
 * code comes first, so a message logged or printed on its own still says which error it is.
 */
public class RunnelException extends RuntimeException {
  private final ErrorCode code;
  private final Pos pos; // may be null
  private final String reason;
  private final String hint; // may be null

  public RunnelException(ErrorCode code, Pos pos, String reason, String hint) {
    this(code, pos, reason, hint, null);
  }

  public RunnelException(ErrorCode code, Pos pos, String reason, String hint, Throwable cause) {
    super(format(pos, reason), cause);
    this.code = requireNonNull(code, "code is null");
    this.pos = pos;
    this.reason = requireNonNull(reason, "reason is null");
    this.hint = hint;
  }

  public static RunnelException user(ErrorCode code, Pos pos, String reason) {
    return new RunnelException(code, pos, reason, null);
  }

  private static String format(Pos pos, String reason) {
    return pos == null || pos.line() == 0 ? reason : pos + ": " + reason;
  }

  /** The code, the position and the reason: {@code RUN-1102: line 1:8: Column 'pricee' not found in bid}. */
  @Override
  public String getMessage() {
    return code.label() + ": " + super.getMessage();
  }

  public ErrorCode code() {
    return code;
  }

  /** Where in the statement the error is, or null. */
  public Pos pos() {
    return pos;
  }

  /** The message without its position. */
  public String reason() {
    return reason;
  }

  /** A suggestion for the user, or null. */
  public String hint() {
    return hint;
  }

  /** Message, then the hint on its own line, as the shell prints it. */
  public String describe() {
    return getMessage() + (hint == null ? "" : "\nHint: " + hint);
  }
}
