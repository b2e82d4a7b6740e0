package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.MaterializedView;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.ViewListener;
import io.runnel.ViewPosition;
import io.runnel.ViewSubscription;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE MATERIALIZED VIEW: a persistent query's result kept as rows to look up, scan and subscribe to. */
class MaterializedViewsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String COUNTS = "CREATE MATERIALIZED VIEW counts AS SELECT usr, COUNT(*) AS n FROM clicks GROUP BY usr";

  @TempDir Path dir;

  @Test
  void aViewAnswersAtOnceFromItsRowsAndKeepsThemAcrossRestarts() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM clicks (usr VARCHAR, page VARCHAR); INSERT INTO clicks VALUES ('a', 'x'), ('b', 'x'), ('a', 'y')");
      StatementResult created = runnel.execute(COUNTS);
      assertTrue(created.toString().contains("Created materialized view counts"), created.toString());
      runnel.execute("INSERT INTO clicks VALUES ('a', 'z')");
      // the next statement sees the insert counted: it waits for the view's query, then reads its rows
      assertEquals(List.of("[b, 1]", "[a, 3]"), answer(runnel, "SELECT * FROM counts"));
      assertEquals(List.of("[3]"), answer(runnel, "SELECT n FROM counts WHERE usr = 'a'"));
      assertEquals(List.of(), answer(runnel, "SELECT n FROM counts WHERE usr = 'nobody'"));
      assertEquals(List.of("[4]"), answer(runnel, "SELECT SUM(n) AS total FROM counts"));
      MaterializedView view = runnel.view("counts");
      assertEquals(List.of("usr"), view.key());
      assertEquals(Optional.of(List.of("a", 3L)), view.lookup("a"));
      assertEquals(Optional.empty(), view.lookup("zz"));
      assertEquals(List.of(List.of("b", 1L), List.of("a", 3L)), view.scan());
      assertEquals(List.of("counts", "CREATE MATERIALIZED VIEW counts AS SELECT usr, COUNT(*) AS n FROM clicks GROUP BY usr"), showViews(runnel).get(0));
    }
    try (Runnel runnel = Runnel.open(dir)) {
      assertEquals(List.of("[b, 1]", "[a, 3]"), answer(runnel, "SELECT * FROM counts"));
      runnel.execute("INSERT INTO clicks VALUES ('b', 'q'), ('c', 'q')");
      MaterializedView view = runnel.view("counts");
      assertTrue(view.sync(WAIT));
      assertEquals(Optional.of(List.of("b", 2L)), view.lookup("b"));
      assertEquals(List.of(List.of("a", 3L), List.of("b", 2L), List.of("c", 1L)), view.scan());
      // each change of the query is in the view's changelog once, across the restart
      assertEquals(
          List.of("+I[a, 1]", "+I[b, 1]", "-U[a, 1]", "+U[a, 2]", "-U[a, 2]", "+U[a, 3]", "-U[b, 1]", "+U[b, 2]", "+I[c, 1]"),
          changelog(view));
    }
  }

  @Test
  void emitChangesGivesTheRowsThenEveryChange() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM clicks (usr VARCHAR, page VARCHAR); INSERT INTO clicks VALUES ('a', 'x');" + COUNTS);
      try (QueryHandle q = runnel.query("SELECT usr, n FROM counts EMIT CHANGES")) {
        List<Change> changes = Subscriptions.collect(q);
        assertTrue(q.sync(WAIT));
        runnel.execute("INSERT INTO clicks VALUES ('a', 'y')");
        assertTrue(runnel.view("counts").sync(WAIT));
        assertTrue(q.sync(WAIT));
        assertEquals(List.of("+I[a, 1]", "-U[a, 1]", "+U[a, 2]"), strings(changes));
        assertFalse(q.isDone(), "a subscription runs until cancelled");
      }
    }
  }

  @Test
  void aSubscriberThatComesBackMissesNothingAndSeesNothingTwice() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM clicks (usr VARCHAR, page VARCHAR); INSERT INTO clicks VALUES ('a', 'x'), ('b', 'x');" + COUNTS);
      MaterializedView view = runnel.view("counts");
      assertTrue(view.sync(WAIT));
      Recorder first = new Recorder();
      ViewPosition resumeAt;
      try (ViewSubscription s = view.subscribe(first)) {
        await(() -> first.snapshots.size() == 1);
        assertEquals(List.of(List.of(List.of("a", 1L), List.of("b", 1L))), first.snapshots);
        runnel.execute("INSERT INTO clicks VALUES ('a', 'y')");
        await(() -> first.changes.size() == 2);
        resumeAt = s.position();
      }
      assertEquals(List.of("-U[a, 1]", "+U[a, 2]"), first.changes);
      assertEquals(new ViewPosition(resumeAt.version(), 4), resumeAt);
      runnel.execute("INSERT INTO clicks VALUES ('b', 'y'), ('c', 'y')"); // while nobody listens
      Recorder second = new Recorder();
      try (ViewSubscription s = view.subscribe(resumeAt, second)) {
        await(() -> second.changes.size() == 3);
        runnel.execute("INSERT INTO clicks VALUES ('c', 'z')");
        await(() -> second.changes.size() == 5);
        await(() -> second.caughtUp.contains("5@" + (resumeAt.change() + 5)));
      }
      assertEquals(List.of(), second.snapshots, "a position of the current version resumes without the rows");
      // a caught-up comes after the changes before the position it names, and after the last of them
      for (String c : List.copyOf(second.caughtUp)) {
        int had = Integer.parseInt(c.substring(0, c.indexOf('@')));
        assertEquals(resumeAt.change() + had, Long.parseLong(c.substring(c.indexOf('@') + 1)), c);
      }
      assertEquals(List.of("-U[b, 1]", "+U[b, 2]", "+I[c, 1]", "-U[c, 1]", "+U[c, 2]"), second.changes);
      RunnelException ahead = assertThrows(RunnelException.class, () -> view.subscribe(new ViewPosition(resumeAt.version(), 1_000), new Recorder()));
      assertEquals(ErrorCode.INVALID_INPUT, ahead.code());
    }
  }

  @Test
  void replacingAViewBuildsTheNewVersionAndSwapsReadersToIt() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM clicks (usr VARCHAR, page VARCHAR); INSERT INTO clicks VALUES ('a', 'x'), ('b', 'x'), ('a', 'y');" + COUNTS);
      MaterializedView view = runnel.view("counts");
      assertTrue(view.sync(WAIT));
      Recorder subscriber = new Recorder();
      try (ViewSubscription s = view.subscribe(subscriber)) {
        await(() -> subscriber.snapshots.size() == 1);
        StatementResult replaced =
            runnel.execute("CREATE OR REPLACE MATERIALIZED VIEW counts AS SELECT page, COUNT(*) AS n FROM clicks GROUP BY page");
        assertTrue(replaced.toString().contains("Replaced materialized view counts"), replaced.toString());
        // the same handle answers from the new version, which caught up before it took over
        assertEquals(List.of("page"), view.key());
        assertEquals(Optional.of(List.of("x", 2L)), view.lookup("x"));
        await(() -> subscriber.snapshots.size() == 2);
        assertEquals(List.of(List.of("x", 2L), List.of("y", 1L)), subscriber.snapshots.get(1));
        runnel.execute("INSERT INTO clicks VALUES ('c', 'y')");
        await(() -> subscriber.changes.size() == 2);
        assertEquals(List.of("-U[y, 1]", "+U[y, 2]"), subscriber.changes);
      }
      assertEquals(1, showQueries(runnel).size(), "the old version's query ended");
    }
    try (Runnel runnel = Runnel.open(dir)) {
      assertEquals(List.of("[x, 2]", "[y, 2]"), answer(runnel, "SELECT * FROM counts"));
      runnel.execute("INSERT INTO clicks VALUES ('d', 'x')");
      assertEquals(List.of("[3]"), answer(runnel, "SELECT n FROM counts WHERE page = 'x'"));
    }
  }

  @Test
  void aViewWithoutAKeyIsABagOfRowsAndViewsFeedViews() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "CREATE STREAM clicks (usr VARCHAR, page VARCHAR); INSERT INTO clicks VALUES ('a', 'x'), ('a', 'x'), ('b', 'y');"
              + "CREATE MATERIALIZED VIEW xs AS SELECT usr FROM clicks WHERE page = 'x';"
              + COUNTS + ";"
              + "CREATE MATERIALIZED VIEW busy AS SELECT COUNT(*) AS users FROM counts WHERE n > 1");
      assertEquals(List.of("[a]", "[a]"), answer(runnel, "SELECT * FROM xs"));
      assertEquals(List.of("[1]"), answer(runnel, "SELECT * FROM busy"));
      MaterializedView xs = runnel.view("xs");
      assertFalse(xs.keyed());
      RunnelException noKey = assertThrows(RunnelException.class, () -> xs.lookup("a"));
      assertEquals(ErrorCode.UNSUPPORTED, noKey.code());
      runnel.execute("INSERT INTO clicks VALUES ('b', 'z')");
      assertEquals(List.of("[2]"), answer(runnel, "SELECT * FROM busy"));
      assertEquals(Optional.of(List.of(2L)), runnel.view("busy").lookup(), "a global aggregate has one row, looked up by no key");
    }
  }

  @Test
  void aViewOverAFileIsCompleteWhenCreatedAndOneOverATableIsKeyedByItsKey() throws Exception {
    Path csv = java.nio.file.Files.writeString(dir.resolve("in.csv"), "1,a\n2,b\n1,c\n");
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      runnel.executeAll(
          "CREATE STREAM f (k BIGINT, s VARCHAR) WITH ('connector' = 'file', 'path' = '" + csv + "', 'format' = 'csv');"
              + "CREATE MATERIALIZED VIEW per_k AS SELECT k, COUNT(*) AS n FROM f GROUP BY k;"
              + "CREATE TABLE users (id BIGINT, city VARCHAR, PRIMARY KEY (id));"
              + "INSERT INTO users VALUES (1, 'Oslo'), (2, 'Rome');"
              + "CREATE MATERIALIZED VIEW oslo AS SELECT city, id FROM users WHERE city = 'Oslo'");
      // the query over the file ended: its view holds the whole result, and no query is left running
      assertEquals(List.of(List.of(2L, 1L), List.of(1L, 2L)), runnel.view("per_k").scan());
      assertEquals(List.of("q2"), showQueries(runnel).stream().map(r -> (String) r.get(0)).toList());
      MaterializedView oslo = runnel.view("oslo");
      assertEquals(List.of("id"), oslo.key());
      runnel.execute("INSERT INTO users VALUES (2, 'Oslo'), (1, 'Bergen')");
      assertTrue(oslo.sync(WAIT));
      assertEquals(Optional.of(List.of("Oslo", 2L)), oslo.lookup(2L));
      assertEquals(Optional.empty(), oslo.lookup(1L));
      assertEquals(List.of("[Oslo, 2]"), answer(runnel, "SELECT * FROM oslo"));
    }
  }

  @Test
  void aViewWhoseQueryNoLongerPlansKeepsItsRowsAndSaysWhy() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "CREATE STREAM clicks (usr VARCHAR, page VARCHAR); CREATE VIEW named AS SELECT usr FROM clicks WHERE usr <> '';"
              + "CREATE MATERIALIZED VIEW per_user AS SELECT usr, COUNT(*) AS n FROM named GROUP BY usr;"
              + "INSERT INTO clicks VALUES ('a', 'x')");
      assertTrue(runnel.view("per_user").sync(WAIT));
      runnel.execute("DROP VIEW named"); // the running query keeps its plan; planned again, it fails
    }
    try (Runnel runnel = Runnel.open(dir)) {
      List<Object> query = showQueries(runnel).get(0);
      assertEquals("FAILED", query.get(2));
      assertTrue(query.toString().contains("named"), query.toString());
      assertEquals(List.of("[a, 1]"), answer(runnel, "SELECT * FROM per_user"));
      assertEquals(Optional.of(List.of("a", 1L)), runnel.view("per_user").lookup("a"));
      // replacing it gives it a query that plans again
      runnel.execute("CREATE OR REPLACE MATERIALIZED VIEW per_user AS SELECT usr, COUNT(*) AS n FROM clicks GROUP BY usr");
      runnel.execute("INSERT INTO clicks VALUES ('a', 'y')");
      assertEquals(List.of("[a, 2]"), answer(runnel, "SELECT * FROM per_user"));
      assertEquals(List.of("RUNNING"), showQueries(runnel).stream().filter(r -> r.get(1).equals("VIEW")).map(r -> r.get(2)).toList());
    }
  }

  @Test
  void viewsRefuseWhatWouldBreakThem() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll("CREATE STREAM clicks (usr VARCHAR, page VARCHAR);" + COUNTS);
      assertEquals(ErrorCode.UNSUPPORTED, assertThrows(RunnelException.class, () -> runnel.execute("INSERT INTO counts VALUES ('a', 1)")).code());
      assertEquals(ErrorCode.DUPLICATE_OBJECT, assertThrows(RunnelException.class, () -> runnel.execute(COUNTS)).code());
      assertEquals(
          ErrorCode.DUPLICATE_OBJECT,
          assertThrows(RunnelException.class, () -> runnel.execute("CREATE OR REPLACE MATERIALIZED VIEW clicks AS SELECT 1 AS x FROM counts")).code());
      String reader = ((StatementResult.PersistentQuery) runnel.execute("CREATE MATERIALIZED VIEW big AS SELECT usr FROM counts WHERE n > 5")).handle().id();
      RunnelException drop = assertThrows(RunnelException.class, () -> runnel.execute("DROP MATERIALIZED VIEW counts"));
      assertTrue(drop.getMessage().contains("query " + reader + " reads it"), drop.getMessage());
      RunnelException replace = assertThrows(RunnelException.class, () -> runnel.execute("CREATE OR REPLACE MATERIALIZED VIEW counts AS SELECT usr, COUNT(*) AS n FROM clicks GROUP BY usr"));
      assertTrue(replace.getMessage().contains("cannot be replaced"), replace.getMessage());
      RunnelException kind = assertThrows(RunnelException.class, () -> runnel.execute("DROP VIEW counts"));
      assertTrue(kind.hint().contains("Use DROP MATERIALIZED VIEW"), kind.hint());
      runnel.execute("DROP MATERIALIZED VIEW big");
      runnel.execute("DROP MATERIALIZED VIEW counts");
      assertEquals(List.of(), showQueries(runnel));
      assertEquals(ErrorCode.UNKNOWN_RELATION, assertThrows(RunnelException.class, () -> runnel.view("counts")).code());
    }
    try (Runnel runnel = Runnel.open(dir)) {
      assertTrue(runnel.catalog().views().isEmpty());
      runnel.execute(COUNTS); // the name is free again, with a log of its own
      assertEquals(List.of(), answer(runnel, "SELECT * FROM counts"));
    }
  }

  /** The values of each row a query over views answers with; the query ends by itself. */
  private static List<String> answer(Runnel runnel, String sql) throws InterruptedException {
    try (QueryHandle q = runnel.query(sql)) {
      List<Change> changes = Subscriptions.collect(q);
      assertTrue(q.awaitTermination(WAIT), "a query over views' rows ends");
      assertEquals(null, q.failure());
      synchronized (changes) {
        return changes.stream().map(c -> c.values().toString()).toList();
      }
    }
  }

  /** The view's whole changelog, read by a subscription from its start. */
  private static List<String> changelog(MaterializedView view) throws InterruptedException {
    Recorder r = new Recorder();
    long end = view.position().change();
    try (ViewSubscription s = view.subscribe(new ViewPosition(view.position().version(), 0), r)) {
      await(() -> r.changes.size() == end);
    }
    return r.changes;
  }

  private static List<List<Object>> showViews(Runnel runnel) {
    return ((StatementResult.Table) runnel.execute("SHOW VIEWS")).rows();
  }

  private static List<List<Object>> showQueries(Runnel runnel) {
    return ((StatementResult.Table) runnel.execute("SHOW QUERIES")).rows();
  }

  private static List<String> strings(List<Change> changes) {
    synchronized (changes) {
      return changes.stream().map(Change::toString).toList();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  /** What a subscription hands over. */
  private static final class Recorder implements ViewListener {
    final List<List<List<Object>>> snapshots = Collections.synchronizedList(new ArrayList<>());
    final List<String> changes = Collections.synchronizedList(new ArrayList<>());
    /** After which change (how many had come) each caught-up came, and the position it named. */
    final List<String> caughtUp = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void caughtUp(ViewPosition next) {
      caughtUp.add(changes.size() + "@" + next.change());
    }

    @Override
    public void snapshot(ViewPosition position, List<List<Object>> rows) {
      snapshots.add(rows);
    }

    @Override
    public void change(ViewPosition position, Change change) {
      changes.add(change.toString());
    }
  }
}
