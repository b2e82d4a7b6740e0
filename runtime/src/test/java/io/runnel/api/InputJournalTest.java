package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.runtime.journal.InputJournal;
import io.runnel.runtime.log.Rolling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A query that reads two logs replays the order it read them in, from its input journal. */
class InputJournalTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int STEPS = 14;

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

  /**
   * The journal of a query checkpointing every 200 ms rolls every second: the cycles before the oldest
   * kept checkpoint go as it runs. Restored from that oldest checkpoint (the two newer ones torn), each
   * task replays its journal from the checkpoint's entry and the query writes what a run never stopped
   * writes, each row once.
   */
  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 2})
  void aTrimmedJournalReplaysFromTheOldestCheckpointKept(int parallelism) throws Exception {
    String setup = "SET 'journal.roll-cycle' = 'secondly'; SET 'parallelism' = '" + parallelism + "';" + String.format(WINDOWS_OVER_TWO_STREAMS, "200 ms");
    Path reference = dir.resolve("reference");
    try (Runnel runnel = Runnel.open(reference)) {
      runnel.executeAll(setup);
      for (int i = 0; i < STEPS + 4; i++) {
        step(runnel, insert(i));
      }
    }
    Path restarted = dir.resolve("restarted");
    List<Path> journals = parallelism == 1 ? List.of(restarted.resolve("journal/q1")) : List.of(restarted.resolve("journal/q1/0"), restarted.resolve("journal/q1/1"));
    List<String> firstFiles = new ArrayList<>();
    List<String> written;
    try (Runnel runnel = Runnel.open(restarted)) {
      runnel.executeAll(setup);
      for (int i = 0; i < STEPS; i++) {
        step(runnel, insert(i));
        if (i == 0) {
          for (Path journal : journals) {
            firstFiles.addAll(cycleFiles(journal));
          }
        }
        Thread.sleep(300); // a second's file every few steps, and checkpoints between them
      }
      written = outputs(runnel);
    }
    for (Path journal : journals) {
      List<String> files = cycleFiles(journal);
      for (String first : firstFiles) {
        assertFalse(files.contains(first), journal + " still holds " + first + ": " + files);
      }
      try (InputJournal j = InputJournal.open(journal, Rolling.SECONDLY)) {
        assertTrue(j.start() > 0, "trimmed");
      }
    }
    tearNewestCheckpoints(restarted.resolve("checkpoints/q1"), 2);
    try (Runnel runnel = Runnel.open(restarted)) {
      assertTrue(runnel.handle("q1").sync(WAIT));
      assertEquals(written, outputs(runnel), "the replay wrote nothing twice");
      for (int i = STEPS; i < STEPS + 4; i++) {
        step(runnel, insert(i));
      }
      assertEquals(List.of(), Subscriptions.rows(runnel, "SELECT reason FROM sys.errors WHERE reason NOT LIKE 'checkpoint%'"));
    }
    try (Runnel expected = Runnel.open(reference);
        Runnel actual = Runnel.open(restarted)) {
      assertEquals(outputs(expected), outputs(actual));
    }
  }

  /**
   * Insert {@code i}: a row of second {@code i} into a or b in turn, and every fifth insert a row three
   * seconds behind, late or not by where the watermarks of both are.
   */
  private static String insert(int i) {
    String stream = i % 2 == 0 ? "a" : "b";
    String row = "('k" + i % 3 + "', TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '" + i + "' SECOND)";
    String behind = i % 5 == 4 ? ", ('k" + i % 3 + "', TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '" + (i - 3) + "' SECOND)" : "";
    return "INSERT INTO " + stream + " VALUES " + row + behind;
  }

  /** The windows written and the late rows, each sorted: on two tasks the order they meet in depends on timing. */
  private static List<String> outputs(Runnel runnel) throws InterruptedException {
    List<String> out = new ArrayList<>(Subscriptions.rows(runnel, "SELECT * FROM out"));
    out.sort(null);
    List<String> late = new ArrayList<>(Subscriptions.rows(runnel, "SELECT rowtime, input FROM sys.late"));
    late.sort(null);
    out.add("late: " + late);
    return out;
  }

  private static List<String> cycleFiles(Path journal) throws java.io.IOException {
    try (var files = Files.list(journal)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
    }
  }

  /** Makes the newest {@code n} checkpoints torn, as a write the disk lost would leave them. */
  private static void tearNewestCheckpoints(Path checkpoints, int n) throws java.io.IOException {
    long newest = newestCheckpoint(checkpoints);
    for (long epoch = newest; epoch > newest - n; epoch--) {
      Path file = checkpoints.resolve(epoch + ".ckpt");
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
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
