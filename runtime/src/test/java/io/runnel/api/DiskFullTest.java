package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.runtime.log.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A persistent query whose target's disk fills up fails with the reason, and resumes once space is back. */
class DiskFullTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int ROWS = 10_000;
  private static final int BATCH = 1_000;
  private static final String PAD = "-".repeat(60); // so that the query's output takes room

  @TempDir Path tmp;

  @Test
  void aQueryFailedOnAFullDiskIsListedWithTheReasonAndResumesExactlyOnceWhenSpaceIsBack() throws Exception {
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      try (SmallDisk disk = SmallDisk.mount(tmp, 8)) {
        try (Runnel runnel = Runnel.open(disk.dir().resolve("data"))) {
          runnel.executeAll("CREATE STREAM src (x BIGINT, pad VARCHAR); CREATE STREAM out (x BIGINT, pad VARCHAR)");
          for (long from = 0; from < ROWS; from += BATCH) {
            List<List<Object>> rows = new ArrayList<>();
            for (long x = from; x < from + BATCH; x++) {
              rows.add(List.of(x, PAD + x));
            }
            runnel.insert("src", rows);
          }
          // leave room for a few of the query's batches only, beyond the reserve a log keeps
          Path filler = disk.dir().resolve("filler");
          long usable = Files.getFileStore(disk.dir()).getUsableSpace();
          Files.write(filler, new byte[(int) (usable - (1 << 20) - 48 * 1024)]);
          Thread.sleep(1_000); // the logs ask for the free space again at most every 500 ms: let them see the filler

          String id = ((StatementResult.PersistentQuery) runnel.execute("INSERT INTO out SELECT x, pad FROM src")).handle().id();
          List<Object> failed = awaitQuery(runnel, row -> "FAILED".equals(row.get(2)));
          assertTrue(String.valueOf(failed.get(12)).startsWith("RUN-1604: No space left for "), String.valueOf(failed.get(12)));

          Files.delete(filler); // space is back: the query starts again by itself
          awaitQuery(runnel, row -> "RUNNING".equals(row.get(2)));
          assertTrue(runnel.handle(id).sync(WAIT));
          List<Long> expected = new ArrayList<>();
          for (long x = 0; x < ROWS; x++) {
            expected.add(x);
          }
          assertEquals(expected, xs(runnel, "SELECT x FROM out"), "every row once, in order");
        }
      }
    });
  }

  /** Waits for SHOW QUERIES's only row to match; returns it. */
  private static List<Object> awaitQuery(Runnel runnel, Predicate<List<Object>> done) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<Object> row = null;
    while (System.nanoTime() < deadline) {
      row = ((StatementResult.Table) runnel.execute("SHOW QUERIES")).rows().get(0);
      if (done.test(row)) {
        return row;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the query never got there: " + row);
  }

  private static List<Long> xs(Runnel runnel, String sql) throws InterruptedException {
    return Subscriptions.changes(runnel, sql).stream().map(c -> (Long) c.values().get(0)).toList();
  }
}
