package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.EngineConfig;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.operators.batch.RowKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stream options that shape a watermark: idle inputs and far-future event times, driven by a test clock. */
class WatermarkPolicyTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  @TempDir Path dir;

  private final ManualClock clock = new ManualClock();

  private Runnel open() {
    return Runnel.open(dir, EngineConfig.defaults().withClock(clock));
  }


  private static Change count(long n, String windowEnd) {
    return new Change(RowKind.INSERT, List.of(n, LocalDateTime.parse(windowEnd)));
  }

  private static final String UNION_COUNT =
      "SELECT COUNT(*) AS n, window_end FROM TABLE(TUMBLE(TABLE ab, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end";

  @Test
  void anInputWithoutRowsHoldsBackTheWatermarkUntilItsIdleTimeout() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM a (ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
      runnel.execute("CREATE STREAM b (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('watermark.idle-timeout' = '30 s')");
      runnel.execute("CREATE VIEW ab AS SELECT ts FROM a UNION ALL SELECT ts FROM b");
      try (QueryHandle q = runnel.query(UNION_COUNT)) {
        List<Change> changes = Subscriptions.collect(q);
        runnel.execute("INSERT INTO a VALUES (TIMESTAMP '2024-01-01 00:00:01'), (TIMESTAMP '2024-01-01 00:00:12')");
        assertTrue(q.sync(WAIT));
        clock.advance(Duration.ofSeconds(29));
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(), changes, "b has had no rows yet, but not for 30 s");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(count(1, "2024-01-01T00:00:10")), changes, "b is idle and no longer holds the window back");
        // b comes back: its rows count again and hold the watermark until they catch up (taken before a's
        // next row: a round that found both would take a's first, a source being read before b)
        runnel.execute("INSERT INTO b VALUES (TIMESTAMP '2024-01-01 00:00:15')");
        assertTrue(q.sync(WAIT));
        runnel.execute("INSERT INTO a VALUES (TIMESTAMP '2024-01-01 00:00:25')");
        assertTrue(q.sync(WAIT));
        assertEquals(1, changes.size(), "b's watermark (00:00:15) holds the second window open");
        runnel.execute("INSERT INTO b VALUES (TIMESTAMP '2024-01-01 00:00:21')");
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(count(1, "2024-01-01T00:00:10"), count(2, "2024-01-01T00:00:20")), changes);
      }
    }
  }

  @Test
  void withoutAnIdleTimeoutAnInputWithoutRowsHoldsTheWatermarkForever() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM a (ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
      runnel.execute("CREATE STREAM b (ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
      runnel.execute("CREATE VIEW ab AS SELECT ts FROM a UNION ALL SELECT ts FROM b");
      try (QueryHandle q = runnel.query(UNION_COUNT)) {
        List<Change> changes = Subscriptions.collect(q);
        runnel.execute("INSERT INTO a VALUES (TIMESTAMP '2024-01-01 00:00:01'), (TIMESTAMP '2024-01-01 00:00:12')");
        clock.advance(Duration.ofDays(1));
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(), changes);
        runnel.execute("INSERT INTO b VALUES (TIMESTAMP '2024-01-01 00:00:11')");
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(count(1, "2024-01-01T00:00:10")), changes);
      }
    }
  }

  @Test
  void whenEveryInputIsIdleTheWatermarkIsTheLargestOfTheirs() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM a (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('watermark.idle-timeout' = '1 min')");
      runnel.execute("CREATE STREAM b (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('watermark.idle-timeout' = '1 min')");
      runnel.execute("CREATE VIEW ab AS SELECT ts FROM a UNION ALL SELECT ts FROM b");
      try (QueryHandle q = runnel.query(UNION_COUNT)) {
        List<Change> changes = Subscriptions.collect(q);
        runnel.execute("INSERT INTO a VALUES (TIMESTAMP '2024-01-01 00:00:01'), (TIMESTAMP '2024-01-01 00:00:22')");
        runnel.execute("INSERT INTO b VALUES (TIMESTAMP '2024-01-01 00:00:05'), (TIMESTAMP '2024-01-01 00:00:11')");
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(count(2, "2024-01-01T00:00:10")), changes, "b holds the watermark at 00:00:11");
        clock.advance(Duration.ofMinutes(1));
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(count(2, "2024-01-01T00:00:10"), count(1, "2024-01-01T00:00:20")), changes);
      }
    }
  }

  @Test
  void aFarFutureEventDoesNotDragTheWatermarkAndIsReported() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM s (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('watermark.max-ahead' = '1 h')");
      String sql = "SELECT COUNT(*) AS n, window_end FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end";
      try (QueryHandle q = runnel.query(sql);
          QueryHandle errors = runnel.query("SELECT source, reason, input FROM sys.errors")) {
        List<Change> changes = Subscriptions.collect(q);
        List<Change> reported = Subscriptions.collect(errors);
        runnel.execute("INSERT INTO s VALUES (1, TIMESTAMP '2024-01-01 00:00:01'), (2, TIMESTAMP '2030-06-01 00:00:00'), (3, TIMESTAMP '2024-01-01 00:00:05')");
        runnel.execute("INSERT INTO s VALUES (4, TIMESTAMP '2024-01-01 00:00:12')");
        assertTrue(q.sync(WAIT));
        // rows 1 and 3 were not late: the 2030 row did not move the watermark, 00:00:12 closed the window
        assertEquals(List.of(count(2, "2024-01-01T00:00:10")), changes);
        assertEquals(0, q.stats().lateRows());
        assertEquals(1, q.stats().farAheadRows());
        assertTrue(errors.sync(WAIT));
        assertEquals(1, reported.size(), reported.toString());
        String text = reported.get(0).values().toString();
        assertTrue(text.contains("2030-06-01 00:00:00.000") && text.contains("does not advance the watermark") && text.contains("[2, 2030-06-01"), text);
      }
    }
  }

  @Test
  void theBoundIsMeasuredFromTheClockWhenTheEventsAreOld() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM s (ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('watermark.max-ahead' = '1 h')");
      try (QueryHandle q = runnel.query("SELECT ts FROM s", QueryOptions.fromEarliest())) {
        // a gap of a year in replayed history is not an outlier: both events are before the clock
        runnel.execute("INSERT INTO s VALUES (TIMESTAMP '2022-01-01 00:00:00'), (TIMESTAMP '2023-06-01 00:00:00'), (TIMESTAMP '2024-01-01 00:59:00')");
        assertTrue(q.sync(WAIT));
        assertEquals(0, q.stats().farAheadRows());
        assertEquals(LocalDateTime.parse("2024-01-01T00:59:00").toInstant(ZoneOffset.UTC).toEpochMilli(), q.stats().watermark());
        runnel.execute("INSERT INTO s VALUES (TIMESTAMP '2024-01-01 02:00:00')");
        assertTrue(q.sync(WAIT));
        assertEquals(1, q.stats().farAheadRows());
      }
    }
  }
}
