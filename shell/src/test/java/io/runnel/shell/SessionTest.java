package io.runnel.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A script's outcome counts the queries it ran: one that failed fails the script, as a statement does. */
class SessionTest {
  private static final RunnelException DISK_FULL =
      new RunnelException(ErrorCode.DISK_FULL, null, "No space left for data/streams/out@2/0: 12 bytes free", null);

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @Test
  void aQueryThatFailsStopsTheScriptAndFailsIt() {
    Runnel engine = engine(new StatementResult.Query(handle(DISK_FULL)));
    try (PrintWriter out = new PrintWriter(bytes, true, StandardCharsets.UTF_8)) {
      assertFalse(new Session(engine, out, false, new ShellOptions(Format.TSV), null).run("SELECT x FROM s;"));
    }
    assertTrue(output().contains("RUN-1604: No space left for data/streams/out@2/0"), output());
  }

  @Test
  void aQueryThatSucceedsLetsTheScriptSucceed() {
    Runnel engine = engine(new StatementResult.Query(handle(null)));
    try (PrintWriter out = new PrintWriter(bytes, true, StandardCharsets.UTF_8)) {
      assertTrue(new Session(engine, out, false, new ShellOptions(Format.TSV), null).run("SELECT x FROM s;"));
    }
  }

  @Test
  void aPersistentQueryThatFailedByTheEndFailsTheScript() {
    Runnel engine = engine(new StatementResult.PersistentQuery(handle(DISK_FULL), "out"));
    try (PrintWriter out = new PrintWriter(bytes, true, StandardCharsets.UTF_8)) {
      Session session = new Session(engine, out, false, new ShellOptions(Format.TSV), null);
      assertTrue(session.run("INSERT INTO out SELECT x FROM s;"), "the statement itself succeeded");
      assertFalse(session.startedQueriesOk());
    }
    assertTrue(output().contains("Query q1 failed: RUN-1604: No space left"), output());
  }

  @Test
  void aTablesMessageFollowsItsRowsInTablesAndNotInTsv() {
    StatementResult created = new StatementResult.Table(List.of(new io.runnel.Column("user", "VARCHAR"), new io.runnel.Column("token", "VARCHAR")), List.of(List.of("ann", "t0k3n")), "Shown this once.");
    try (PrintWriter out = new PrintWriter(bytes, true, StandardCharsets.UTF_8)) {
      assertTrue(new Session(engine(created), out, false, new ShellOptions(Format.TABLE), null).run("CREATE USER ann WITH RIGHTS read;"));
    }
    String table = output();
    assertTrue(table.contains("t0k3n") && table.endsWith("Shown this once.\n"), table);
    bytes.reset();
    try (PrintWriter out = new PrintWriter(bytes, true, StandardCharsets.UTF_8)) {
      assertTrue(new Session(engine(created), out, false, new ShellOptions(Format.TSV), null).run("CREATE USER ann WITH RIGHTS read;"));
    }
    assertTrue(output().contains("ann\tt0k3n") && !output().contains("Shown"), output());
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** An engine whose every statement gives {@code result}. */
  private static Runnel engine(StatementResult result) {
    return (Runnel) Proxy.newProxyInstance(Runnel.class.getClassLoader(), new Class<?>[] {Runnel.class}, (proxy, method, args) ->
        method.getName().equals("executeAll") ? List.of(result) : null);
  }

  /** A bounded query, ended, that failed with {@code failure} (or succeeded, when null) and gave no rows. */
  private static QueryHandle handle(Throwable failure) {
    return (QueryHandle) Proxy.newProxyInstance(QueryHandle.class.getClassLoader(), new Class<?>[] {QueryHandle.class}, (proxy, method, args) ->
        switch (method.getName()) {
          case "id" -> "q1";
          case "columns" -> List.of();
          case "isDone", "bounded", "awaitTermination", "sync" -> true;
          case "updating" -> false;
          case "failure" -> failure;
          default -> null;
        });
  }
}
