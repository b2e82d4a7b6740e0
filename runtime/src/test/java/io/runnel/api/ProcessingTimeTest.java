package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.EngineConfig;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.operators.batch.RowKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROCTIME() reads the engine's clock; windows over it close when the clock passes their end. */
class ProcessingTimeTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();

  private Runnel open() {
    Runnel runnel = Runnel.open(dir, EngineConfig.defaults().withClock(clock));
    runnel.execute("CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3))");
    runnel.execute("CREATE VIEW b AS SELECT *, PROCTIME() AS p_time FROM bid");
    return runnel;
  }


  @Test
  void proctimeIsTheClockWhenTheRowIsProcessed() throws Exception {
    try (Runnel runnel = open();
        QueryHandle q = runnel.query("SELECT bidder, p_time FROM b")) {
      List<Change> changes = Subscriptions.collect(q);
      clock.advance(Duration.ofMillis(1234));
      runnel.execute("INSERT INTO bid VALUES (1, 7, 10, TIMESTAMP '2020-01-01 00:00:00')");
      assertTrue(q.sync(WAIT));
      assertEquals(List.of(new Change(RowKind.INSERT, List.of(7L, ManualClock.START.plusMillis(1234)))), changes);
    }
  }

  /** Nexmark q12 as written: bids per bidder in 10-second windows of processing time. */
  @Test
  void aProcessingTimeWindowClosesWhenTheClockPassesItsEnd() throws Exception {
    try (Runnel runnel = open();
        QueryHandle q =
            runnel.query(
                "SELECT bidder, count(*) as bid_count, window_start AS starttime, window_end AS endtime"
                    + " FROM TABLE(TUMBLE(TABLE b, DESCRIPTOR(p_time), INTERVAL '10' SECOND)) GROUP BY bidder, window_start, window_end")) {
      List<Change> changes = Subscriptions.collect(q);
      clock.advance(Duration.ofSeconds(3));
      runnel.execute("INSERT INTO bid VALUES (1, 7, 10, TIMESTAMP '2020-01-01 00:00:00'), (1, 8, 11, TIMESTAMP '2020-01-01 00:00:00')");
      runnel.execute("INSERT INTO bid VALUES (2, 7, 12, TIMESTAMP '2020-01-01 00:00:00')");
      assertTrue(q.sync(WAIT));
      clock.advance(Duration.ofMillis(6999)); // 00:00:09.999: the window [0 s, 10 s) is still open
      assertTrue(q.sync(WAIT));
      assertEquals(List.of(), changes);
      clock.advance(Duration.ofMillis(1));
      runnel.execute("INSERT INTO bid VALUES (3, 7, 13, TIMESTAMP '2020-01-01 00:00:00')"); // the next window
      assertTrue(q.sync(WAIT));
      LocalDateTime start = LocalDateTime.parse("2024-01-01T00:00:00");
      LocalDateTime end = start.plusSeconds(10);
      assertEquals(List.of(new Change(RowKind.INSERT, List.of(7L, 2L, start, end)), new Change(RowKind.INSERT, List.of(8L, 1L, start, end))), changes);
      clock.advance(Duration.ofSeconds(10));
      assertTrue(q.sync(WAIT));
      assertEquals(new Change(RowKind.INSERT, List.of(7L, 1L, end, end.plusSeconds(10))), changes.get(2));
    }
  }

  @Test
  void explainSaysTheWindowFiresByTheClock() {
    try (Runnel runnel = open()) {
      StatementResult.Plan plan =
          (StatementResult.Plan)
              runnel.execute("EXPLAIN SELECT COUNT(*) AS n FROM TABLE(TUMBLE(TABLE b, DESCRIPTOR(p_time), INTERVAL '10' SECOND)) GROUP BY window_start, window_end");
      assertTrue(plan.text().contains("time=processing") && plan.text().contains("when the clock passes window_end"), plan.text());
      assertTrue(plan.text().contains("time=[p_time, processing time]"), plan.text());
    }
  }
}
