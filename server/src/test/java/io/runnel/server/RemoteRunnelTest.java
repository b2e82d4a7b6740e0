package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Runnel.connect}: the embedded API's interface over a real server's HTTP API. */
class RemoteRunnelTest {
  static final String TOKEN = "remote-token-0123456789";

  @TempDir Path dir;
  RunnelServer server;
  Runnel remote;

  @BeforeEach
  void start() throws Exception {
    server = RunnelServer.start(ServerOptions.on(dir).withAdminToken(TOKEN));
    remote = Runnel.connect(server.uri(), TOKEN);
  }

  @AfterEach
  void stop() throws Exception {
    remote.close();
    server.close();
  }

  @Test
  void statementsQueriesAndTheCatalogAsEmbedded() throws Exception {
    List<StatementResult> created = remote.executeAll("CREATE STREAM bid (auction BIGINT, price BIGINT); CREATE MATERIALIZED VIEW top AS SELECT auction, MAX(price) AS top FROM bid GROUP BY auction");
    assertEquals(new StatementResult.Ok("Created stream bid"), created.get(0));
    assertEquals("q1", ((StatementResult.PersistentQuery) created.get(1)).handle().id());
    assertTrue(remote.catalog().streams().containsKey("bid"));
    assertTrue(remote.catalog().views().containsKey("top"));

    QueryHandle q = ((StatementResult.Query) remote.execute("SELECT auction, price * 2 AS doubled FROM bid WHERE price > 10")).handle();
    assertEquals("doubled", q.columns().get(1).name());
    assertFalse(q.bounded());
    remote.insert("bid", List.of(List.of(1L, 5L), List.of(2L, 20L)));
    remote.execute("INSERT INTO bid VALUES (3, 30)");
    Iterator<Change> changes = q.changes();
    assertEquals("+I[2, 40]", changes.next().toString());
    assertEquals("+I[3, 60]", changes.next().toString());
    q.cancel();

    QueryHandle top = ((StatementResult.Query) remote.execute("SELECT * FROM top")).handle(); // a view's rows, then the end
    assertTrue(top.awaitTermination(Duration.ofSeconds(30)));
    int rows = 0;
    for (Iterator<Change> it = top.changes(); it.hasNext(); it.next()) {
      rows++;
    }
    assertEquals(3, rows);
    QueryHandle bounded = ((StatementResult.Query) remote.execute("SELECT UPPER('x') AS u")).handle();
    assertTrue(bounded.awaitTermination(Duration.ofSeconds(30)));
    assertEquals(List.of("+I[X]"), List.of(bounded.changes().next().toString()));
    assertEquals(null, bounded.failure());
  }

  @Test
  void aSetLastsForTheConnectionAndErrorsKeepTheirPositions() {
    remote.execute("CREATE STREAM s (k BIGINT) WITH ('partitions' = '2')");
    remote.execute("SET 'parallelism' = '2'");
    String explain = "EXPLAIN SELECT k, COUNT(*) AS n FROM s GROUP BY k";
    assertTrue(((StatementResult.Plan) remote.execute(explain)).text().contains("Tasks: 2"), "the SET holds on this connection");
    try (Runnel other = Runnel.connect(server.uri(), TOKEN)) {
      assertFalse(((StatementResult.Plan) other.execute(explain)).text().contains("Tasks:"), "not on another");
    }
    RunnelException e = assertThrows(RunnelException.class, () -> remote.execute("SELECT\n  pricee FROM s"));
    assertEquals(ErrorCode.UNKNOWN_COLUMN, e.code());
    assertEquals(2, e.pos().line(), "the line in the statement sent, not after the session's SETs");
    assertEquals(3, e.pos().column());
    remote.execute("RESET 'parallelism'");
    assertFalse(((StatementResult.Plan) remote.execute(explain)).text().contains("Tasks:"));
  }

  @Test
  void aWrongTokenOrNoServerIsAClearError() throws Exception {
    RunnelException wrong = assertThrows(RunnelException.class, () -> Runnel.connect(server.uri(), "wrong-token-0123456789"));
    assertEquals(ErrorCode.UNAUTHORIZED, wrong.code());
    java.net.URI gone = java.net.URI.create("http://127.0.0.1:" + freePort());
    RunnelException none = assertThrows(RunnelException.class, () -> Runnel.connect(gone, TOKEN));
    assertEquals(ErrorCode.IO_ERROR, none.code());
    assertTrue(none.getMessage().contains("Cannot reach the server"), none.getMessage());
  }

  static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
