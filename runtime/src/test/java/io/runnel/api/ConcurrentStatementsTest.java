package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.MaterializedView;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement that waits long (here an insert from a file whose rows go through a function that blocks
 * until the test lets it go) holds no engine-wide lock while it waits: other statements, inserts, reads of
 * views and of the catalog run meanwhile, each in its own session.
 */
class ConcurrentStatementsTest {
  private static final long WAIT_SECONDS = 20;

  @TempDir Path dir;

  @Test
  void otherStatementsInsertsAndReadsRunWhileAnInsertFromAFileWaits() throws Exception {
    GateFunction.close(TimeUnit.SECONDS.toMillis(WAIT_SECONDS * 2));
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, "1\n2\n3\n");
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      runnel.executeAll(
          "CREATE FUNCTION gate AS '" + GateFunction.class.getName() + "';"
              + "CREATE STREAM f (x BIGINT) WITH ('connector' = 'file', 'path' = '" + csv + "', 'format' = 'csv');"
              + "CREATE STREAM b (x BIGINT);"
              + "CREATE STREAM t (k BIGINT, v BIGINT);"
              + "CREATE MATERIALIZED VIEW totals AS SELECT k, SUM(v) AS total FROM t GROUP BY k");
      CompletableFuture<StatementResult> slow = CompletableFuture.supplyAsync(() -> runnel.session().execute("INSERT INTO b SELECT gate(x) FROM f"));
      assertTrue(GateFunction.reached(WAIT_SECONDS), "the insert never reached its function");
      try {
        CompletableFuture<Void> others = CompletableFuture.runAsync(() -> {
          runnel.session().executeAll("SET 'read.wait' = '5 s'; CREATE STREAM c (x BIGINT); INSERT INTO t VALUES (1, 10)");
          runnel.insert("t", List.of(List.of(1L, 5L), List.of(2L, 7L)));
          MaterializedView totals = runnel.view("totals");
          try {
            assertTrue(totals.sync(java.time.Duration.ofSeconds(WAIT_SECONDS)), "the view did not catch up");
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          assertEquals(List.of(1L, 15L), totals.lookup(1L).orElseThrow());
          assertTrue(runnel.catalog().streams().containsKey("c"));
          StatementResult.Table queries = (StatementResult.Table) runnel.execute("SHOW QUERIES");
          assertTrue(queries.rows().stream().anyMatch(r -> r.toString().contains("gate(x)")), "the waiting insert is listed: " + queries.rows());
        });
        others.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertFalse(slow.isDone(), "the insert finished before its gate opened");
      } finally {
        GateFunction.open();
      }
      assertEquals("Inserted 3 rows into b", ((StatementResult.Ok) slow.get(WAIT_SECONDS, TimeUnit.SECONDS)).message());
    }
  }
}
