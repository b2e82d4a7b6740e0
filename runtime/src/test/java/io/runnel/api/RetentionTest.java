package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams' retention and tables' compaction, seen through the engine. */
class RetentionTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path dir;

  @Test
  void aPersistentQueryReplayingAfterACutDoesNotWriteAgainWhatWasDropped() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "CREATE STREAM a (x BIGINT);"
              + "CREATE STREAM b (x BIGINT) WITH ('retention.size' = '1 B', 'log.roll-cycle' = 'secondly');"
              + "INSERT INTO b SELECT x FROM a;"
              + "INSERT INTO a VALUES (1), (2)");
      assertTrue(runnel.handle("q1").sync(WAIT));
      // the next row goes to a later file of b, which then holds no row of q1
      long second = System.currentTimeMillis() / 1000;
      while (System.currentTimeMillis() / 1000 == second) {
        Thread.sleep(20);
      }
      runnel.execute("INSERT INTO b VALUES (3)");
    }
    // without its checkpoints q1 replays a from the start and regenerates rows 1 and 2
    Subscriptions.deleteRecursively(dir.resolve("checkpoints"));
    try (Runnel runnel = Runnel.open(dir)) { // opening applies the retention: the older file goes
      assertTrue(runnel.handle("q1").sync(WAIT));
      assertEquals(List.of("[3]"), Subscriptions.rows(runnel, "SELECT x FROM b"), "rows 1 and 2 were dropped and not written again");
      runnel.execute("INSERT INTO a VALUES (4)");
      assertTrue(runnel.handle("q1").sync(WAIT));
      assertEquals(List.of("[3]", "[4]"), Subscriptions.rows(runnel, "SELECT x FROM b"));
    }
  }

  @Test
  void aTableReadsTheSameBeforeAndAfterItsLogIsCompacted() throws Exception {
    List<String> before;
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "CREATE TABLE prices (item VARCHAR, price BIGINT, PRIMARY KEY (item));"
              + "CREATE STREAM orders (item VARCHAR, qty BIGINT);"
              + "CREATE TABLE totals (item VARCHAR, n BIGINT, PRIMARY KEY (item));"
              + "INSERT INTO totals SELECT item, SUM(qty) FROM orders GROUP BY item");
      for (int i = 0; i < 5; i++) {
        runnel.execute("INSERT INTO prices VALUES ('a', " + i + "), ('b', " + (10 + i) + "), ('c', " + (20 + i) + ")");
        runnel.execute("INSERT INTO orders VALUES ('a', 1), ('b', 2)");
      }
      assertTrue(runnel.handle("q1").sync(WAIT));
      before = table(runnel, "SELECT * FROM prices");
      assertEquals(List.of("[a, 4]", "[b, 14]", "[c, 24]"), before);
      assertEquals(List.of("[a, 5]", "[b, 10]"), table(runnel, "SELECT * FROM totals"));
    }
    try (Runnel runnel = Runnel.open(dir)) {
      assertEquals(before, table(runnel, "SELECT * FROM prices"), "compacted when the engine opened");
      assertTrue(Files.exists(partitionOf("prices").resolve("current")), "the log was compacted");
      assertTrue(Files.exists(partitionOf("totals").resolve("current")), "the query's table too");
      assertEquals(List.of("[a, 5]", "[b, 10]"), table(runnel, "SELECT * FROM totals"), "the query did not write again");
      runnel.execute("INSERT INTO orders VALUES ('c', 7)");
      assertTrue(runnel.handle("q1").sync(WAIT));
      assertEquals(List.of("[a, 5]", "[b, 10]", "[c, 7]"), table(runnel, "SELECT * FROM totals"));
    }
  }

  @Test
  void aTableWithAnEventTimeKeepsEveryVersionForTemporalJoinsReadFromTheStart() throws Exception {
    String join = "SELECT o.id, r.rate FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.cur = r.cur";
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "CREATE TABLE rates (cur VARCHAR, rate BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (cur));"
              + "CREATE TABLE prices (item VARCHAR, price BIGINT, PRIMARY KEY (item));"
              + "CREATE STREAM orders (id BIGINT, cur VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
      for (int i = 0; i < 5; i++) {
        runnel.execute("INSERT INTO rates VALUES ('e', " + i + ", TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '" + (10 * i) + "' SECOND)");
        runnel.execute("INSERT INTO prices VALUES ('a', " + i + ")");
      }
      // order 3 (no rate) moves the orders' watermark past order 2's time
      runnel.execute("INSERT INTO orders VALUES (1, 'e', TIMESTAMP '2024-01-01 00:00:15'), (2, 'e', TIMESTAMP '2024-01-01 00:00:35'),"
          + " (3, 'x', TIMESTAMP '2024-01-01 00:00:50')");
      assertEquals(List.of("[1, 1]", "[2, 3]"), Subscriptions.rows(runnel, join));
    }
    try (Runnel runnel = Runnel.open(dir)) {
      assertTrue(Files.exists(partitionOf("prices").resolve("current")), "a table without event time was compacted");
      assertTrue(!Files.exists(partitionOf("rates").resolve("current")), "the versioned table was not");
      assertEquals(List.of("[1, 1]", "[2, 3]"), Subscriptions.rows(runnel, join), "each order still sees the rate of its time");
    }
  }

  @Test
  void badRetentionOptionsAreRejectedWithAPositionAndAHint() {
    try (Runnel runnel = Runnel.open(dir)) {
      RunnelException duration = assertThrows(RunnelException.class, () -> runnel.execute("CREATE STREAM s (x BIGINT) WITH ('retention' = 'a week')"));
      assertEquals(ErrorCode.INVALID_OPTION, duration.code());
      assertTrue(duration.getMessage().contains("line 1:34: Invalid value 'a week' for option 'retention'"), duration.getMessage());
      assertTrue(duration.hint().contains("'7 d'"), duration.hint());
      RunnelException size = assertThrows(RunnelException.class, () -> runnel.execute("CREATE STREAM s (x BIGINT) WITH ('retention.size' = '10 XB')"));
      assertTrue(size.getMessage().contains("line 1:34: Invalid value '10 XB' for option 'retention.size'"), size.getMessage());
      assertTrue(size.hint().contains("GB"), size.hint());
      RunnelException zero = assertThrows(RunnelException.class, () -> runnel.execute("CREATE STREAM s (x BIGINT) WITH ('retention' = '0 s')"));
      assertEquals(ErrorCode.INVALID_OPTION, zero.code());
      RunnelException table =
          assertThrows(RunnelException.class, () -> runnel.execute("CREATE TABLE t (k BIGINT, PRIMARY KEY (k)) WITH ('retention' = '7 d')"));
      assertTrue(table.getMessage().contains("line 1:50: Option 'retention' applies to streams only"), table.getMessage());
      assertTrue(table.hint().contains("compacted"), table.hint());
      RunnelException typo = assertThrows(RunnelException.class, () -> runnel.execute("CREATE STREAM s (x BIGINT) WITH ('retension' = '7 d')"));
      assertEquals("Did you mean 'retention'?", typo.hint());
      runnel.execute("CREATE STREAM s (x BIGINT) WITH ('retention' = '7 d', 'retention.size' = '10 GB')");
    }
  }

  private Path partitionOf(String relation) throws IOException {
    try (Stream<Path> dirs = Files.list(dir.resolve("streams"))) {
      Path stream = dirs.filter(p -> p.getFileName().toString().startsWith(relation + "@")).findFirst().orElseThrow();
      return stream.resolve("0");
    }
  }

  /** The rows of a table query once synced: its changes applied, sorted. */
  private static List<String> table(Runnel runnel, String sql) throws InterruptedException {
    List<String> rows = new ArrayList<>();
    try (QueryHandle q = runnel.query(sql, QueryOptions.fromEarliest())) {
      List<Change> changes = Subscriptions.collect(q);
      assertTrue(q.sync(WAIT));
      synchronized (changes) {
        for (Change c : changes) {
          if (c.kind().isAccumulate()) {
            rows.add(c.values().toString());
          } else {
            assertTrue(rows.remove(c.values().toString()), "retracts a row it emitted: " + c);
          }
        }
      }
    }
    rows.sort(Comparator.naturalOrder());
    return rows;
  }

}
