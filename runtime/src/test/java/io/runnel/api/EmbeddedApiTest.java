package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.Session;
import io.runnel.StatementResult;
import io.runnel.operators.batch.RowKind;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedApiTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  @TempDir Path dir;

  @Test
  void aStandingQuerySeesNewEventsThroughItsIterator() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM bid (auction BIGINT, price BIGINT)");
      runnel.execute("INSERT INTO bid VALUES (0, 999)"); // before the query: not seen by default
      try (QueryHandle q = runnel.query("SELECT auction FROM bid WHERE price > 100")) {
        runnel.execute("INSERT INTO bid VALUES (1, 50), (2, 150)");
        Iterator<Change> changes = q.changes();
        assertTrue(changes.hasNext());
        assertEquals(new Change(RowKind.INSERT, List.of(2L)), changes.next());
        assertTrue(q.sync(WAIT));
        assertEquals(2, q.stats().rowsIn());
        assertEquals(1, q.stats().rowsOut());
      }
    }
  }

  @Test
  void aDiscardingQueryCountsItsResultAndHandsNothingOn() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM bid (auction BIGINT, price BIGINT)");
      try (QueryHandle q = runnel.query("SELECT auction FROM bid WHERE price > 100", QueryOptions.defaults().discardingResults())) {
        List<Change> seen = Collections.synchronizedList(new ArrayList<>());
        q.subscribe(seen::add);
        runnel.execute("INSERT INTO bid VALUES (1, 50), (2, 150), (3, 250)");
        assertTrue(q.sync(WAIT));
        assertEquals(2, q.stats().rowsOut());
        assertEquals(List.of(), seen);
      }
    }
  }

  @Test
  void aLateRowIsCountedInTheQuerysStats() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM b (price BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
      try (QueryHandle q = runnel.query("SELECT COUNT(*) AS n FROM b GROUP BY TUMBLE(ts, INTERVAL '10' SECOND)")) {
        runnel.execute("INSERT INTO b VALUES (1, TIMESTAMP '2024-01-01 00:00:01'), (2, TIMESTAMP '2024-01-01 00:00:11')");
        assertTrue(q.sync(WAIT));
        assertEquals(0, q.stats().lateRows());
        runnel.execute("INSERT INTO b VALUES (3, TIMESTAMP '2024-01-01 00:00:05')"); // its window has closed
        assertTrue(q.sync(WAIT));
        assertEquals(1, q.stats().lateRows());
        assertEquals(List.of(new Change(RowKind.INSERT, List.of(1L))), List.of(q.changes().next()));
      }
    }
  }

  @Test
  void fromEarliestReadsTheWholeLogAndCallbacksGetJavaValues() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM t (n INT, d DECIMAL(5, 2), ts TIMESTAMP(3), ok BOOLEAN, s VARCHAR)");
      runnel.insert("t", List.of(List.of(1, new BigDecimal("1.5"), LocalDateTime.of(2020, 1, 2, 3, 4, 5), true, "x")));
      List<Change> seen = Collections.synchronizedList(new ArrayList<>());
      try (QueryHandle q = runnel.query("SELECT * FROM t", QueryOptions.fromEarliest())) {
        q.subscribe(seen::add);
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(new Change(RowKind.INSERT, List.of(1, new BigDecimal("1.50"), LocalDateTime.of(2020, 1, 2, 3, 4, 5), true, "x"))), seen);
      }
    }
  }

  @Test
  void streamsTablesAndTheirDataSurviveARestart() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM s (x BIGINT); CREATE TABLE users (id BIGINT, name VARCHAR, PRIMARY KEY (id));"
          + "CREATE STREAM gone (y INT); DROP STREAM gone;"
          + "INSERT INTO s VALUES (1), (2); INSERT INTO users VALUES (1, 'ann'), (1, 'anna')");
    }
    try (Runnel runnel = Runnel.open(dir)) {
      assertEquals(java.util.Set.of("sys.errors", "sys.late", "s"), runnel.catalog().streams().keySet());
      assertTrue(runnel.catalog().tables().containsKey("users"));
      assertFalse(runnel.catalog().streams().containsKey("gone"));
      try (QueryHandle q = runnel.query("SELECT x FROM s", QueryOptions.fromEarliest());
          QueryHandle users = runnel.query("SELECT name FROM users")) {
        List<Change> xs = collect(q);
        List<Change> names = collect(users);
        assertEquals(List.of(List.of(1L), List.of(2L)), xs.stream().map(Change::values).toList());
        // a table is always read whole: its content is the latest row per key
        assertEquals(List.of("+I[ann]", "-U[ann]", "+U[anna]"), names.stream().map(Change::toString).toList());
      }
      runnel.execute("CREATE STREAM gone (y INT)"); // the dropped name is free again, and empty
      try (QueryHandle q = runnel.query("SELECT y FROM gone", QueryOptions.fromEarliest())) {
        assertTrue(collect(q).isEmpty());
      }
    }
  }

  private static List<Change> collect(QueryHandle q) throws InterruptedException {
    List<Change> out = Collections.synchronizedList(new ArrayList<>());
    q.subscribe(out::add);
    assertTrue(q.sync(WAIT));
    return new ArrayList<>(out);
  }

  @Test
  void aFileIsIngestedBadLinesGoToSysErrorsAndTheQueryEnds() throws Exception {
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, "1,a\nx,b\n3,c\n");
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      runnel.execute("CREATE STREAM f (n BIGINT, s VARCHAR) WITH ('connector' = 'file', 'path' = '" + csv + "', 'format' = 'csv')");
      try (QueryHandle q = runnel.query("SELECT n, s FROM f")) {
        assertTrue(q.bounded());
        List<Change> rows = new ArrayList<>();
        q.changes().forEachRemaining(rows::add);
        assertTrue(q.isDone());
        assertEquals(List.of(List.of(1L, "a"), List.of(3L, "c")), rows.stream().map(Change::values).toList());
      }
      try (QueryHandle errors = runnel.query("SELECT source, reason, input FROM sys.errors", QueryOptions.fromEarliest())) {
        List<Change> e = collect(errors);
        assertEquals(1, e.size());
        assertEquals(List.of(csv + ":2", "column 'n': 'x' is not a BIGINT", "x,b"), e.get(0).values());
      }
    }
  }

  @Test
  void aRestartDoesNotIngestAFileTwice() throws Exception {
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, "1\n2\n");
    String ddl = "CREATE STREAM f (n BIGINT) WITH ('connector' = 'file', 'path' = '" + csv + "', 'format' = 'csv')";
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      runnel.execute(ddl);
      try (QueryHandle q = runnel.query("SELECT n FROM f")) {
        assertTrue(q.awaitTermination(WAIT));
      }
    }
    try (Runnel runnel = Runnel.open(dir.resolve("data")); QueryHandle q = runnel.query("SELECT n FROM f")) {
      List<Change> rows = new ArrayList<>();
      q.changes().forEachRemaining(rows::add);
      assertEquals(2, rows.size());
    }
  }

  @Test
  void insertValuesCompletesBeforeExecuteReturnsAndReportsItsCount() {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM s (x BIGINT)");
      StatementResult r = runnel.execute("INSERT INTO s VALUES (1), (2), (3)");
      assertEquals(new StatementResult.Ok("Inserted 3 rows into s"), r);
    }
  }

  @Test
  void badInputThroughTheApiIsAClearError() {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM s (x INT)");
      RunnelException e = assertThrows(RunnelException.class, () -> runnel.insert("s", List.of(List.of("abc"))));
      assertEquals(ErrorCode.INVALID_INPUT, e.code());
      assertEquals("RUN-1501: Value 'abc' (String) is not a valid INT for column 'x'", e.getMessage());
      assertThrows(RunnelException.class, () -> runnel.insert("s", List.of(List.of(3_000_000_000L))));
      assertThrows(RunnelException.class, () -> runnel.query("INSERT INTO s VALUES (1)"));
    }
  }

  @Test
  void aClosedEngineRefusesWorkAndClosingTwiceIsHarmless() {
    Runnel runnel = Runnel.open(dir);
    runnel.close();
    runnel.close();
    RunnelException e = assertThrows(RunnelException.class, () -> runnel.execute("SHOW STREAMS"));
    assertEquals(ErrorCode.ENGINE_CLOSED, e.code());
  }

  @Test
  void aCancelledQueryEndsAndShowQueriesListsRunningOnes() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM s (x BIGINT)");
      QueryHandle q = runnel.query("SELECT x FROM s");
      StatementResult.Table table = (StatementResult.Table) runnel.execute("SHOW QUERIES");
      List<Object> row = table.rows().get(0);
      assertEquals(List.of(q.id(), "SELECT"), row.subList(0, 2));
      assertTrue(List.of("CATCHING UP", "RUNNING").contains(row.get(2)), row.toString());
      assertEquals("SELECT x FROM s", row.get(11));
      q.cancel();
      assertTrue(q.awaitTermination(WAIT));
      assertFalse(q.changes().hasNext());
    }
  }

  @Test
  void aSessionsSetAppliesToItsOwnStatementsOnly() {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM s (k BIGINT) WITH ('partitions' = '2')");
      Session one = runnel.session();
      Session two = runnel.session();
      one.execute("SET 'parallelism' = '2'");
      String explain = "EXPLAIN SELECT k, COUNT(*) AS n FROM s GROUP BY k";
      assertTrue(((StatementResult.Plan) one.execute(explain)).text().contains("Tasks: 2"));
      assertFalse(((StatementResult.Plan) two.execute(explain)).text().contains("Tasks:"), "not in another session");
      assertFalse(((StatementResult.Plan) runnel.execute(explain)).text().contains("Tasks:"), "not in the engine's own");
      runnel.execute("SET 'parallelism' = '2'");
      assertFalse(((StatementResult.Plan) two.execute(explain)).text().contains("Tasks:"), "the engine's SET stays in its session");
      one.execute("RESET 'parallelism'");
      assertFalse(((StatementResult.Plan) one.execute(explain)).text().contains("Tasks:"));
    }
  }
}
