package io.runnel.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Machine-sized statements run through the embedded engine, or are refused with a code; none crashes it. */
class LongStatementsTest {
  @TempDir Path dir;

  @Test
  void aFiveThousandTermOrPlansAndRuns() throws Exception {
    StringBuilder sql = new StringBuilder("SELECT auction, price FROM bid WHERE auction = 0");
    for (int i = 1; i < 5000; i++) {
      sql.append(" OR auction = ").append(i * 2);
    }
    assertTrue(sql.length() > 80_000);
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM bid (auction BIGINT, price BIGINT)");
      runnel.execute("INSERT INTO bid VALUES (0, 1), (1, 2), (4998, 3), (9998, 4), (9999, 5), (10000, 6)");
      List<Change> changes = Collections.synchronizedList(new ArrayList<>());
      try (QueryHandle q = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> runnel.query(sql.toString(), QueryOptions.fromEarliest()))) {
        q.subscribe(changes::add);
        assertTrue(q.sync(Duration.ofSeconds(60)));
        assertNull(q.failure());
      }
      assertEquals(List.of("+I[0, 1]", "+I[4998, 3]", "+I[9998, 4]"), changes.stream().map(Change::toString).toList());
    }
  }

  @Test
  void deepNestingIsRefusedWithAPositionAndTheEngineGoesOn() {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM bid (auction BIGINT, price BIGINT)");
      for (String sql : List.of(
          "SELECT " + "ABS(".repeat(1000) + "price" + ")".repeat(1000) + " FROM bid",
          "SELECT " + "CASE WHEN price > 0 THEN ".repeat(1000) + "1" + " END".repeat(1000) + " FROM bid",
          "SELECT * FROM bid WHERE " + "(".repeat(50_000) + "TRUE" + ")".repeat(50_000))) {
        RunnelException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(RunnelException.class, () -> runnel.execute(sql)));
        assertEquals(ErrorCode.STATEMENT_TOO_COMPLEX, e.code());
        assertEquals(1, e.pos().line());
        assertNotNull(e.hint());
      }
      assertEquals("+I[2]", firstChange(runnel, "SELECT ABS(ABS(-2))"));
    }
  }

  @Test
  void aStackOverflowPastTheParserIsReportedWithACode() {
    // UNION and UNION ALL alternating nest one level per term: the planner, not the parser, runs out of stack
    StringBuilder sql = new StringBuilder("SELECT auction FROM bid");
    for (int i = 0; i < 5000; i++) {
      sql.append(i % 2 == 0 ? " UNION SELECT auction FROM bid" : " UNION ALL SELECT auction FROM bid");
    }
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM bid (auction BIGINT, price BIGINT)");
      RunnelException e = assertThrows(RunnelException.class, () -> runnel.execute("EXPLAIN " + sql));
      assertEquals(ErrorCode.STATEMENT_TOO_COMPLEX, e.code());
      assertEquals(ErrorCode.Kind.USER, e.code().kind());
      assertEquals("+I[1]", firstChange(runnel, "SELECT 1"));
    }
  }

  private static String firstChange(Runnel runnel, String sql) {
    try (QueryHandle q = runnel.query(sql, QueryOptions.fromEarliest())) {
      return q.changes().next().toString();
    }
  }
}
