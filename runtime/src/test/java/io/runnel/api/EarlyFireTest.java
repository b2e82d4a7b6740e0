package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.EngineConfig;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.operators.batch.RowKind;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SET 'window.early-fire'}: windows emit their changed results each time the clock passes a multiple
 * of the interval, and the final correction when they close; driven by a test clock.
 */
class EarlyFireTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();

  private Runnel open() {
    Runnel runnel = Runnel.open(dir, EngineConfig.defaults().withClock(clock));
    runnel.execute("CREATE STREAM bid (auction BIGINT, price BIGINT, dateTime TIMESTAMP(3), WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND)");
    return runnel;
  }


  private static Change change(RowKind kind, Object... values) {
    return new Change(kind, List.of(values));
  }

  private static LocalDateTime at(String time) {
    return LocalDateTime.parse("2020-01-01T" + time);
  }

  private static final String TUMBLE_COUNT =
      "SELECT auction, COUNT(*) AS n, SUM(price) AS total, window_end"
          + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end";

  @Test
  void windowsEmitTheirChangedResultsEachIntervalThenTheFinalCorrection() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("SET 'window.early-fire' = '5 s'");
      try (QueryHandle q = runnel.query(TUMBLE_COUNT)) {
        assertTrue(q.updating(), "early results make an updating result");
        List<Change> changes = Subscriptions.collect(q);
        runnel.execute("INSERT INTO bid VALUES (1, 10, TIMESTAMP '2020-01-01 00:00:01'), (1, 20, TIMESTAMP '2020-01-01 00:00:02')");
        assertTrue(q.sync(WAIT));
        clock.advance(Duration.ofMillis(4999));
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(), changes, "the clock has not passed a multiple of 5 s");
        clock.advance(Duration.ofMillis(1));
        assertTrue(q.sync(WAIT));
        LocalDateTime end = at("00:00:10");
        assertEquals(List.of(change(RowKind.INSERT, 1L, 2L, 30L, end)), changes);
        // nothing changed: the next multiple emits nothing
        clock.advance(Duration.ofSeconds(5));
        assertTrue(q.sync(WAIT));
        assertEquals(1, changes.size());
        runnel.execute("INSERT INTO bid VALUES (1, 5, TIMESTAMP '2020-01-01 00:00:03'), (2, 7, TIMESTAMP '2020-01-01 00:00:04')");
        clock.advance(Duration.ofSeconds(5));
        assertTrue(q.sync(WAIT));
        assertEquals(
            List.of(
                change(RowKind.INSERT, 1L, 2L, 30L, end),
                change(RowKind.UPDATE_BEFORE, 1L, 2L, 30L, end),
                change(RowKind.UPDATE_AFTER, 1L, 3L, 35L, end),
                change(RowKind.INSERT, 2L, 1L, 7L, end)),
            changes);
        // auction 2 changes again before the window closes: the final row corrects its early one; auction 1 is final already
        runnel.execute("INSERT INTO bid VALUES (2, 8, TIMESTAMP '2020-01-01 00:00:05')");
        runnel.execute("INSERT INTO bid VALUES (3, 1, TIMESTAMP '2020-01-01 00:00:12')"); // watermark 00:00:11 closes [0 s, 10 s)
        assertTrue(q.sync(WAIT));
        assertEquals(
            List.of(change(RowKind.UPDATE_BEFORE, 2L, 1L, 7L, end), change(RowKind.UPDATE_AFTER, 2L, 2L, 15L, end)), changes.subList(4, changes.size()));
        // the next window has not been emitted early: its first result comes with the next multiple
        clock.advance(Duration.ofSeconds(5));
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(change(RowKind.INSERT, 3L, 1L, 1L, at("00:00:20"))), changes.subList(6, changes.size()));
      }
    }
  }

  @Test
  void sessionWindowsEmitEarlyAndTakeBackWhatAMergeAbsorbs() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("SET 'window.early-fire' = '1 s'");
      try (QueryHandle q =
          runnel.query(
              "SELECT auction, COUNT(*) AS n, window_start, window_end"
                  + " FROM TABLE(SESSION(TABLE bid PARTITION BY auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
                  + " GROUP BY auction, window_start, window_end")) {
        assertTrue(q.updating());
        List<Change> changes = Subscriptions.collect(q);
        runnel.execute("INSERT INTO bid VALUES (1, 10, TIMESTAMP '2020-01-01 00:00:01')");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(q.sync(WAIT));
        runnel.execute("INSERT INTO bid VALUES (1, 10, TIMESTAMP '2020-01-01 00:00:05')");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(q.sync(WAIT));
        runnel.execute("INSERT INTO bid VALUES (1, 10, TIMESTAMP '2020-01-01 00:00:40')"); // closes [1 s, 15 s)
        assertTrue(q.sync(WAIT));
        assertEquals(
            List.of(
                change(RowKind.INSERT, 1L, 1L, at("00:00:01"), at("00:00:11")),
                change(RowKind.UPDATE_BEFORE, 1L, 1L, at("00:00:01"), at("00:00:11")),
                change(RowKind.UPDATE_AFTER, 1L, 2L, at("00:00:01"), at("00:00:15"))),
            changes,
            "the session closed unchanged since its last early row");
      }
    }
  }

  @Test
  void perRowEmitChangesWinsAndResetTurnsEarlyResultsOff() throws Exception {
    try (Runnel runnel = open()) {
      runnel.execute("SET 'window.early-fire' = '5 s'");
      try (QueryHandle q = runnel.query(TUMBLE_COUNT + " EMIT CHANGES")) {
        List<Change> changes = Subscriptions.collect(q);
        runnel.execute("INSERT INTO bid VALUES (1, 10, TIMESTAMP '2020-01-01 00:00:01')");
        assertTrue(q.sync(WAIT));
        assertEquals(List.of(change(RowKind.INSERT, 1L, 1L, 10L, at("00:00:10"))), changes, "a change per row, without waiting for the clock");
        clock.advance(Duration.ofSeconds(5));
        assertTrue(q.sync(WAIT));
        assertEquals(1, changes.size());
      }
      String explain = ((StatementResult.Plan) runnel.execute("EXPLAIN " + TUMBLE_COUNT)).text();
      assertTrue(explain.contains("emit=[the results that changed, every 5 s of processing time and finally when the watermark passes window_end]"), explain);
      runnel.execute("RESET 'window.early-fire'");
      try (QueryHandle q = runnel.query(TUMBLE_COUNT)) {
        assertFalse(q.updating());
      }
    }
  }

  @Test
  void emitChangesEveryGivesTheQueryItsOwnInterval() throws Exception {
    try (Runnel runnel = open();
        QueryHandle q = runnel.query(TUMBLE_COUNT + " EMIT CHANGES EVERY INTERVAL '2' SECOND")) {
      assertTrue(q.updating());
      List<Change> changes = Subscriptions.collect(q);
      runnel.execute("INSERT INTO bid VALUES (1, 10, TIMESTAMP '2020-01-01 00:00:01')");
      clock.advance(Duration.ofSeconds(2));
      assertTrue(q.sync(WAIT));
      assertEquals(List.of(change(RowKind.INSERT, 1L, 1L, 10L, at("00:00:10"))), changes);
    }
  }

  @Test
  void anEarlyFiringQueryCannotWriteIntoAStreamAndBadIntervalsAreRejected() {
    try (Runnel runnel = open()) {
      runnel.execute("CREATE STREAM counts (auction BIGINT, n BIGINT, total BIGINT, window_end TIMESTAMP(3))");
      runnel.execute("SET 'window.early-fire' = '500 ms'");
      RunnelException e = assertThrows(RunnelException.class, () -> runnel.execute("INSERT INTO counts " + TUMBLE_COUNT));
      assertEquals(ErrorCode.UPDATING_INTO_APPEND_ONLY, e.code());
      for (String bad : List.of("0", "0 s", "-5 s", "soon")) {
        RunnelException invalid = assertThrows(RunnelException.class, () -> runnel.execute("SET 'window.early-fire' = '" + bad + "'"));
        assertEquals(ErrorCode.INVALID_OPTION, invalid.code(), bad);
      }
    }
  }
}
