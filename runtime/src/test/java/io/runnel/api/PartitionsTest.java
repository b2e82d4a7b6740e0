package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.EngineConfig;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.operators.batch.RowKind;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.nexmark.NexmarkStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streams split over several logs, each with its own watermark, and queries running on several tasks. */
class PartitionsTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();

  private Runnel open() {
    return Runnel.open(dir, EngineConfig.defaults().withClock(clock));
  }


  private static String at(int second) {
    return "TIMESTAMP '2024-01-01 00:00:" + String.format("%02d", second) + "'";
  }

  private static final String COUNT_PER_5S =
      "SELECT window_end, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '5' SECOND)) GROUP BY window_start, window_end";

  private static Change window(String end, long n) {
    return new Change(RowKind.INSERT, List.of(LocalDateTime.parse("2024-01-01T00:00:" + end), n));
  }

  @Test
  void eachPartitionHasItsOwnWatermarkAndTheStreamTakesTheirMinimum() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM s (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('partitions' = '3')");
      try (QueryHandle q = runnel.query(COUNT_PER_5S)) {
        List<Change> changes = Subscriptions.collect(q);
        // a stream's batches go to its partitions in turn: one statement each to partitions 0, 1 and 2
        runnel.execute("INSERT INTO s VALUES (" + at(10) + ")");
        runnel.execute("INSERT INTO s VALUES (" + at(20) + ")");
        runnel.execute("INSERT INTO s VALUES (" + at(30) + ")");
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(), changes, "partition 0's watermark is 00:00:10: no window has ended everywhere");
        runnel.execute("INSERT INTO s VALUES (" + at(40) + ")"); // partition 0 again
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(window("15", 1)), changes, "partition 1 (00:00:20) now holds the watermark back");
        // the catalog log's entry 0 is its format, entry 1 created s: its directory is s@1
        assertTrue(Files.isDirectory(dir.resolve("streams/s@1/2")), "one log per partition");
      }
    }
  }

  @Test
  void anIdlePartitionStopsHoldingBackTheOthers() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM s (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('partitions' = '2', 'watermark.idle-timeout' = '10 s')");
      try (QueryHandle q = runnel.query(COUNT_PER_5S)) {
        List<Change> changes = Subscriptions.collect(q);
        runnel.execute("INSERT INTO s VALUES (" + at(1) + "), (" + at(7) + ")"); // all into partition 0
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(), changes, "partition 1 has had no rows, and not yet for 10 s");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(window("05", 1)), changes);
      }
    }
  }

  @Test
  void partitionsAndParallelismAreChecked() {
    try (Runnel runnel = open()) {
      RunnelException e = assertThrows(RunnelException.class, () -> runnel.execute("CREATE STREAM s (x INT) WITH ('partitions' = '0')"));
      assertTrue(e.getMessage().contains("Invalid value '0' for option 'partitions'"), e.getMessage());
      e = assertThrows(RunnelException.class, () -> runnel.execute("SET 'parallelism' = 'two'"));
      assertTrue(e.getMessage().contains("Invalid value 'two' for parallelism"), e.getMessage());
      e = assertThrows(RunnelException.class, () -> runnel.execute("SET 'parallelism' = '0'"));
      assertTrue(e.hint().contains("from 1 to 256"), e.hint());
    }
  }

  /** Queries whose state is keyed, not keyed at all, windowed, and fed by another aggregate's updates. */
  static final List<String> QUERIES =
      List.of(
          "SELECT k, COUNT(*) AS n, SUM(v) AS total, MIN(v) AS lo, MAX(v) AS hi FROM s GROUP BY k",
          "SELECT COUNT(*) AS n, SUM(v) AS total, COUNT(DISTINCT k) AS keys FROM s",
          "SELECT k, window_start, COUNT(*) AS n, MAX(v) AS hi FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
              + " GROUP BY k, window_start, window_end",
          "SELECT window_start, COUNT(*) AS n FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '20' SECOND))"
              + " GROUP BY window_start, window_end",
          "SELECT k, SESSION_START(ts, INTERVAL '1' SECOND) AS s0, COUNT(*) AS n FROM s GROUP BY k, SESSION(ts, INTERVAL '1' SECOND)",
          "SELECT n, COUNT(*) AS keys FROM (SELECT k, COUNT(*) AS n FROM s WHERE v > 20 GROUP BY k) GROUP BY n",
          "SELECT k, ts, SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS recent FROM s");

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void aQueryOnSeveralTasksGivesTheResultOfOneTask(int partitions) throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute(
          "CREATE STREAM s (k BIGINT, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH ('partitions' = '" + partitions + "')");
      Random random = new Random(partitions);
      for (int statement = 0; statement < 30; statement++) {
        StringBuilder sql = new StringBuilder("INSERT INTO s VALUES ");
        for (int i = 0; i < 100; i++) {
          long ms = 1_000L * statement + random.nextInt(1000);
          sql.append(i == 0 ? "" : ", ")
              .append("(").append(random.nextInt(40)).append(", ").append(random.nextInt(100))
              .append(", TIMESTAMP '").append(LocalDateTime.parse("2024-01-01T00:00:00").plusNanos(ms * 1_000_000).toString().replace('T', ' ')).append("')");
        }
        runnel.execute(sql.toString());
      }
      for (String query : QUERIES) {
        runnel.execute("SET 'parallelism' = '1'");
        Map<List<Object>, Integer> one = finalResult(runnel, query);
        runnel.execute("SET 'parallelism' = '3'");
        Map<List<Object>, Integer> three = finalResult(runnel, query);
        assertFalse(one.isEmpty(), query);
        assertEquals(one, three, query);
      }
    }
  }

  /** The query's result with its changes applied, once it has read everything there is. */
  private static Map<List<Object>, Integer> finalResult(Runnel runnel, String query) throws Exception {
    Map<List<Object>, Integer> rows = new HashMap<>();
    try (QueryHandle q = runnel.query(query, QueryOptions.fromEarliest())) {
      List<Change> changes = Subscriptions.collect(q);
      assertTrue(q.sync(WAIT), query);
      assertEquals(null, q.failure(), query);
      synchronized (changes) {
        for (Change c : changes) {
          int delta = c.kind() == RowKind.INSERT || c.kind() == RowKind.UPDATE_AFTER ? 1 : -1;
          rows.merge(c.values(), delta, Integer::sum);
        }
      }
    }
    rows.values().removeIf(n -> n == 0);
    return rows;
  }

  @Test
  void theNexmarkGeneratorSplitOverPartitionsWritesTheSameEvents() throws Exception {
    assertEquals(bids(dir.resolve("one"), 1), bids(dir.resolve("three"), 3));
  }

  /** Every bid of the first 30,000 events, with how often it occurs, read from a stream of {@code partitions}. */
  private static Map<List<Object>, Integer> bids(Path data, int partitions) throws Exception {
    try (Runnel runnel = Runnel.open(data)) {
      runnel.execute(NexmarkStreams.BID_DDL + " WITH ('connector' = 'nexmark', 'events' = '30000', 'partitions' = '" + partitions + "')");
      runnel.execute("SET 'parallelism' = '" + partitions + "'");
      Map<List<Object>, Integer> rows = new HashMap<>();
      try (QueryHandle q = runnel.query("SELECT * FROM bid", QueryOptions.fromEarliest())) {
        List<Change> changes = Subscriptions.collect(q);
        assertTrue(q.awaitTermination(WAIT), "a bounded stream's query ends");
        changes.forEach(c -> rows.merge(c.values(), 1, Integer::sum));
      }
      assertEquals(27_600, rows.values().stream().mapToInt(Integer::intValue).sum(), "46 bids in every 50 events");
      return rows;
    }
  }

  @Test
  void aTableSplitByKeyKeepsTheLatestRowOfEachKey() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE TABLE t (id BIGINT, name VARCHAR, PRIMARY KEY (id)) WITH ('partitions' = '4')");
      runnel.execute("SET 'parallelism' = '2'");
      for (int round = 0; round < 5; round++) {
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
        for (int id = 0; id < 50; id++) {
          sql.append(id == 0 ? "" : ", ").append("(").append(id).append(", 'v").append(round).append("')");
        }
        runnel.execute(sql.toString());
      }
      Map<List<Object>, Integer> rows = finalResult(runnel, "SELECT name, COUNT(*) AS n FROM t GROUP BY name");
      assertEquals(Map.of(List.of("v4", 50L), 1), rows);
      for (int p = 0; p < 4; p++) {
        assertTrue(Files.isDirectory(dir.resolve("streams/t@1/" + p)));
      }
    }
  }

  @Test
  void aParallelQueryRunsOneThreadPerTaskAndEndsThemAll() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM s (k BIGINT) WITH ('partitions' = '2')");
      runnel.execute("SET 'parallelism' = '3'");
      try (QueryHandle q = runnel.query("SELECT k, COUNT(*) AS n FROM s GROUP BY k")) {
        String prefix = "runnel-query-" + q.id() + ".";
        assertEquals(3, queryThreads(prefix), "tasks 0, 1 and 2");
        runnel.execute("INSERT INTO s VALUES (1), (2), (3), (1)");
        assertTrue(q.sync(WAIT));
        q.cancel();
        assertTrue(q.awaitTermination(WAIT));
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (queryThreads("runnel-query-") > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(0, queryThreads("runnel-query-"));
    }
  }

  @Test
  void aTaskWithoutPartitionsEndsAndTheQueryStillCatchesUp() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM s (k BIGINT) WITH ('partitions' = '2')");
      runnel.execute("SET 'parallelism' = '3'");
      // nothing crosses between tasks: task 2 reads no partition and ends at once
      try (QueryHandle q = runnel.query("SELECT k * 10 AS k10 FROM s WHERE k > 1")) {
        List<Change> changes = Subscriptions.collect(q);
        String task2 = "runnel-query-" + q.id() + ".2";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (queryThreads(task2) > 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertEquals(0, queryThreads(task2));
        runnel.execute("INSERT INTO s VALUES (1), (2)");
        runnel.execute("INSERT INTO s VALUES (3)");
        assertTrue(q.sync(WAIT), "the tasks left catch up");
        assertEquals(Map.of(List.of(20L), 1, List.of(30L), 1), changes.stream().collect(Collectors.toMap(Change::values, c -> 1, Integer::sum)));
      }
    }
  }

  private static long queryThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).collect(Collectors.counting());
  }
}
