package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import org.junit.jupiter.api.Test;

/** The HTTP status a statement's error gets. */
class ApiExceptionTest {
  private static int status(ErrorCode code) {
    return ApiException.status(new RunnelException(code, null, "message", null));
  }

  @Test
  void whatDoesNotExistIs404AConflictWithAStatementUnderWayIs409AndTheRest400() {
    assertEquals(404, status(ErrorCode.UNKNOWN_RELATION));
    assertEquals(404, status(ErrorCode.UNKNOWN_QUERY));
    assertEquals(404, status(ErrorCode.UNKNOWN_USER));
    assertEquals(409, status(ErrorCode.VIEW_BEING_REPLACED));
    assertEquals(400, status(ErrorCode.INVALID_ROW_PATTERN));
  }
}
