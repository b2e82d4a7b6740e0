package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.runtime.journal.InputJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A query that reads two logs replays the order it read them in, from its input journal. */
class InputJournalTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Streams a and b, and q1: two-second windows over both; the format argument is its checkpoint interval. */
  private static final String WINDOWS_OVER_TWO_STREAMS =
      "CREATE STREAM a (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);"
          + "CREATE STREAM b (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);"
          + "CREATE STREAM out (k VARCHAR, n BIGINT, window_start TIMESTAMP(3));"
          + "CREATE VIEW ab AS SELECT * FROM a UNION ALL SELECT * FROM b;"
          + "SET 'checkpoint.interval' = '%s';"
          + "INSERT INTO out SELECT k, COUNT(*) AS n, window_start FROM TABLE(TUMBLE(TABLE ab, DESCRIPTOR(ts), INTERVAL '2' SECOND))"
          + " GROUP BY k, window_start, window_end";

  @TempDir Path dir;

  @Test
  void entriesReadBackInOrderFromAnyPosition() {
    try (InputJournal journal = InputJournal.open(dir.resolve("j"))) {
      journal.rows(1, 0, 1024);
      journal.watermark(1, 5_000);
      journal.rows(2, 1, 7);
      journal.idle(2);
      journal.watermark(2, Long.MAX_VALUE);
    }
    try (InputJournal journal = InputJournal.open(dir.resolve("j"));
        InputJournal.Replay replay = journal.replay(2)) {
      assertEquals(5, journal.size());
      assertEquals(new InputJournal.Entry(InputJournal.Kind.ROWS, 2, 1, 7), replay.next());
      assertEquals(new InputJournal.Entry(InputJournal.Kind.IDLE, 2, 0, 0), replay.next());
      assertEquals(new InputJournal.Entry(InputJournal.Kind.WATERMARK, 2, 0, Long.MAX_VALUE), replay.next());
      assertEquals(null, replay.next());
    }
  }

  @Test
  void aQueryOverTwoStreamsReplaysTheOrderItReadThemInAndWritesNothingTwice() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(String.format(WINDOWS_OVER_TWO_STREAMS, "0"));
      // read as they arrive: both of a's inserts, then b's. Read all at once, a's first insert and b's
      // would come first (a task takes one batch of each source a round), and the watermark, 00:00:05, would
      // make a's row at 00:00:03 late
      step(runnel, "INSERT INTO a VALUES ('x', TIMESTAMP '2024-01-01 00:00:01'), ('y', TIMESTAMP '2024-01-01 00:00:05')");
      step(runnel, "INSERT INTO a VALUES ('x', TIMESTAMP '2024-01-01 00:00:03')");
      step(runnel, "INSERT INTO b VALUES ('z', TIMESTAMP '2024-01-01 00:00:20')");
      assertEquals(List.of("[x, 1, 2024-01-01T00:00]", "[x, 1, 2024-01-01T00:00:02]"), Subscriptions.rows(runnel, "SELECT * FROM out"));
      assertEquals(List.of(), Subscriptions.rows(runnel, "SELECT * FROM sys.late"));
    }
    // as after a crash before the first checkpoint: the query starts over from the start of its input
    Subscriptions.deleteRecursively(dir.resolve("checkpoints"));
    try (Runnel runnel = Runnel.open(dir)) {
      QueryHandle q = runnel.handle("q1");
      assertTrue(q.sync(WAIT));
      assertEquals(4, q.stats().rowsIn(), "the journal's rows, then nothing new");
      assertEquals(List.of("[x, 1, 2024-01-01T00:00]", "[x, 1, 2024-01-01T00:00:02]"), Subscriptions.rows(runnel, "SELECT * FROM out"), "nothing written twice");
      assertEquals(List.of(), Subscriptions.rows(runnel, "SELECT * FROM sys.late"), "the row at 00:00:03 is not late in the replay either");
      runnel.execute("INSERT INTO a VALUES ('w', TIMESTAMP '2024-01-01 00:00:40')");
      step(runnel, "INSERT INTO b VALUES ('z', TIMESTAMP '2024-01-01 00:00:40')");
      assertEquals(
          List.of("[x, 1, 2024-01-01T00:00]", "[x, 1, 2024-01-01T00:00:02]", "[y, 1, 2024-01-01T00:00:04]", "[z, 1, 2024-01-01T00:00:20]"),
          Subscriptions.rows(runnel, "SELECT * FROM out"),
          "after the journal the query reads freely");
    }
  }

  @Test
  void aReplayFromAnEarlierCheckpointMeetsTheWatermarkOfAnInputThatDidNotMoveSince() throws Exception {
    Path checkpoints = dir.resolve("checkpoints/q1");
    long kept;
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(String.format(WINDOWS_OVER_TWO_STREAMS, "1 s"));
      step(runnel, "INSERT INTO a VALUES ('x', TIMESTAMP '2024-01-01 00:00:01')");
      step(runnel, "INSERT INTO b VALUES ('z', TIMESTAMP '2024-01-01 00:00:20')");
      Thread.sleep(1_500); // a checkpoint: a's watermark 00:00:01, b's 00:00:20
      kept = newestCheckpoint(checkpoints);
      step(runnel, "INSERT INTO a VALUES ('y', TIMESTAMP '2024-01-01 00:00:10')"); // the window at 00:00:00 closes
      step(runnel, "INSERT INTO a VALUES ('x', TIMESTAMP '2024-01-01 00:00:01.500')"); // late
    }
    // as if the process had died before any later checkpoint: b's watermark is in none of the journal's
    // entries after the one kept, since it did not move
    try (var files = Files.list(checkpoints)) {
      for (Path f : files.toList()) {
        if (Long.parseLong(f.getFileName().toString().replace(".ckpt", "")) > kept) {
          Files.delete(f);
        }
      }
    }
    try (Runnel runnel = Runnel.open(dir)) {
      step(runnel, "INSERT INTO a VALUES ('w', TIMESTAMP '2024-01-01 00:00:01.200')"); // late too
      assertEquals(List.of("[x, 1, 2024-01-01T00:00]"), Subscriptions.rows(runnel, "SELECT * FROM out"));
      assertEquals(2, Subscriptions.rows(runnel, "SELECT * FROM sys.late").size(), "both late rows, once each");
    }
  }

  private static long newestCheckpoint(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.mapToLong(f -> Long.parseLong(f.getFileName().toString().replace(".ckpt", ""))).max().orElseThrow();
    }
  }

  private static void step(Runnel runnel, String insert) throws InterruptedException {
    runnel.execute(insert);
    assertTrue(runnel.handle("q1").sync(WAIT));
  }

}
