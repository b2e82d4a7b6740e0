package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.EngineConfig;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statements that manage users: refused by an embedded engine, run by the handler a config names. */
class UserStatementsTest {
  @TempDir Path dir;

  @Test
  void anEmbeddedEngineRefusesThemAtTheirPositionAndSaysWhereUsersAre() {
    try (Runnel runnel = Runnel.open(dir)) {
      for (String sql : List.of("CREATE USER ann WITH RIGHTS read", "DROP USER IF EXISTS ann", "GRANT write TO ann", "REVOKE write FROM ann", "SHOW USERS")) {
        RunnelException e = assertThrows(RunnelException.class, () -> runnel.executeAll("SHOW STREAMS;\n  " + sql));
        assertEquals(ErrorCode.SERVER_ONLY, e.code(), sql);
        assertEquals(new Pos(2, 3), e.pos(), sql);
        assertEquals("Start a server with ./runnel server, and run this as its admin (./runnel shell --server URL).", e.hint());
      }
      RunnelException inSession = assertThrows(RunnelException.class, () -> runnel.session().execute("SHOW USERS"));
      assertEquals("RUN-1710: line 1:1: Users exist on a server only: this engine is embedded, and has none", inSession.getMessage());
    }
  }

  @Test
  void aConfiguredHandlerRunsThemInTurnAmongTheOtherStatements() {
    List<Statement.UserStatement> seen = new ArrayList<>();
    RunnelException refusal = new RunnelException(ErrorCode.UNKNOWN_USER, new Pos(1, 11), "No user bob", null);
    EngineConfig config =
        EngineConfig.defaults()
            .withUsers(
                s -> {
                  if (s instanceof Statement.DropUser) {
                    throw refusal;
                  }
                  seen.add(s);
                  return new StatementResult.Ok("handled " + s.getClass().getSimpleName());
                });
    try (Runnel runnel = Runnel.open(dir, config)) {
      List<StatementResult> results = runnel.executeAll("CREATE STREAM s (x INT); GRANT read TO ann; SHOW STREAMS");
      assertEquals(new StatementResult.Ok("Created stream s"), results.get(0));
      assertEquals(new StatementResult.Ok("handled Grant"), results.get(1));
      assertTrue(assertInstanceOf(StatementResult.Table.class, results.get(2)).rows().stream().anyMatch(r -> r.get(0).equals("s")), results.get(2).toString());
      assertEquals(new StatementResult.Ok("handled ShowUsers"), runnel.session().execute("SHOW USERS"));
      assertEquals(
          List.of(
              new Statement.Grant(new Pos(1, 26), List.of(Statement.UserRight.READ), new Name(new Pos(1, 40), "ann", false)),
              new Statement.ShowUsers(new Pos(1, 1))),
          seen);
      RunnelException e = assertThrows(RunnelException.class, () -> runnel.execute("DROP USER bob"));
      assertSame(refusal, e, "the handler's error reaches the caller as it was thrown");
    }
  }
}
