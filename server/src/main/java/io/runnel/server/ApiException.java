package io.runnel.server;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;

/**
 * A request the server refuses, as the client gets it: an HTTP status and a JSON error with the same code,
 * position and hint a statement's error has in the shell.
 */
final class ApiException extends RuntimeException {
  final int status;
  final RunnelException error;

  ApiException(int status, RunnelException error) {
    super(error.getMessage(), error);
    this.status = status;
    this.error = error;
  }

  ApiException(int status, ErrorCode code, String message, String hint) {
    this(status, new RunnelException(code, null, message, hint));
  }

  /** Where in the statement the error is, or null. */
  Pos pos() {
    return error.pos() == null || error.pos().line() == 0 ? null : error.pos();
  }

  /**
   * The HTTP status of a statement's error: 404 for what does not exist, 409 for a conflict with a statement
   * under way (a view being replaced: trying again later can succeed), else 400.
   */
  static int status(RunnelException e) {
    return switch (e.code()) {
      case UNKNOWN_RELATION, UNKNOWN_QUERY, UNKNOWN_USER -> 404;
      case VIEW_BEING_REPLACED -> 409;
      default -> 400;
    };
  }

  static ApiException notFound(String what) {
    return new ApiException(404, ErrorCode.NOT_FOUND, what, "GET /v1 lists the endpoints.");
  }

  static ApiException badRequest(String message, String hint) {
    return new ApiException(400, ErrorCode.BAD_REQUEST, message, hint);
  }
}
