package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.MaterializedView;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.Session;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CREATE OR REPLACE MATERIALIZED VIEW} waits for its new version to catch up without holding the
 * engine's lock: other sessions' statements run meanwhile and read the old version, statements that would
 * change the view or what the new version reads are refused (RUN-1407), and a replacement given up (what it
 * reads was dropped, the engine closed, a crash) leaves nothing behind. The new version is made slow by a
 * function that blocks until the test opens its gate.
 */
class ReplacingViewsTest {
  private static final long WAIT_SECONDS = 20;

  private static final String SETUP =
      "CREATE FUNCTION gate AS '" + GateFunction.class.getName() + "';"
          + "CREATE STREAM t (k BIGINT, v BIGINT);"
          + "INSERT INTO t VALUES (1, 1), (2, 2), (1, 3);"
          + "CREATE MATERIALIZED VIEW totals AS SELECT k, SUM(v) AS total FROM t GROUP BY k;";
  /** The new version: another column, and every row through the gate. */
  private static final String REPLACE = "CREATE OR REPLACE MATERIALIZED VIEW totals AS SELECT k, SUM(gate(v)) AS total, COUNT(*) AS n FROM t GROUP BY k";

  @TempDir Path dir;

  @BeforeEach
  void closeTheGate() {
    GateFunction.close(TimeUnit.SECONDS.toMillis(WAIT_SECONDS * 2));
  }

  @AfterEach
  void openTheGate() {
    GateFunction.open();
  }

  @Test
  void otherSessionsRunAndReadTheOldVersionWhileTheNewOneCatchesUp() throws Exception {
    Path data = dir.resolve("data");
    try (Runnel runnel = Runnel.open(data)) {
      runnel.executeAll(SETUP);
      MaterializedView totals = runnel.view("totals");
      CompletableFuture<StatementResult> replacing = inSession(runnel, "SET 'read.wait' = '2 min';" + REPLACE);
      assertTrue(GateFunction.reached(WAIT_SECONDS), "the new version never reached its function");
      // each of these needs the engine's lock alone, or shares it
      within(() -> runnel.session().executeAll("SET 'read.wait' = '10 s'; CREATE STREAM c (x BIGINT); INSERT INTO t VALUES (1, 10)"));
      assertEquals(List.of("[1, 14]", "[2, 2]"), within(() -> answer(runnel, "SELECT * FROM totals")), "the old version answers, the insert counted");
      within(() -> {
        runnel.insert("t", List.of(List.of(2L, 5L)));
        return sync(totals);
      });
      assertEquals(Optional.of(List.of(2L, 7L)), totals.lookup(2L));
      assertEquals(List.of("k", "total"), totals.columns().stream().map(c -> c.name()).toList());
      assertTrue(within(() -> runnel.catalog().streams().containsKey("c")));
      assertEquals(List.of("q1"), within(() -> viewQueries(runnel)), "the new version is not listed until it is the view");
      assertFalse(replacing.isDone(), "the replacement finished before its gate opened");

      GateFunction.open();
      StatementResult replaced = replacing.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(replaced.toString().contains("Replaced materialized view totals"), replaced.toString());
      // the new version took in what was inserted while it caught up
      assertEquals(List.of("k", "total", "n"), totals.columns().stream().map(c -> c.name()).toList());
      assertEquals(Optional.of(List.of(1L, 14L, 3L)), totals.lookup(1L));
      assertEquals(List.of("[1, 14, 3]", "[2, 7, 2]"), answer(runnel, "SELECT * FROM totals"));
      assertEquals(List.of("q2"), viewQueries(runnel), "the old version's query ended");
    }
    assertEquals(1, incarnations(data, "totals").size(), "the old version's log is deleted");
    try (Runnel runnel = Runnel.open(data)) {
      runnel.execute("INSERT INTO t VALUES (2, 1)");
      assertEquals(List.of("[1, 14, 3]", "[2, 8, 3]"), answer(runnel, "SELECT * FROM totals"));
    }
  }

  @Test
  void statementsThatWouldChangeTheViewOrWhatItsNewVersionReadsAreRefusedMeanwhile() throws Exception {
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      runnel.executeAll(SETUP + "CREATE STREAM t2 (k BIGINT, v BIGINT); INSERT INTO t2 VALUES (1, 100); CREATE TABLE copy (k BIGINT, total BIGINT, PRIMARY KEY (k))");
      // the new version reads t2, which the old one does not
      CompletableFuture<StatementResult> replacing =
          inSession(runnel, "SET 'read.wait' = '2 min'; CREATE OR REPLACE MATERIALIZED VIEW totals AS SELECT k, SUM(gate(v)) AS total FROM t2 GROUP BY k");
      assertTrue(GateFunction.reached(WAIT_SECONDS), "the new version never reached its function");
      for (String conflicting :
          List.of(
              "CREATE OR REPLACE MATERIALIZED VIEW totals AS SELECT k, MAX(v) AS total FROM t GROUP BY k",
              "DROP MATERIALIZED VIEW totals",
              "DROP STREAM t2",
              "CREATE MATERIALIZED VIEW big AS SELECT k FROM totals WHERE total > 1",
              "INSERT INTO copy SELECT k, total FROM totals")) {
        RunnelException e = assertInstanceOf(RunnelException.class, within(() -> failure(() -> runnel.session().execute(conflicting))), conflicting);
        assertEquals(ErrorCode.VIEW_BEING_REPLACED, e.code(), e.describe());
        assertEquals("RUN-1407", e.code().label());
        assertNotNull(e.pos(), conflicting);
        assertTrue(e.getMessage().contains("totals is being replaced"), e.getMessage());
        assertTrue(e.hint().startsWith("Try again when it finishes"), e.hint());
      }
      StatementResult exists = within(() -> runnel.session().execute("CREATE MATERIALIZED VIEW IF NOT EXISTS totals AS SELECT k FROM t"));
      assertEquals("Materialized view totals already exists", ((StatementResult.Ok) exists).message());
      assertFalse(replacing.isDone());

      GateFunction.open();
      assertTrue(replacing.get(WAIT_SECONDS, TimeUnit.SECONDS).toString().contains("Replaced materialized view totals"));
      assertEquals(List.of("[1, 100]"), answer(runnel, "SELECT * FROM totals"));
      runnel.execute("DROP MATERIALIZED VIEW totals"); // free again
      runnel.execute("DROP STREAM t2");
    }
  }

  @Test
  void aReplacementWhoseInputWasDroppedMeanwhileIsGivenUpAndLeavesNothingBehind() throws Exception {
    Path data = dir.resolve("data");
    try (Runnel runnel = Runnel.open(data)) {
      runnel.executeAll(SETUP + "CREATE VIEW positive AS SELECT k, v FROM t WHERE v > 0");
      Set<String> before = streams(data);
      CompletableFuture<StatementResult> replacing =
          inSession(runnel, "SET 'read.wait' = '2 min'; CREATE OR REPLACE MATERIALIZED VIEW totals AS SELECT k, SUM(gate(v)) AS total FROM positive GROUP BY k");
      assertTrue(GateFunction.reached(WAIT_SECONDS), "the new version never reached its function");
      // a view's query keeps its plan when a view it reads through is dropped: nothing refuses this
      within(() -> runnel.session().execute("DROP VIEW positive"));
      GateFunction.open();
      RunnelException e = assertInstanceOf(RunnelException.class, failure(() -> replacing.get(WAIT_SECONDS, TimeUnit.SECONDS)));
      assertEquals(ErrorCode.UNKNOWN_RELATION, e.code(), e.describe());
      assertTrue(e.getMessage().contains("positive") && e.getMessage().contains("old version stays"), e.getMessage());
      assertOldVersionAlone(runnel, data, before);
    }
    try (Runnel runnel = Runnel.open(data)) {
      assertEquals(List.of("q1"), viewQueries(runnel));
      assertEquals(List.of("[1, 4]", "[2, 2]"), answer(runnel, "SELECT * FROM totals"));
      assertFalse(Files.exists(data.resolve("checkpoints").resolve("q2")));
      runnel.execute(REPLACE); // the name is free again
      assertEquals(List.of("[1, 4, 2]", "[2, 2, 1]"), answer(runnel, "SELECT * FROM totals"));
    }
  }

  @Test
  void aReplacementThatDoesNotCatchUpInTimeLeavesNothingBehind() throws Exception {
    Path data = dir.resolve("data");
    Set<String> before;
    try (Runnel runnel = Runnel.open(data)) {
      runnel.executeAll(SETUP);
      before = streams(data);
      GateFunction.shutFor(3_000); // longer than the replacement waits, so that it stops on its own once given up
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
  void closingTheEngineGivesUpAReplacementAndLeavesNothingBehind() throws Exception {
    Path data = dir.resolve("data");
    Set<String> before;
    try (Runnel runnel = Runnel.open(data)) {
      runnel.executeAll(SETUP);
      before = streams(data);
      MaterializedView totals = runnel.view("totals");
      CompletableFuture<StatementResult> replacing = inSession(runnel, "SET 'read.wait' = '2 min';" + REPLACE);
      assertTrue(GateFunction.reached(WAIT_SECONDS), "the new version never reached its function");
      CompletableFuture<Void> closing = CompletableFuture.runAsync(runnel::close);
      // the close has the engine's lock once the view's handle says it is gone: then let the new version stop
      within(() -> {
        while (!(failure(() -> totals.lookup(1L)) instanceof RunnelException)) {
          TimeUnit.MILLISECONDS.sleep(5);
        }
        return null;
      });
      GateFunction.open();
      closing.get(WAIT_SECONDS, TimeUnit.SECONDS);
      RunnelException e = assertInstanceOf(RunnelException.class, failure(() -> replacing.get(WAIT_SECONDS, TimeUnit.SECONDS)));
      assertEquals(ErrorCode.ENGINE_CLOSED, e.code(), e.describe());
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
      assertTrue(GateFunction.reached(WAIT_SECONDS), "the new version never reached its function");
      // what a crash now leaves: the data directory as it is (nothing is being written: the new version waits)
      copy(data, crashed);
      GateFunction.open();
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
    GateFunction.open();
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

  /** What {@code call} returns, which it must within {@link #WAIT_SECONDS}: it must not wait for the replacement. */
  private static <T> T within(Call<T> call) throws Exception {
    CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
      try {
        return call.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IllegalStateException i && i.getCause() instanceof Exception c ? c : e;
    }
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

  private static boolean sync(MaterializedView view) throws InterruptedException {
    return view.sync(Duration.ofSeconds(WAIT_SECONDS));
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
