package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESCRIBE QUERY and SHOW QUERIES on running queries: rows per operator, positions, event-time lag, state. */
class DescribeQueryTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path dir;

  private static final String CLICKS =
      "CREATE STREAM clicks (usr VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)";

  private static String values(String... users) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < users.length; i++) {
      rows.add("('" + users[i] + "', TIMESTAMP '2024-01-01 00:00:0" + (i % 10) + "')");
    }
    return String.join(", ", rows);
  }

  private static List<List<Object>> describe(Runnel runnel, String id) {
    return ((StatementResult.Table) runnel.execute("DESCRIBE QUERY " + id)).rows();
  }

  @Test
  void eachOperatorOfAGroupByOnTwoTasksShowsItsRowsAndItsStateGrowsWithDistinctKeys() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(CLICKS + " WITH ('partitions' = '2'); SET 'parallelism' = '2'; SET 'scan.startup.mode' = 'earliest'");
      QueryHandle q = ((StatementResult.Query) runnel.execute("SELECT usr, COUNT(*) AS n FROM clicks WHERE usr <> 'bot' GROUP BY usr")).handle();
      try (q) {
        runnel.execute("INSERT INTO clicks VALUES " + values("a", "b", "c")); // partition 0
        runnel.execute("INSERT INTO clicks VALUES " + values("a", "bot")); // partition 1
        assertTrue(q.sync(WAIT));
        List<List<Object>> rows = describe(runnel, q.id());
        assertEquals(
            List.of(
                List.of("GroupAggregate(group=[usr], select=[COUNT(*) AS n])", 4L, 5L), // +I a, b, c, then -U/+U of a
                List.of("  +- Calc(where=[(usr <> 'bot')], select=[usr])", 5L, 4L)),
            rows.subList(0, 2).stream().map(r -> r.subList(0, 3)).toList());
        assertEquals(List.of("    +- StreamSource(clicks)", 5L), List.of(rows.get(2).get(0), rows.get(2).get(2)));
        // each partition: its position and the rows not read yet
        assertEquals(List.of("      +- partition clicks/0", 3L, 0L), List.of(rows.get(3).get(0), rows.get(3).get(6), rows.get(3).get(7)));
        assertEquals(List.of("      +- partition clicks/1", 2L, 0L), List.of(rows.get(4).get(0), rows.get(4).get(6), rows.get(4).get(7)));
        assertEquals(3L, rows.get(0).get(4), "a group per user");
        long bytes = (Long) rows.get(0).get(5);
        assertTrue(bytes > 0, rows.toString());

        String[] more = new String[20];
        for (int i = 0; i < more.length; i++) {
          more[i] = "user" + i;
        }
        runnel.execute("INSERT INTO clicks VALUES " + values(more));
        assertTrue(q.sync(WAIT));
        List<Object> grown = describe(runnel, q.id()).get(0);
        assertEquals(23L, grown.get(4));
        long grownBytes = (Long) grown.get(5);
        assertTrue(grownBytes > 5 * bytes, bytes + " bytes for 3 groups, " + grownBytes + " for 23");

        runnel.execute("INSERT INTO clicks VALUES " + values("a", "user3"));
        assertTrue(q.sync(WAIT));
        List<Object> same = describe(runnel, q.id()).get(0);
        assertEquals(List.of(23L, grownBytes), same.subList(4, 6), "rows of known users add no state");
      }
    }
  }

  @Test
  void showQueriesGivesAPersistentQuerysPositionsEventTimeLagAndStateAsDescribeQuerySumsThem() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(CLICKS + "; CREATE STREAM counts (usr VARCHAR, n BIGINT, window_start TIMESTAMP(3))");
      String id =
          ((StatementResult.PersistentQuery) runnel.execute(
                  "INSERT INTO counts SELECT usr, COUNT(*) AS n, window_start FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
                      + " GROUP BY usr, window_start, window_end"))
              .handle()
              .id();
      runnel.execute("INSERT INTO clicks VALUES " + values("a", "b", "a", "c"));
      assertTrue(runnel.handle(id).sync(WAIT));
      List<Object> shown = ((StatementResult.Table) runnel.execute("SHOW QUERIES")).rows().get(0);
      assertEquals(List.of(id, "PERSISTENT", "RUNNING", 4L, 0L, 0L), shown.subList(0, 6));
      assertEquals(1000L, shown.get(6), "the newest event time read, 00:00:03, is the watermark's delay ahead of it");
      assertEquals("2024-01-01 00:00:02.000", shown.get(7));
      assertEquals("clicks:4", shown.get(8));
      long state = 0;
      for (List<Object> row : describe(runnel, id)) {
        state += row.get(5) == null ? 0 : (Long) row.get(5);
        if (row.get(0).toString().contains("WindowAggregate")) {
          assertEquals(3L, row.get(4), "a group per user in the open window");
        }
      }
      assertTrue(state > 0);
      assertEquals(state, shown.get(9), "SHOW QUERIES sums the operators' state");
    }
  }

  @Test
  void eachBranchOfAUnionCountsItsOwnSourceAndAnUnknownIdNamesTheQueriesThereAre() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(CLICKS + "; CREATE STREAM views (usr VARCHAR, ts TIMESTAMP(3)); SET 'scan.startup.mode' = 'earliest'");
      try (QueryHandle q = runnel.query("SELECT usr FROM clicks UNION ALL SELECT usr FROM views WHERE usr <> 'x'")) {
        runnel.execute("INSERT INTO clicks VALUES " + values("a", "b"));
        runnel.execute("INSERT INTO views VALUES " + values("c", "x", "d"));
        assertTrue(q.sync(WAIT));
        List<String> shown = new ArrayList<>();
        for (List<Object> row : describe(runnel, q.id())) {
          shown.add(row.get(0).toString().strip() + " " + row.get(1) + " " + row.get(2));
        }
        assertEquals(
            List.of(
                "Union(all=true, columns=[usr]) 4 4",
                "+- Calc(select=[usr]) 2 2",
                "+- StreamSource(clicks) null 2",
                "+- partition clicks null null",
                "+- Calc(where=[(usr <> 'x')], select=[usr]) 3 2",
                "+- StreamSource(views) null 3",
                "+- partition views null null"),
            shown);
        RunnelException e = assertThrows(RunnelException.class, () -> runnel.execute("DESCRIBE QUERY q9"));
        assertEquals(ErrorCode.UNKNOWN_QUERY, e.code());
        assertEquals("Running: " + q.id() + ".", e.hint());
      }
    }
  }
}
