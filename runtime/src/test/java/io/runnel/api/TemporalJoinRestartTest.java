package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Runnel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A persistent query joining a stream with the versions of one table (temporal join) and the current rows of
 * another (lookup join), stopped half way and started again, from its last checkpoint or, its checkpoints
 * gone, from the start of its input journal: it writes what a run that never stopped writes, nothing twice.
 */
class TemporalJoinRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SETUP =
      "CREATE STREAM orders (id BIGINT, cur VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);"
          + "CREATE TABLE rates (cur VARCHAR, rate BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, PRIMARY KEY (cur));"
          + "CREATE TABLE names (cur VARCHAR, name VARCHAR, PRIMARY KEY (cur));"
          + "CREATE STREAM priced (id BIGINT, rate BIGINT, name VARCHAR);"
          + "CREATE VIEW timed AS SELECT *, PROCTIME() AS pt FROM orders;"
          + "SET 'checkpoint.interval' = '50 ms';"
          + "INSERT INTO priced SELECT o.id, r.rate, n.name FROM timed o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.cur = r.cur"
          + " LEFT JOIN names FOR SYSTEM_TIME AS OF o.pt AS n ON o.cur = n.cur";
  /** The inserts, in order; the query stops after the first {@link #HALF}. */
  private static final List<String> STEPS =
      List.of(
          "INSERT INTO names VALUES ('e', 'euro')",
          "INSERT INTO rates VALUES ('e', 2, TIMESTAMP '2024-01-01 00:00:00'), ('u', 1, TIMESTAMP '2024-01-01 00:00:00')",
          "INSERT INTO orders VALUES (1, 'e', TIMESTAMP '2024-01-01 00:00:01'), (2, 'u', TIMESTAMP '2024-01-01 00:00:02')",
          "INSERT INTO rates VALUES ('e', 3, TIMESTAMP '2024-01-01 00:00:05')",
          "INSERT INTO orders VALUES (3, 'e', TIMESTAMP '2024-01-01 00:00:06')",
          "INSERT INTO names VALUES ('u', 'dollar')",
          "INSERT INTO orders VALUES (4, 'u', TIMESTAMP '2024-01-01 00:00:07')",
          "INSERT INTO rates VALUES ('e', 4, TIMESTAMP '2024-01-01 00:00:10'), ('u', 2, TIMESTAMP '2024-01-01 00:00:10')",
          "INSERT INTO orders VALUES (5, 'x', TIMESTAMP '2024-01-01 00:00:20')");
  private static final int HALF = 5;
  /**
   * An order is joined once the watermark of both sides passes its time. Orders 1 and 2 go when it passes
   * 00:00:02 (it is 00:00:05), with the rates valid at 00:00:01 and 00:00:02 and the names as they are then
   * (no dollar yet); order 3 when it passes 00:00:06 (00:00:07), with e's rate of 00:00:05; order 4 when it
   * passes 00:00:07 (00:00:10), with u's rate of 00:00:00, and both names. Order 5 has no rate.
   */
  private static final List<String> EXPECTED = List.of("[1, 2, euro]", "[2, 1, null]", "[3, 3, euro]", "[4, 1, dollar]");

  @TempDir Path dir;

  @ParameterizedTest(name = "checkpoints kept: {0}")
  @ValueSource(booleans = {true, false})
  void aRestartedQueryWritesWhatAnUnstoppedOneWrites(boolean keepCheckpoints) throws Exception {
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.executeAll(SETUP);
      for (String step : STEPS.subList(0, HALF)) {
        step(runnel, step);
      }
      assertEquals(EXPECTED.subList(0, 2), Subscriptions.rows(runnel, "SELECT * FROM priced"));
    }
    if (!keepCheckpoints) {
      Subscriptions.deleteRecursively(dir.resolve("checkpoints")); // as after a crash before any checkpoint
    }
    try (Runnel runnel = Runnel.open(dir)) {
      assertTrue(runnel.handle("q1").sync(WAIT));
      assertEquals(EXPECTED.subList(0, 2), Subscriptions.rows(runnel, "SELECT * FROM priced"), "nothing written twice");
      for (String step : STEPS.subList(HALF, STEPS.size())) {
        step(runnel, step);
      }
      assertEquals(EXPECTED, Subscriptions.rows(runnel, "SELECT * FROM priced"));
    }
  }

  private static void step(Runnel runnel, String insert) throws InterruptedException {
    runnel.execute(insert);
    assertTrue(runnel.handle("q1").sync(WAIT));
  }
}
