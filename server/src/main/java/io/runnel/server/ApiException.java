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

  static ApiException notFound(String what) {
    return new ApiException(404, ErrorCode.NOT_FOUND, what, "GET /v1 lists the endpoints.");
  }

  static ApiException badRequest(String message, String hint) {
    return new ApiException(400, ErrorCode.BAD_REQUEST, message, hint);
  }
}
