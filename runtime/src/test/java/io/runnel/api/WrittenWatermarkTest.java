package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Runnel;
import io.runnel.StatementResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code INSERT INTO s WATERMARK TIMESTAMP '...'}: a watermark that is an entry of the stream's log. */
class WrittenWatermarkTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void aPersistentQueryMeetsTheWatermarkWhereItWasWrittenAndReplaysItThere() throws Exception {
    List<String> out;
    List<String> late;
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(
          "CREATE STREAM clicks (usr VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('partitions' = '2');"
              + "CREATE STREAM out (usr VARCHAR, n BIGINT, window_start TIMESTAMP(3));"
              + "SET 'checkpoint.interval' = '0';"
              + "INSERT INTO out SELECT usr, COUNT(*), window_start FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
              + " GROUP BY usr, window_start, window_end");
      // one insert at a time, so that the rows, the watermark and the row behind it are read in that order
      step(runnel, "INSERT INTO clicks VALUES ('a', TIMESTAMP '2024-01-01 00:00:01'), ('b', TIMESTAMP '2024-01-01 00:00:02')");
      step(runnel, "INSERT INTO clicks WATERMARK TIMESTAMP '2024-01-01 00:00:10'");
      step(runnel, "INSERT INTO clicks VALUES ('c', TIMESTAMP '2024-01-01 00:00:03'), ('c', TIMESTAMP '2024-01-01 00:00:13')");
      out = Subscriptions.rows(runnel, "SELECT * FROM out");
      late = Subscriptions.rows(runnel, "SELECT input FROM sys.late");
      assertEquals(List.of("[a, 1, 2024-01-01T00:00]", "[b, 1, 2024-01-01T00:00]"), out, "the watermark written closed the first window");
      assertEquals(List.of("[[c, 2024-01-01 00:00:00.000, 2024-01-01 00:00:10.000]]"), late, "the row behind it is late");
      StatementResult written = runnel.execute("INSERT INTO clicks WATERMARK TIMESTAMP '2024-01-01 00:00:20'");
      assertEquals(new StatementResult.Ok("Watermark of clicks at 2024-01-01 00:00:20.000"), written);
      assertTrue(runnel.handle("q1").sync(WAIT));
      out = Subscriptions.rows(runnel, "SELECT * FROM out");
      assertEquals(List.of("[a, 1, 2024-01-01T00:00]", "[b, 1, 2024-01-01T00:00]", "[c, 1, 2024-01-01T00:00:10]"), out);
    }
    // as after a crash before the first checkpoint: the query replays its journal, watermarks included
    Subscriptions.deleteRecursively(dir.resolve("checkpoints"));
    try (Runnel runnel = Runnel.open(dir)) {
      assertTrue(runnel.handle("q1").sync(WAIT));
      assertEquals(out, Subscriptions.rows(runnel, "SELECT * FROM out"), "nothing written twice, nothing lost");
      assertEquals(late, Subscriptions.rows(runnel, "SELECT input FROM sys.late"));
    }
  }

  private static void step(Runnel runnel, String statement) throws InterruptedException {
    runnel.execute(statement);
    assertTrue(runnel.handle("q1").sync(WAIT));
  }
}
