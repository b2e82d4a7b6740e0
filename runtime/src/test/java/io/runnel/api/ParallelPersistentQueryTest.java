package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.Runnel;
import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.CheckpointStore;
import io.runnel.runtime.query.RunningQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent queries on two tasks over a stream of two partitions: rows cross between the tasks to meet by
 * key and are gathered into the first, in an order that depends on timing. Stopped and opened again
 * mid-stream, restored from their last checkpoint, from an older one or from none, they write exactly what
 * a run that was never stopped writes: their result, their late rows and their errors, each once.
 */
class ParallelPersistentQueryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int PHASES = 6;
  private static final int INSERTS_PER_PHASE = 16;
  private static final int ROWS_PER_INSERT = 8;
  private static final long MILLIS_PER_ROW = 20;

  private static final String SETUP =
      "CREATE STREAM clicks (id BIGINT, usr VARCHAR, amount BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '500' MILLISECOND)"
          + " WITH ('partitions' = '2');"
          + "CREATE STREAM counts (usr VARCHAR, n BIGINT, share BIGINT, window_start TIMESTAMP(3));"
          + "CREATE TABLE totals (usr VARCHAR, n BIGINT, total BIGINT, PRIMARY KEY (usr));"
          + "SET 'parallelism' = '2';"
          + "SET 'checkpoint.interval' = '100 ms';"
          // rows whose amount is a multiple of 13 divide by zero: errors, in the task that reads them
          + "INSERT INTO counts SELECT usr, COUNT(*) AS n, SUM(1300 / (amount % 13)) AS share, window_start"
          + " FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY usr, window_start, window_end;"
          + "INSERT INTO totals SELECT usr, COUNT(*) AS n, SUM(amount) AS total FROM clicks GROUP BY usr";

  /** What the queries wrote; sorted, since which task's rows task 0 gathered first depends on timing. */
  private static final List<String> OUTPUTS =
      List.of(
          "SELECT * FROM counts",
          "SELECT * FROM totals",
          // the watermark a late row missed is the least over the tasks when it came, which depends on timing
          "SELECT source, rowtime, input FROM sys.late",
          "SELECT source, reason, input FROM sys.errors WHERE reason NOT LIKE 'checkpoint%'");

  @TempDir Path dir;

  @Test
  void stoppedAndRestoredFromACheckpointAnOlderOneOrNoneTheyWriteWhatAnUninterruptedRunWrites() throws Exception {
    Path reference = dir.resolve("reference");
    try (Runnel runnel = Runnel.open(reference)) {
      runnel.executeAll(SETUP);
      for (int phase = 0; phase < PHASES; phase++) {
        phase(runnel, phase);
      }
      sync(runnel);
    }
    Path restarted = dir.resolve("restarted");
    for (int phase = 0; phase < PHASES; phase++) {
      try (Runnel runnel = Runnel.open(restarted)) {
        if (phase == 0) {
          runnel.executeAll(SETUP);
        }
        assertEquals(2, ((RunningQuery) runnel.handle("q1")).parallelism());
        phase(runnel, phase); // closed without waiting for the queries: they stop mid-stream
      }
      switch (phase % 3) {
        case 0 -> deleteNewestCheckpoints(restarted, 1); // restored from the one before the last
        case 1 -> Subscriptions.deleteRecursively(restarted.resolve("checkpoints")); // replayed from the start
        default -> {} // restored from the last, taken when the engine closed
      }
    }
    try (Runnel runnel = Runnel.open(restarted)) {
      sync(runnel);
    }
    assertSameOutputs(reference, restarted);
  }

  @Test
  void aCheckpointOfAnotherParallelismIsRefusedAndTheQueryRebuildsItsStateFromItsJournals() throws Exception {
    Path reference = dir.resolve("reference");
    try (Runnel runnel = Runnel.open(reference)) {
      runnel.executeAll(SETUP);
      phase(runnel, 0);
      phase(runnel, 1);
      sync(runnel);
    }
    Path restarted = dir.resolve("restarted");
    try (Runnel runnel = Runnel.open(restarted)) {
      runnel.executeAll(SETUP);
      phase(runnel, 0);
    }
    // the state of one task, as if the query had run on one
    CheckpointStore store = new CheckpointStore(restarted.resolve("checkpoints/q1"));
    Checkpoint last = store.latest((file, reason) -> { throw new AssertionError(reason); }).orElseThrow();
    store.write(new Checkpoint(store.nextEpoch(), last.plan(), List.of(last.tasks().get(0))));
    try (Runnel runnel = Runnel.open(restarted)) {
      phase(runnel, 1);
      sync(runnel);
      List<String> reasons = Subscriptions.rows(runnel, "SELECT reason FROM sys.errors WHERE reason LIKE 'checkpoint%'");
      assertEquals(1, reasons.size(), reasons.toString());
      assertTrue(reasons.get(0).contains("holds the state of 1 tasks, the query runs on 2"), reasons.toString());
    }
    assertSameOutputs(reference, restarted);
  }

  /**
   * One phase of the input: inserts of rows in time order, each insert to the next partition, without
   * waiting for the queries; then, once they have caught up, rows two seconds behind, which are late
   * whichever task they meet, since both partitions' watermarks are past them.
   */
  private static void phase(Runnel runnel, int phase) throws InterruptedException {
    for (int i = 0; i < INSERTS_PER_PHASE; i++) {
      long first = ((long) phase * INSERTS_PER_PHASE + i) * ROWS_PER_INSERT;
      StringBuilder sql = new StringBuilder("INSERT INTO clicks VALUES ");
      for (long id = first; id < first + ROWS_PER_INSERT; id++) {
        sql.append(id == first ? "" : ", ").append(row(id, id * MILLIS_PER_ROW));
      }
      runnel.execute(sql.toString());
    }
    if (phase > 0) {
      sync(runnel);
      long now = (long) phase * INSERTS_PER_PHASE * ROWS_PER_INSERT * MILLIS_PER_ROW;
      for (int k = 0; k < 2; k++) { // one insert to each partition
        runnel.execute("INSERT INTO clicks VALUES " + row(1_000_000 + phase * 10 + k, now - 2_000 + k));
      }
    }
  }

  private static String row(long id, long millis) {
    return "(" + id + ", 'u" + id * 7 % 5 + "', " + id * 11 % 97 + ", TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '" + millis + "' MILLISECOND)";
  }

  private static void sync(Runnel runnel) throws InterruptedException {
    for (String id : List.of("q1", "q2")) {
      assertTrue(runnel.handle(id).sync(WAIT), id + " caught up");
    }
  }

  private static void assertSameOutputs(Path reference, Path restarted) throws InterruptedException {
    try (Runnel expected = Runnel.open(reference);
        Runnel actual = Runnel.open(restarted)) {
      for (String sql : OUTPUTS) {
        List<String> want = content(expected, sql);
        assertFalse(want.isEmpty(), "the workload gives rows for " + sql);
        assertEquals(want, content(actual, sql), sql);
      }
    }
  }

  /**
   * The rows {@code sql}'s changes leave, sorted. A table's log holds the versions written since it was last
   * compacted, when the engine opened, and how many rows a query had still to write when it stopped decides
   * which versions those are: its changes differ from run to run, the rows they leave do not.
   */
  private static List<String> content(Runnel runnel, String sql) throws InterruptedException {
    List<String> rows = new ArrayList<>();
    for (Change change : Subscriptions.changes(runnel, sql)) {
      if (change.kind().isAccumulate()) {
        rows.add(change.values().toString());
      } else {
        assertTrue(rows.remove(change.values().toString()), "a retraction of a row that is there: " + change);
      }
    }
    return sorted(rows);
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }

  /** Deletes the newest {@code n} checkpoints of each query, as if it had died before taking them. */
  private static void deleteNewestCheckpoints(Path data, int n) throws java.io.IOException {
    try (Stream<Path> queries = Files.list(data.resolve("checkpoints"))) {
      for (Path query : queries.toList()) {
        List<Path> files;
        try (Stream<Path> f = Files.list(query)) {
          files = f.sorted((a, b) -> Long.compare(epoch(a), epoch(b))).toList();
        }
        for (int i = Math.max(0, files.size() - n); i < files.size(); i++) {
          Files.delete(files.get(i));
        }
      }
    }
  }

  private static long epoch(Path file) {
    return Long.parseLong(file.getFileName().toString().replace(".ckpt", ""));
  }
}
