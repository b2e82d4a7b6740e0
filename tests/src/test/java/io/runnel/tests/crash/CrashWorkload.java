package io.runnel.tests.crash;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.runtime.query.RunningQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The process {@link CrashRecoveryIT} kills: an engine with persistent queries over streams it fills
 * itself. On one task: a window aggregate, an updating GROUP BY into a table, a second query reading the
 * first's output, and a window aggregate over two streams, which keeps an input journal. On two tasks,
 * whose rows cross between them by key and are gathered into the first: a window aggregate over the
 * one-partition stream (with late rows), and a window aggregate and a GROUP BY that divides by zero (with
 * errors) over a stream of two partitions, and a window aggregate with early results on processing time over
 * that stream into a table. Two materialized views, one on each: a GROUP BY of clicks, and one of the stream
 * of two partitions. The input journals of the queries that keep one roll every
 * second, so that checkpoints trim them as they run. The input is a function of the row number alone, and the
 * process goes on from the rows the logs hold, so every run, however often killed, appends the same rows
 * in the end; only how they are batched, and which partition of {@code wide} a batch goes to, differ.
 *
 * <p>{@code CrashWorkload <data dir> <rows> run|finish}: {@code run} appends until all rows are in and
 * then waits to be killed; both print {@code READY <rows>} once set up; {@code finish} appends the rest and a row to
 * each partition of {@code wide} that closes its windows, waits for the queries to catch up, prints
 * {@code FINISHED} and closes the engine.
 */
public final class CrashWorkload {
  /** The queries, each after the options it is started with. */
  static final List<String> QUERIES =
      List.of(
          // journals roll every second, so that checkpoints trim them while the process is killed around them
          "SET 'journal.roll-cycle' = 'secondly'",
          "SET 'checkpoint.interval' = '150 ms'",
          "INSERT INTO counts SELECT usr, COUNT(*) AS n, MAX(amount) AS top, window_start FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
              + " GROUP BY usr, window_start, window_end",
          "INSERT INTO totals SELECT usr, COUNT(*) AS n, SUM(amount) AS total FROM clicks GROUP BY usr",
          "INSERT INTO busy SELECT usr, n, window_start FROM counts WHERE n >= 3",
          "INSERT INTO mixed SELECT usr, COUNT(*) AS n, window_start FROM TABLE(TUMBLE(TABLE both_clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
              + " GROUP BY usr, window_start, window_end",
          "CREATE MATERIALIZED VIEW IF NOT EXISTS user_stats AS SELECT usr, COUNT(*) AS n, MAX(amount) AS top FROM clicks GROUP BY usr",
          // fewer checkpoints: a kill leaves more to replay, and some come before the first
          "SET 'parallelism' = '2'",
          "SET 'checkpoint.interval' = '700 ms'",
          "INSERT INTO counts2 SELECT usr, COUNT(*) AS n, MIN(amount) AS low, window_start FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
              + " GROUP BY usr, window_start, window_end",
          "INSERT INTO wide_counts SELECT usr, COUNT(*) AS n, SUM(amount) AS total, window_start FROM TABLE(TUMBLE(TABLE wide, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
              + " GROUP BY usr, window_start, window_end",
          "INSERT INTO wide_totals SELECT usr, COUNT(*) AS n, SUM(1300 / (amount % 13)) AS share FROM wide GROUP BY usr",
          "CREATE MATERIALIZED VIEW IF NOT EXISTS wide_stats AS SELECT usr, COUNT(*) AS n, SUM(amount) AS total FROM wide GROUP BY usr",
          // on the clock: early results every 50 ms of processing time, on two tasks, each journalling its own times
          "SET 'window.early-fire' = '50 ms'",
          "INSERT INTO early_counts SELECT usr, COUNT(*) AS n, window_start FROM TABLE(TUMBLE(TABLE wide, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
              + " GROUP BY usr, window_start, window_end");

  private CrashWorkload() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    long rows = Long.parseLong(args[1]);
    boolean finish = args[2].equals("finish");
    try (Runnel runnel = Runnel.open(data)) {
      setUp(runnel);
      long have = count(runnel, "clicks") + count(runnel, "clicks2") + count(runnel, "wide");
      System.out.println("READY " + have);
      System.out.flush();
      while (have < rows) {
        int n = (int) Math.min(rows - have, 1 + (have * 31 % 40));
        runnel.execute(insert(have, n));
        have += n;
        Thread.sleep(1);
      }
      if (!finish) {
        System.out.println("FILLED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
      closeWide(runnel, rows);
      for (String id : runnel.catalog().queries()) {
        if (!runnel.handle(id).sync(Duration.ofSeconds(60))) {
          throw new IllegalStateException("query " + id + " did not catch up");
        }
      }
      int parallel = 0;
      for (String id : runnel.catalog().queries()) {
        RunningQuery q = (RunningQuery) runnel.handle(id);
        parallel += !q.sql().startsWith("SELECT") && q.parallelism() > 1 ? 1 : 0;
      }
      if (parallel != 5) {
        throw new IllegalStateException(parallel + " persistent queries run on several tasks, not 5");
      }
      System.out.println("FINISHED");
    }
  }

  /** Creates what is missing: a process killed while setting up finishes the job when it starts again. */
  private static void setUp(Runnel runnel) {
    runnel.executeAll(
        "CREATE STREAM IF NOT EXISTS clicks (id BIGINT, usr VARCHAR, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '500' MILLISECOND);"
            + "CREATE STREAM IF NOT EXISTS counts (usr VARCHAR, n BIGINT, top BIGINT, window_start TIMESTAMP(3));"
            + "CREATE TABLE IF NOT EXISTS totals (usr VARCHAR, n BIGINT, total BIGINT, PRIMARY KEY (usr));"
            + "CREATE STREAM IF NOT EXISTS busy (usr VARCHAR, n BIGINT, window_start TIMESTAMP(3));"
            + "CREATE STREAM IF NOT EXISTS clicks2 (id BIGINT, usr VARCHAR, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '500' MILLISECOND);"
            // the rows of both streams that are in order: whichever way the two are interleaved, none is late
            + "CREATE VIEW IF NOT EXISTS both_clicks AS SELECT * FROM clicks WHERE id % 17 <> 0 UNION ALL SELECT * FROM clicks2;"
            + "CREATE STREAM IF NOT EXISTS mixed (usr VARCHAR, n BIGINT, window_start TIMESTAMP(3));"
            + "CREATE STREAM IF NOT EXISTS counts2 (usr VARCHAR, n BIGINT, low BIGINT, window_start TIMESTAMP(3));"
            + "CREATE STREAM IF NOT EXISTS wide (id BIGINT, usr VARCHAR, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '500' MILLISECOND)"
            + " WITH ('partitions' = '2');"
            + "CREATE STREAM IF NOT EXISTS wide_counts (usr VARCHAR, n BIGINT, total BIGINT, window_start TIMESTAMP(3));"
            + "CREATE TABLE IF NOT EXISTS wide_totals (usr VARCHAR, n BIGINT, share BIGINT, PRIMARY KEY (usr));"
            + "CREATE TABLE IF NOT EXISTS early_counts (usr VARCHAR, n BIGINT, window_start TIMESTAMP(3), PRIMARY KEY (usr, window_start))");
    List<List<Object>> shown = ((StatementResult.Table) runnel.execute("SHOW QUERIES")).rows();
    for (String sql : QUERIES) {
      if (sql.startsWith("SET")) {
        runnel.execute(sql);
      } else if (shown.stream().noneMatch(row -> sql.equals(row.get(11)))) {
        runnel.execute(sql);
      }
    }
  }

  /**
   * Rows {@code [from, from + n)}: a user, an amount and a time that depend on the row number alone. A
   * batch goes to clicks2, wide or clicks as its first row's number says; in clicks every 17th row is late.
   * In wide none is: its partitions' watermarks stand where the other's rows are, so whether a late row of
   * one partition is late where the rows meet would depend on how far the task of the other had read.
   */
  static String insert(long from, int n) {
    String stream = from * 7 % 3 == 0 ? "clicks2" : from % 5 == 1 ? "wide" : "clicks";
    boolean late = stream.equals("clicks");
    StringBuilder sql = new StringBuilder("INSERT INTO " + stream + " VALUES ");
    for (long i = from; i < from + n; i++) {
      long millis = i * 23 - (late && i % 17 == 0 ? 2_000 : 0);
      sql.append(i == from ? "" : ", ")
          .append('(').append(i).append(", 'u").append(i * 7 % 5).append("', ").append(i * 13 % 101)
          .append(", TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '").append(millis).append("' MILLISECOND)");
    }
    return sql.toString();
  }

  /**
   * Appends one row to each partition of {@code wide}, past every window the rows fill. A batch without a
   * key goes to the next partition in turn, counted from 0 each time the engine starts, so which partition
   * holds the last rows depends on the kills; the watermark where the partitions meet is the lower of
   * theirs, and without these rows which windows it closes at the end would depend on the kills too. Each
   * row has its own user: the GROUP BYs of wide then insert each once, however the two rows are batched.
   */
  private static void closeWide(Runnel runnel, long rows) {
    for (int partition = 0; partition < 2; partition++) {
      runnel.execute("INSERT INTO wide VALUES (" + (rows + partition) + ", 'end" + partition + "', 1, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '"
          + (rows * 23 + 10_000) + "' MILLISECOND)");
    }
  }

  private static long count(Runnel runnel, String stream) throws InterruptedException {
    try (QueryHandle q = runnel.query("SELECT COUNT(*) FROM " + stream, QueryOptions.fromEarliest())) {
      List<Change> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
      q.subscribe(changes::add);
      if (!q.sync(Duration.ofSeconds(60))) {
        throw new IllegalStateException("could not count the rows of " + stream);
      }
      return changes.isEmpty() ? 0 : (Long) changes.get(changes.size() - 1).values().get(0);
    }
  }
}
