package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.Session;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.udf.ScalarFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code CREATE OR REPLACE MATERIALIZED VIEW} given up (it did not catch up in time, or a crash cut it
 * short) leaves nothing behind: the old version stays the view, alone, and the new version's query id is
 * not given again. The new version is made slow by a function that blocks until the test opens its gate.
 */
class ReplacingViewsTest {
  private static final long WAIT_SECONDS = 20;
  private static volatile CountDownLatch entered = new CountDownLatch(1);
  private static volatile CountDownLatch open = new CountDownLatch(1);
  /** How long the gate stays shut at most. */
  private static volatile long shutMillis;

  private static final String SETUP =
      "CREATE FUNCTION gate AS '" + Gate.class.getName() + "';"
          + "CREATE STREAM t (k BIGINT, v BIGINT);"
          + "INSERT INTO t VALUES (1, 1), (2, 2), (1, 3);"
          + "CREATE MATERIALIZED VIEW totals AS SELECT k, SUM(v) AS total FROM t GROUP BY k;";
  /** The new version: another column, and every row through the gate. */
  private static final String REPLACE = "CREATE OR REPLACE MATERIALIZED VIEW totals AS SELECT k, SUM(gate(v)) AS total, COUNT(*) AS n FROM t GROUP BY k";

  @TempDir Path dir;

  /** Returns its argument once the test opens the gate. */
  public static final class Gate implements ScalarFunction {
    @Override
    public String resultType() {
      return "BIGINT";
    }

    @Override
    public Object eval(Object... args) {
      entered.countDown();
      try {
        open.await(shutMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return args[0];
    }
  }

  @BeforeEach
  void closeTheGate() {
    entered = new CountDownLatch(1);
    open = new CountDownLatch(1);
    shutMillis = TimeUnit.SECONDS.toMillis(WAIT_SECONDS * 2);
  }

  @AfterEach
  void openTheGate() {
    open.countDown();
  }

  @Test
  void aReplacementThatDoesNotCatchUpInTimeLeavesNothingBehind() throws Exception {
    Path data = dir.resolve("data");
    Set<String> before;
    try (Runnel runnel = Runnel.open(data)) {
      runnel.executeAll(SETUP);
      before = streams(data);
      shutMillis = 3_000; // longer than the replacement waits, so that it stops on its own once given up
      RunnelException e =
          assertInstanceOf(RunnelException.class, failure(() -> runnel.session().executeAll("SET 'read.wait' = '1 s';" + REPLACE)));
      assertEquals(ErrorCode.UPSTREAM_TIMEOUT, e.code(), e.describe());
      assertTrue(e.getMessage().contains("the old one stays"), e.getMessage());
      assertEquals(List.of("q1"), viewQueries(runnel));
      assertEquals(List.of("[1, 4]", "[2, 2]"), answer(runnel, "SELECT * FROM totals"));
      assertEquals(before, streams(data), "the new version's log is deleted");
      assertFalse(Files.exists(data.resolve("checkpoints").resolve("q2")), "the new version's checkpoints are deleted");
    }
    try (Runnel runnel = Runnel.open(data)) {
      assertOldVersionAlone(runnel, data, before);
    }
  }

  @Test
  void aCrashWhileTheNewVersionCatchesUpLeavesTheOldVersionAndNothingElse() throws Exception {
    Path data = dir.resolve("data");
    Path crashed = dir.resolve("crashed");
    Set<String> before;
    try (Runnel runnel = Runnel.open(data)) {
      runnel.executeAll(SETUP);
      before = streams(data);
      CompletableFuture<StatementResult> replacing = inSession(runnel, "SET 'read.wait' = '2 min';" + REPLACE);
      assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "the new version never reached its function");
      // what a crash now leaves: the data directory as it is (nothing is being written: the new version waits)
      copy(data, crashed);
      open.countDown();
      assertTrue(replacing.get(WAIT_SECONDS, TimeUnit.SECONDS).toString().contains("Replaced"));
    }
    assertEquals(2, incarnations(crashed, "totals").size(), "the copy holds the new version's log");
    try (Runnel runnel = Runnel.open(crashed)) {
      assertOldVersionAlone(runnel, crashed, before); // opening deleted what the replacement left
      runnel.execute(REPLACE);
      assertEquals(List.of("[1, 4, 2]", "[2, 2, 1]"), answer(runnel, "SELECT * FROM totals"));
    }
  }

  @Test
  void openingDeletesWhatACrashLeftOfTheVersionReplaced() throws Exception {
    Path data = dir.resolve("data");
    open.countDown();
    String old;
    try (Runnel runnel = Runnel.open(data)) {
      runnel.executeAll(SETUP);
      old = incarnations(data, "totals").get(0);
      runnel.execute(REPLACE);
      assertEquals(List.of("q2"), viewQueries(runnel));
    }
    assertFalse(Files.exists(data.resolve("streams").resolve(old)));
    // a crash after the new version took over, before the old one's log and its query's state were deleted
    Files.createDirectories(data.resolve("streams").resolve(old).resolve("0"));
    Files.writeString(data.resolve("streams").resolve(old).resolve("0").resolve("left"), "x");
    Files.createDirectories(data.resolve("checkpoints").resolve("q1"));
    Files.writeString(data.resolve("checkpoints").resolve("q1").resolve("left"), "x");
    try (Runnel runnel = Runnel.open(data)) {
      assertFalse(Files.exists(data.resolve("streams").resolve(old)), "the old version's log is deleted");
      assertFalse(Files.exists(data.resolve("checkpoints").resolve("q1")), "the old version's checkpoints are deleted");
      assertEquals(List.of("[1, 4, 2]", "[2, 2, 1]"), answer(runnel, "SELECT * FROM totals"));
    }
  }

  /**
   * The old version is the view, with its rows and its query (q1) alone; the logs are those of {@code
   * streams}; the given-up version's query (q2) left no checkpoint or journal, and its id is not given again.
   */
  private static void assertOldVersionAlone(Runnel runnel, Path data, Set<String> streams) throws Exception {
    assertEquals(streams, streams(data));
    assertFalse(Files.exists(data.resolve("checkpoints").resolve("q2")), "the given-up version's checkpoints are deleted");
    assertFalse(Files.exists(data.resolve("journal").resolve("q2")), "the given-up version's journal is deleted");
    // persistent queries are created first: a SELECT takes an id too
    String next = ((StatementResult.PersistentQuery) runnel.execute("CREATE MATERIALIZED VIEW other AS SELECT k FROM t")).handle().id();
    assertEquals("q3", next, "the id of the given-up version is not given again");
    runnel.execute("DROP MATERIALIZED VIEW other");
    assertEquals(List.of("q1"), viewQueries(runnel));
    assertEquals(List.of("[1, 4]", "[2, 2]"), answer(runnel, "SELECT * FROM totals"));
    assertEquals(List.of("k", "total"), runnel.view("totals").columns().stream().map(c -> c.name()).toList());
  }

  /** The logs' directories, under streams/. */
  private static Set<String> streams(Path data) throws IOException {
    try (Stream<Path> s = Files.list(data.resolve("streams"))) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static List<String> incarnations(Path data, String view) throws IOException {
    try (Stream<Path> s = Files.list(data.resolve("streams"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(view + "@")).sorted().toList();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static CompletableFuture<StatementResult> inSession(Runnel runnel, String sql) {
    Session session = runnel.session();
    return CompletableFuture.supplyAsync(() -> session.execute(sql));
  }

  private interface Call<T> {
    T call() throws Exception;
  }

  private static Throwable failure(Call<?> call) {
    try {
      call.call();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
  }

  /** The rows a query over views answers with, sorted. */
  private static List<String> answer(Runnel runnel, String sql) throws InterruptedException {
    try (QueryHandle q = runnel.query(sql)) {
      List<Change> changes = Subscriptions.collect(q);
      assertTrue(q.awaitTermination(Duration.ofSeconds(WAIT_SECONDS)), "a query over views' rows ends");
      assertEquals(null, q.failure());
      synchronized (changes) {
        return changes.stream().map(c -> c.values().toString()).sorted().collect(Collectors.toList());
      }
    }
  }

  /** The ids of the views' queries SHOW QUERIES lists. */
  private static List<Object> viewQueries(Runnel runnel) {
    return ((StatementResult.Table) runnel.execute("SHOW QUERIES")).rows().stream().filter(r -> r.get(1).equals("VIEW")).map(r -> r.get(0)).toList();
  }
}
