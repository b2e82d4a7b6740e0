package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.log.CatalogLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** INSERT INTO ... SELECT as a persistent query: stored, resumed after a restart, each row written once. */
class PersistentQueriesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String WINDOWS =
      "INSERT INTO counts SELECT usr, COUNT(*) AS n, window_start FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
          + " GROUP BY usr, window_start, window_end";

  @TempDir Path dir;

  @Test
  void aPersistentQueryResumesAfterARestartAndWritesEveryRowOnce() throws Exception {
    String id;
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "CREATE STREAM clicks (usr VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND);"
              + "CREATE STREAM counts (usr VARCHAR, n BIGINT, window_start TIMESTAMP(3));"
              + "INSERT INTO clicks VALUES ('a', TIMESTAMP '2024-01-01 00:00:01'), ('b', TIMESTAMP '2024-01-01 00:00:03')");
      // a new persistent query reads its input from the start, however the session reads
      id = ((StatementResult.PersistentQuery) runnel.execute(WINDOWS)).handle().id();
      runnel.execute("INSERT INTO clicks VALUES ('a', TIMESTAMP '2024-01-01 00:00:13'), ('a', TIMESTAMP '2024-01-01 00:00:05')");
      assertTrue(runnel.handle(id).sync(WAIT));
      assertEquals(List.of("[a, 1, 2024-01-01T00:00]", "[b, 1, 2024-01-01T00:00]"), Subscriptions.rows(runnel, "SELECT * FROM counts"));
      assertEquals(List.of("[2024-01-01T00:00:09.999]"), Subscriptions.rows(runnel, "SELECT rowtime FROM sys.late"));
    }
    for (int restart = 1; restart <= 2; restart++) {
      try (Runnel runnel = Runnel.open(dir)) {
        runnel.execute("INSERT INTO clicks VALUES ('c', TIMESTAMP '2024-01-01 00:00:" + (10 + 20 * restart) + "')");
        assertTrue(runnel.handle(id).sync(WAIT));
        List<String> expected = new ArrayList<>(List.of("[a, 1, 2024-01-01T00:00]", "[b, 1, 2024-01-01T00:00]", "[a, 1, 2024-01-01T00:00:10]"));
        if (restart == 2) {
          expected.add("[c, 1, 2024-01-01T00:00:30]");
        }
        assertEquals(expected, Subscriptions.rows(runnel, "SELECT * FROM counts"), "after restart " + restart);
        assertEquals(List.of("[2024-01-01T00:00:09.999]"), Subscriptions.rows(runnel, "SELECT rowtime FROM sys.late"), "the late row is recorded once");
        List<Object> shown = showQueries(runnel).get(0);
        assertEquals(List.of(id, "PERSISTENT", "RUNNING"), shown.subList(0, 3));
        assertEquals(0L, shown.get(5), "no lag once synced");
        assertEquals(WINDOWS, shown.get(11));
      }
    }
  }

  @Test
  void manyPersistentQueriesShareAFewWorkerThreadsAndEachTakesWhatIsAppendedWhileItIdles() throws Exception {
    int queries = 100;
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM src (k BIGINT, v BIGINT)");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < queries; i++) {
        runnel.execute("CREATE STREAM out_" + i + " (k BIGINT, v BIGINT)");
        ids.add(((StatementResult.PersistentQuery) runnel.execute("INSERT INTO out_" + i + " SELECT k, v * 10 FROM src WHERE k = " + i)).handle().id());
      }
      assertTrue(
          Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("runnel-query-q")),
          "a persistent query on a thread of its own: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
      for (int round = 1; round <= 2; round++) {
        if (round == 2) {
          Thread.sleep(2_000); // every task has gone idle long enough to park its longest
        }
        StringBuilder rows = new StringBuilder("INSERT INTO src VALUES ");
        for (int i = 0; i < queries; i++) {
          rows.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(round).append(")");
        }
        runnel.execute(rows.toString());
        for (String id : ids) {
          assertTrue(runnel.handle(id).sync(WAIT));
        }
        for (int i = 0; i < queries; i += 9) {
          List<String> expected = new ArrayList<>(List.of("[" + i + ", 10]"));
          if (round == 2) {
            expected.add("[" + i + ", 20]");
          }
          assertEquals(expected, Subscriptions.rows(runnel, "SELECT * FROM out_" + i), "query " + i + " in round " + round);
        }
      }
    }
  }

  @Test
  void aTerminatedQueryStaysTerminatedAndFreesWhatItRead() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM a (x BIGINT); CREATE STREAM b (x BIGINT)");
      String id = ((StatementResult.PersistentQuery) runnel.execute("INSERT INTO b SELECT x * 2 FROM a")).handle().id();
      RunnelException refused = assertThrows(RunnelException.class, () -> runnel.execute("DROP STREAM a"));
      assertTrue(refused.getMessage().contains("Query " + id + " is reading a"), refused.getMessage());
      runnel.execute("INSERT INTO a VALUES (1)");
      assertTrue(runnel.handle(id).sync(WAIT));
      runnel.execute("TERMINATE QUERY " + id);
    }
    try (Runnel runnel = Runnel.open(dir)) {
      assertEquals(List.of(), showQueries(runnel));
      // ids are not reused while the catalog log remembers them
      QueryHandle next = runnel.query("SELECT x FROM b");
      assertEquals("q2", next.id());
      next.cancel();
      runnel.execute("INSERT INTO a VALUES (5)");
      assertEquals(List.of("[2]"), Subscriptions.rows(runnel, "SELECT x FROM b"));
      runnel.execute("DROP STREAM a");
    }
  }

  @Test
  void dropIsRefusedForAStreamAResumedQueryWritesInto() {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM a (x BIGINT); CREATE STREAM b (x BIGINT); INSERT INTO b SELECT x FROM a");
    }
    try (Runnel runnel = Runnel.open(dir)) {
      RunnelException e = assertThrows(RunnelException.class, () -> runnel.execute("DROP STREAM b"));
      assertTrue(e.getMessage().contains("Query q1 is writing into b"), e.getMessage());
    }
  }

  @Test
  void aStandingQueryOverTheTargetDoesNotStopAPersistentQueryFromStarting() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM a (x BIGINT); CREATE STREAM b (x BIGINT)");
      try (QueryHandle watching = runnel.query("SELECT x FROM b")) {
        List<io.runnel.Change> seen = Subscriptions.collect(watching);
        String id = ((StatementResult.PersistentQuery) runnel.execute("INSERT INTO b SELECT x + 1 FROM a")).handle().id();
        runnel.execute("INSERT INTO a VALUES (1)");
        assertTrue(runnel.handle(id).sync(WAIT));
        assertTrue(watching.sync(WAIT));
        assertEquals("[+I[2]]", seen.toString());
      }
    }
  }

  @Test
  void checkpointWritesACheckpointOfEveryPersistentQueryNow() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM a (x BIGINT); CREATE STREAM b (x BIGINT); SET 'checkpoint.interval' = '0'");
      String id = ((StatementResult.PersistentQuery) runnel.execute("INSERT INTO b SELECT x FROM a")).handle().id();
      runnel.execute("INSERT INTO a VALUES (1), (2)");
      assertTrue(runnel.handle(id).sync(WAIT));
      int checkpointColumn = columnIndex(runnel, "checkpoint");
      assertEquals(null, showQueries(runnel).get(0).get(checkpointColumn), "with no interval, no checkpoint yet");
      assertEquals("Checkpointed " + id, ((StatementResult.Ok) runnel.execute("CHECKPOINT")).message());
      assertTrue(String.valueOf(showQueries(runnel).get(0).get(checkpointColumn)).startsWith("epoch "), showQueries(runnel).toString());
      try (var files = java.nio.file.Files.list(dir.resolve("checkpoints").resolve(id))) {
        assertEquals(1, files.filter(f -> f.toString().endsWith(".ckpt")).count(), "written while the query runs");
      }
      assertEquals("Checkpointed " + id, ((StatementResult.Ok) runnel.execute("CHECKPOINT QUERY " + id)).message());
      RunnelException unknown = assertThrows(RunnelException.class, () -> runnel.execute("CHECKPOINT QUERY q99"));
      assertEquals(ErrorCode.UNKNOWN_QUERY, unknown.code());
    }
  }

  private static int columnIndex(Runnel runnel, String name) {
    List<io.runnel.Column> columns = ((StatementResult.Table) runnel.execute("SHOW QUERIES")).columns();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no column " + name);
  }

  @Test
  void aQueryThatWouldFeedOnItselfIsRefused() {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM a (x BIGINT); CREATE STREAM b (x BIGINT); CREATE STREAM c (x BIGINT)");
      RunnelException direct = assertThrows(RunnelException.class, () -> runnel.execute("INSERT INTO a SELECT * FROM a"));
      assertEquals(ErrorCode.UNSUPPORTED, direct.code());
      assertTrue(direct.getMessage().contains("line 1:13"), direct.getMessage());
      runnel.execute("INSERT INTO b SELECT x FROM a");
      runnel.execute("INSERT INTO c SELECT x FROM b");
      RunnelException cycle = assertThrows(RunnelException.class, () -> runnel.execute("INSERT INTO a SELECT x + 1 FROM c"));
      assertTrue(cycle.getMessage().contains("through the persistent queries"), cycle.getMessage());
      assertEquals(2, showQueries(runnel).size(), "the refused queries were not stored");
    }
  }

  @Test
  void aStoredQueryThatNoLongerPlansIsListedAsFailedAndTheRestRuns() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM a (x BIGINT); CREATE STREAM b (x BIGINT); INSERT INTO b SELECT x FROM a");
    }
    try (CatalogLog log = CatalogLog.open(dir.resolve("catalog"))) {
      log.append("QUERY q7\n\nINSERT INTO b SELECT gone FROM a");
    }
    try (Runnel runnel = Runnel.open(dir)) {
      List<List<Object>> shown = showQueries(runnel);
      assertEquals(List.of("q1", "PERSISTENT"), shown.get(0).subList(0, 2));
      assertEquals(List.of("q7", "PERSISTENT", "FAILED"), shown.get(1).subList(0, 3));
      assertTrue(shown.get(1).get(12).toString().contains("gone"), shown.get(1).toString());
      assertEquals("q8", runnel.query("SELECT x FROM a").id(), "ids continue after the stored ones");
      runnel.execute("INSERT INTO a VALUES (3)");
      assertTrue(runnel.handle("q1").sync(WAIT));
      assertEquals(List.of("[3]"), Subscriptions.rows(runnel, "SELECT x FROM b"));
      assertEquals(ErrorCode.UNKNOWN_QUERY, assertThrows(RunnelException.class, () -> runnel.handle("q7")).code());
    }
  }

  @Test
  void withLatestAQueryReadsOnlyRowsAppendedAfterItWasCreatedAcrossRestarts() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM a (x BIGINT); CREATE STREAM b (x BIGINT); INSERT INTO a VALUES (1);"
          + "SET 'scan.startup.mode' = 'latest'; INSERT INTO b SELECT x FROM a; INSERT INTO a VALUES (2)");
      assertTrue(runnel.handle("q1").sync(WAIT));
    }
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("INSERT INTO a VALUES (3)");
      assertTrue(runnel.handle("q1").sync(WAIT));
      assertEquals(List.of("[2]", "[3]"), Subscriptions.rows(runnel, "SELECT x FROM b"));
    }
  }

  @Test
  void anInsertFromAFileIsAPersistentQueryThatEndsAndOneCutShortFinishesWhenTheEngineOpens() throws Exception {
    Path csv = dir.resolve("in.csv");
    java.nio.file.Files.writeString(csv, "1\n2\n3\n");
    Path data = dir.resolve("data");
    try (Runnel runnel = Runnel.open(data)) {
      runnel.executeAll("CREATE STREAM f (x BIGINT) WITH ('connector' = 'file', 'path' = '" + csv + "', 'format' = 'csv'); CREATE STREAM b (x BIGINT)");
      assertEquals("Inserted 3 rows into b", ((StatementResult.Ok) runnel.execute("INSERT INTO b SELECT x * 10 FROM f")).message());
      assertEquals(List.of(), showQueries(runnel), "a finished insert is not listed");
    }
    // as if the process had died before the insert was recorded as finished
    try (CatalogLog log = CatalogLog.open(data.resolve("catalog"))) {
      log.append("QUERY q1\n\nINSERT INTO b SELECT x * 10 FROM f");
    }
    try (Runnel runnel = Runnel.open(data)) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!showQueries(runnel).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(List.of(), showQueries(runnel), "the resumed insert finished and is gone");
      assertEquals(List.of("[10]", "[20]", "[30]"), Subscriptions.rows(runnel, "SELECT x FROM b"), "nothing written twice");
    }
  }

  /** A function that takes a millisecond a row: a persistent query through it lags behind its input. */
  public static final class Slow implements io.runnel.udf.ScalarFunction {
    @Override
    public String resultType() {
      return "BIGINT";
    }

    @Override
    public Object eval(Object... args) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      return args[0];
    }
  }

  @Test
  void aReadAfterAnInsertWaitsForThePersistentQueriesUpstreamOfIt() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "CREATE FUNCTION slow AS '" + Slow.class.getName() + "';"
              + "CREATE STREAM a (x BIGINT); CREATE STREAM b (x BIGINT); CREATE STREAM c (x BIGINT);"
              + "INSERT INTO b SELECT slow(x) FROM a; INSERT INTO c SELECT x * 10 FROM b");
      List<List<Object>> rows = new ArrayList<>();
      for (long x = 0; x < 1_000; x++) {
        rows.add(List.of(x));
      }
      runnel.insert("a", rows); // a second of work for the first query, then the second's
      List<io.runnel.Change> read = Subscriptions.changes(runnel, "SELECT x FROM c");
      assertEquals(1_000, read.size(), "a read from the start sees the insert through both queries");
      assertEquals(List.of(9_990L), read.get(999).values());

      runnel.execute("SET 'read.wait' = '50 ms'");
      runnel.insert("a", rows);
      RunnelException e = assertThrows(RunnelException.class, () -> runnel.query("SELECT x FROM c", io.runnel.QueryOptions.fromEarliest()));
      assertEquals(ErrorCode.UPSTREAM_TIMEOUT, e.code());
      assertTrue(e.getMessage().contains("Query q1, whose output this query reads, did not catch up"), e.getMessage());
      runnel.execute("SET 'read.wait' = '0'"); // reads at once, whatever has arrived
      try (QueryHandle q = runnel.query("SELECT x FROM c", io.runnel.QueryOptions.fromEarliest())) {
        assertTrue(q.sync(WAIT));
      }
    }
  }

  @Test
  void aPersistentQueryRunsOnTheSessionsParallelismAndKeepsItsOrderAcrossRestarts() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "SET 'parallelism' = '2'; CREATE STREAM a (x BIGINT) WITH ('partitions' = '2'); CREATE STREAM b (x BIGINT);"
              + "INSERT INTO b SELECT x FROM a; INSERT INTO a VALUES (1), (2); INSERT INTO a VALUES (3); INSERT INTO a VALUES (4)");
      assertEquals(2, ((io.runnel.runtime.query.RunningQuery) runnel.handle("q1")).parallelism());
      assertTrue(runnel.handle("q1").sync(WAIT));
    }
    List<String> before;
    try (Runnel runnel = Runnel.open(dir)) {
      before = Subscriptions.rows(runnel, "SELECT x FROM b");
      runnel.execute("INSERT INTO a VALUES (5)");
      List<String> after = Subscriptions.rows(runnel, "SELECT x FROM b");
      assertEquals(5, after.size(), after.toString());
      assertEquals(before, after.subList(0, 4), "what was written stays as it was");
      assertEquals("[5]", after.get(4));
    }
  }

  @Test
  void constantRowsReadBeforeACheckpointAreNotReadAgain() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "CREATE STREAM a (x BIGINT); CREATE STREAM b (x BIGINT); SET 'checkpoint.interval' = '0';"
              + "INSERT INTO b SELECT x FROM a UNION ALL VALUES (CAST(100 AS BIGINT)); INSERT INTO a VALUES (1)");
      assertTrue(runnel.handle("q1").sync(WAIT));
    }
    try (Runnel runnel = Runnel.open(dir)) { // restored from the checkpoint taken when the engine closed
      runnel.execute("INSERT INTO a VALUES (2)");
      List<String> rows = new ArrayList<>(Subscriptions.rows(runnel, "SELECT x FROM b"));
      rows.sort(null);
      assertEquals(List.of("[100]", "[1]", "[2]"), rows);
    }
  }

  private static List<List<Object>> showQueries(Runnel runnel) {
    return ((StatementResult.Table) runnel.execute("SHOW QUERIES")).rows();
  }

}
