package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A persistent query resumes from its last checkpoint: its state restored, its input read on from there. */
class CheckpointRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SETUP =
      "CREATE STREAM clicks (usr VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);"
          + "CREATE STREAM counts (usr VARCHAR, n BIGINT, window_start TIMESTAMP(3));"
          + "SET 'checkpoint.interval' = '0';"
          + "INSERT INTO counts SELECT usr, COUNT(*) AS n, window_start FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
          + " GROUP BY usr, window_start, window_end";

  @TempDir Path dir;

  @Test
  void aQueryStoppedCleanlyResumesFromItsCheckpointWithItsOpenWindows() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(SETUP);
      runnel.execute(insert(0, 100)); // 100 clicks in the window at 00:00:00, which stays open
      assertTrue(runnel.handle("q1").sync(WAIT));
    }
    assertTrue(Files.exists(dir.resolve("checkpoints/q1/1.ckpt")), "closing the engine checkpointed the query");
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("INSERT INTO clicks VALUES ('a', TIMESTAMP '2024-01-01 00:00:05'), ('a', TIMESTAMP '2024-01-01 00:00:20')");
      QueryHandle q = runnel.handle("q1");
      assertTrue(q.sync(WAIT));
      assertEquals(2, q.stats().rowsIn(), "only the rows after the checkpoint were read again");
      assertEquals(List.of("[a, 101, 2024-01-01T00:00]"), rows(runnel, "SELECT * FROM counts"), "the open window's 100 rows came from the checkpoint");
      List<List<Object>> shown = ((StatementResult.Table) runnel.execute("SHOW QUERIES")).rows();
      assertTrue(shown.get(0).get(10).toString().startsWith("epoch 1, "), "SHOW QUERIES names the checkpoint restored: " + shown.get(0));
    }
  }

  @Test
  void anIdleQueryWritesNoCheckpointsUntilItTakesInputAgain() throws Exception {
    Path checkpoints = dir.resolve("checkpoints/q1");
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(SETUP.replace("'checkpoint.interval' = '0'", "'checkpoint.interval' = '100 ms'"));
      runnel.execute(insert(0, 3));
      assertTrue(runnel.handle("q1").sync(WAIT));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (checkpointCount(checkpoints) == 0) {
        assertTrue(System.nanoTime() < deadline, "no checkpoint of the rows taken");
        Thread.sleep(20);
      }
      Thread.sleep(300); // a checkpoint under way when the first appeared is written by now
      long afterInput = checkpointCount(checkpoints);
      Thread.sleep(1_000); // ten intervals with nothing new
      assertEquals(afterInput, checkpointCount(checkpoints), "an idle query checkpointed what it had already checkpointed");
      runnel.execute(insert(0, 1));
      assertTrue(runnel.handle("q1").sync(WAIT));
      while (checkpointCount(checkpoints) == afterInput) {
        assertTrue(System.nanoTime() < deadline, "no checkpoint of the row taken after the idle spell");
        Thread.sleep(20);
      }
    }
  }

  /** How many checkpoints were written (the store keeps the last three, so the newest epoch counts them). */
  private static long checkpointCount(Path checkpoints) throws java.io.IOException {
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (var files = Files.list(checkpoints)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ckpt")).mapToLong(n -> Long.parseLong(n.replace(".ckpt", ""))).max().orElse(0);
    }
  }

  @Test
  void aCheckpointOfAnotherPlanIsRefusedAndTheQueryRebuildsItsStateFromTheLog() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(SETUP);
      runnel.execute(insert(0, 3));
      runnel.execute("INSERT INTO clicks VALUES ('a', TIMESTAMP '2024-01-01 00:00:15')"); // closes the first window
      assertTrue(runnel.handle("q1").sync(WAIT));
    }
    // a checkpoint whose state belongs to another plan (as after an upgrade that plans the query anew)
    CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints/q1"));
    store.write(new Checkpoint(store.nextEpoch(), "another plan", List.of(new Checkpoint.Task(0, Map.of(), Map.of(), new long[0], Map.of(), Map.of()))));
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("INSERT INTO clicks VALUES ('b', TIMESTAMP '2024-01-01 00:00:30')");
      QueryHandle q = runnel.handle("q1");
      assertTrue(q.sync(WAIT));
      assertEquals(5, q.stats().rowsIn(), "replayed from the start");
      assertEquals(List.of("[a, 3, 2024-01-01T00:00]", "[a, 1, 2024-01-01T00:00:10]"), rows(runnel, "SELECT * FROM counts"), "each window once");
      List<String> reasons = rows(runnel, "SELECT reason FROM sys.errors");
      assertEquals(1, reasons.size(), reasons.toString());
      assertTrue(reasons.get(0).contains("another plan"), reasons.toString());
    }
  }

  @Test
  void aCorruptNewestCheckpointIsSkippedForTheOneBefore() throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(SETUP);
      runnel.execute(insert(0, 5));
      assertTrue(runnel.handle("q1").sync(WAIT));
    }
    try (Runnel runnel = Runnel.open(dir)) { // checkpoint 2, with the same five rows read
      assertTrue(runnel.handle("q1").sync(WAIT));
    }
    Path newest = dir.resolve("checkpoints/q1/2.ckpt");
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(newest, bytes);
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("INSERT INTO clicks VALUES ('a', TIMESTAMP '2024-01-01 00:00:30')");
      assertTrue(runnel.handle("q1").sync(WAIT));
      assertEquals(1, runnel.handle("q1").stats().rowsIn(), "restored from checkpoint 1");
      assertEquals(List.of("[a, 5, 2024-01-01T00:00]"), rows(runnel, "SELECT * FROM counts"));
      List<String> reasons = rows(runnel, "SELECT reason FROM sys.errors");
      assertTrue(reasons.size() == 1 && reasons.get(0).contains("2.ckpt skipped: corrupt checkpoint"), reasons.toString());
    }
  }

  /** The rows of {@code sql}: a lone value as itself, several as {@code [a, b]}. */
  private static List<String> rows(Runnel runnel, String sql) throws InterruptedException {
    return Subscriptions.changes(runnel, sql).stream().map(c -> c.values().size() == 1 ? String.valueOf(c.values().get(0)) : c.values().toString()).toList();
  }

  /** {@code count} clicks of user a in the first second of 2024, from millisecond {@code from} on. */
  private static String insert(int from, int count) {
    StringBuilder sql = new StringBuilder("INSERT INTO clicks VALUES ");
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "" : ", ").append("('a', TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '").append(from + i).append("' MILLISECOND)");
    }
    return sql.toString();
  }

}
