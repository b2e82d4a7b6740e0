package io.runnel.operators.window;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.Timestamps;
import io.runnel.operators.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowOperatorsTest {
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  static final DataType TS = DataType.of(TypeKind.TIMESTAMP);
  // key, value, event time
  static final Schema INPUT = Schema.of(new DataType.Field("k", DataType.of(TypeKind.VARCHAR)), new DataType.Field("v", BIGINT), new DataType.Field("ts", TS));
  // key, value, event time, window_start, window_end, window_time
  static final Schema WINDOWED = new WindowAssignSpec(INPUT, 2, Windows.tumble(10)).outputSchema();
  static final AggCall COUNT = new AggCall(AggKind.COUNT_STAR, -1, false, -1, BIGINT.withNullable(false), "n", false);
  static final AggCall SUM = new AggCall(AggKind.SUM, 1, false, -1, BIGINT, "total", false);

  static Object[] row(String k, long v, long ts) {
    return new Object[] {k, v, ts};
  }

  static Object[] windowed(String k, long v, long ts, long start, long end) {
    return new Object[] {k, v, ts, start, end, end - 1};
  }

  static String ts(long millis) {
    return Timestamps.format(millis);
  }

  /** How a late row of {@link #WINDOWED} reads in the late sink: timestamps as text. */
  static String lateWindowed(long rowtime, String k, long v, long time, long start, long end) {
    return "LATE " + rowtime + " [" + k + ", " + v + ", " + ts(time) + ", " + ts(start) + ", " + ts(end) + ", " + ts(end - 1) + "]";
  }

  @Test
  void hopCopiesARowIntoEachOfItsWindows() {
    OperatorHarness.of(new WindowAssignSpec(INPUT, 2, Windows.hop(5, 10)), INPUT)
        .batch(new Object[] {"b", 2L, null})
        .batch(row("a", 1, 7))
        .watermark(3)
        .expect(
            "ERROR the event time ts is NULL: the row belongs to no window",
            "+I[a, 1, 7, 0, 10, 9]", "+I[a, 1, 7, 5, 15, 14]",
            "WM 3");
  }

  /** Rows of every kind, with a row of no event time among them, keep their kinds and order in each window. */
  @Test
  void windowsTakeRowsOfEveryKindInOrder() {
    // the error is reported as the row is met, the batch's rows emitted after: the row comes first, so that
    // every way of cutting the input into batches gives the same order
    OperatorHarness.of(new WindowAssignSpec(INPUT, 2, Windows.hop(5, 10)), INPUT)
        .change(RowKind.INSERT, "n", 0L, null)
        .change(RowKind.INSERT, "a", 1L, 7L)
        .change(RowKind.UPDATE_BEFORE, "a", 1L, 7L)
        .change(RowKind.UPDATE_AFTER, "a", 2L, 12L)
        .change(RowKind.DELETE, "b", 3L, 4L)
        .expect(
            "ERROR the event time ts is NULL: the row belongs to no window",
            "+I[a, 1, 7, 0, 10, 9]", "+I[a, 1, 7, 5, 15, 14]",
            "-U[a, 1, 7, 0, 10, 9]", "-U[a, 1, 7, 5, 15, 14]",
            "+U[a, 2, 12, 5, 15, 14]", "+U[a, 2, 12, 10, 20, 19]",
            "-D[b, 3, 4, -5, 5, 4]", "-D[b, 3, 4, 0, 10, 9]");
    OperatorHarness.of(new WindowAssignSpec(INPUT, 2, Windows.tumble(10)), INPUT)
        .change(RowKind.INSERT, "n", 0L, null)
        .change(RowKind.INSERT, "a", 1L, 7L)
        .change(RowKind.DELETE, "b", 3L, 14L)
        .expect("ERROR the event time ts is NULL: the row belongs to no window", "+I[a, 1, 7, 0, 10, 9]", "-D[b, 3, 14, 10, 20, 19]");
  }

  /** The batches a window table function emits for one input batch. */
  static List<Batch> assign(Windows windows, Batch in) {
    return OperatorHarness.emittedBatches(new WindowAssignSpec(INPUT, 2, windows), in);
  }

  /** A column not read from the log is passed on empty and marked so, by TUMBLE as it is and by HOP picked per window. */
  @Test
  void columnsNotReadStayMarked() {
    for (Windows windows : List.of(Windows.tumble(10), Windows.hop(5, 10))) {
      Batch in = new BatchBuilder(INPUT, 2).add("a", 0L, 7L).add("b", 0L, 11L).build().withUnread(new boolean[] {false, true, false});
      Batch out = assign(windows, in).get(0);
      assertEquals(windows.maxWindows() * 2, out.size(), windows.toString());
      for (int r = 0; r < out.size(); r++) {
        assertTrue(out.unread(1), windows + ", row " + r);
        assertTrue(out.format(r).contains(Batch.NOT_READ), out.format(r));
        assertEquals(out.column(2).getLong(r) >= out.column(3).getLong(r) && out.column(2).getLong(r) < out.column(4).getLong(r), true, windows + ", row " + r);
      }
      assertEquals(false, out.unread(0));
      assertEquals(false, out.unread(3));
    }
  }

  /**
   * A fine CUMULATE puts a row in thousands of windows: they go out in batches of at most {@link
   * WindowAssign#MAX_OUTPUT_ROWS} rows, every row's windows in order, each row's values with each.
   */
  @Test
  void aRowInThousandsOfWindowsGoesOutInBoundedBatches() {
    Windows windows = Windows.cumulate(1, 20_000);
    Batch in = new BatchBuilder(INPUT, 4).add("a", 1L, 0L).add("n", 0L, null).add("b", 2L, 5L).add("c", 3L, 19_999L).build();
    List<Batch> out = assign(windows, in);
    long[][] expected = {{0, 1, 20_000}, {5, 6, 20_000}, {19_999, 20_000, 20_000}}; // event time, first and last end
    String[] keys = {"a", "b", "c"};
    int row = 0;
    long end = expected[0][1];
    int rows = 0;
    for (Batch b : out) {
      assertTrue(b.size() <= WindowAssign.MAX_OUTPUT_ROWS, "a batch of " + b.size() + " rows");
      for (int r = 0; r < b.size(); r++, rows++) {
        if (end > expected[row][2]) {
          row++;
          end = expected[row][1];
        }
        assertEquals(keys[row], b.column(0).getObject(r), "output row " + rows);
        assertEquals(expected[row][0], b.column(2).getLong(r), "output row " + rows);
        assertEquals(0, b.column(3).getLong(r), "output row " + rows);
        assertEquals(end, b.column(4).getLong(r), "output row " + rows);
        assertEquals(end - 1, b.column(5).getLong(r), "output row " + rows);
        end++;
      }
    }
    assertEquals(2, row);
    assertEquals(20_000 + 19_995 + 1, rows);
    assertEquals(5, out.size());
  }

  /** A HOP with more windows a row than a long can count for a batch starts emitting at once, in order. */
  @Test
  void aHopOfCountlessWindowsARowStartsAtOnce() {
    long size = Long.MAX_VALUE / 4;
    BatchBuilder rows = new BatchBuilder(INPUT, 8);
    for (String key : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
      rows.add(key, 1L, 0L); // 8 rows times their windows: more than a long counts
    }
    Batch in = rows.build();
    List<Batch> out = OperatorHarness.emittedBatches(new WindowAssignSpec(INPUT, 2, Windows.hop(1, size)), in, 2);
    assertEquals(2, out.size());
    long start = 1 - size; // the first window holding 0
    for (Batch b : out) {
      assertEquals(WindowAssign.MAX_OUTPUT_ROWS, b.size());
      for (int r = 0; r < b.size(); r++, start++) {
        assertEquals("a", b.column(0).getObject(r));
        assertEquals(start, b.column(3).getLong(r));
        assertEquals(start + size, b.column(4).getLong(r));
      }
    }
  }

  @Test
  void aWindowFiresOnceWhenTheWatermarkReachesItsLastMillisecondAndIsFreed() {
    var spec = new WindowAggregateSpec(WINDOWED, List.of(0, 3, 4), 4, List.of(COUNT, SUM), false, 0, false);
    OperatorHarness.of(spec, WINDOWED)
        .batch(windowed("a", 1, 1, 0, 10), windowed("b", 2, 2, 0, 10), windowed("a", 3, 12, 10, 20))
        .batch(windowed("a", 4, 9, 0, 10)) // out of order, still in time
        .state()
        .watermark(8)
        .watermark(9)
        .state()
        .batch(windowed("a", 5, 5, 0, 10)) // its window has fired: late
        .watermark(30)
        .state()
        .expect(
            "STATE 3", "WM 8",
            "+I[a, 0, 10, 2, 5]", "+I[b, 0, 10, 1, 2]", "WM 9", "STATE 1",
            lateWindowed(9, "a", 5, 5, 0, 10),
            "+I[a, 10, 20, 1, 3]", "WM 30", "STATE 0");
  }

  @Test
  void emitChangesUpdatesAsRowsArriveAndFiringOnlyFreesState() {
    var spec = new WindowAggregateSpec(WINDOWED, List.of(0, 3, 4), 4, List.of(COUNT), true, 0, false);
    OperatorHarness.of(spec, WINDOWED)
        .batch(windowed("a", 1, 1, 0, 10), windowed("a", 1, 2, 0, 10))
        .watermark(9)
        .batch(windowed("a", 1, 3, 0, 10))
        .expect("+I[a, 0, 10, 1]", "-U[a, 0, 10, 1]", "+U[a, 0, 10, 2]", "WM 9", lateWindowed(9, "a", 1, 3, 0, 10));
  }

  @Test
  void allowedLatenessCorrectsAFiredWindowUntilItExpires() {
    var spec = new WindowAggregateSpec(WINDOWED, List.of(0, 3, 4), 4, List.of(COUNT), false, 5, false);
    OperatorHarness.of(spec, WINDOWED)
        .batch(windowed("a", 1, 1, 0, 10))
        .watermark(9)
        .batch(windowed("a", 1, 2, 0, 10), windowed("b", 1, 2, 0, 10))
        .watermark(13)
        .state() // fired, kept for its lateness
        .batch(windowed("a", 1, 3, 0, 10))
        .watermark(14)
        .state()
        .batch(windowed("a", 1, 4, 0, 10))
        .expect(
            "+I[a, 0, 10, 1]", "WM 9",
            "-U[a, 0, 10, 1]", "+U[a, 0, 10, 2]", "+I[b, 0, 10, 1]", "WM 13", "STATE 2",
            "-U[a, 0, 10, 2]", "+U[a, 0, 10, 3]", "WM 14", "STATE 0",
            lateWindowed(9, "a", 1, 4, 0, 10));
  }

  @Test
  void earlyFireEmitsChangedWindowsEachIntervalOfProcessingTimeThenTheFinalCorrection() {
    // early results every 5 ms of processing time
    var spec = new WindowAggregateSpec(WINDOWED, List.of(0, 3, 4), 4, List.of(COUNT, SUM), false, 0, false, 5);
    OperatorHarness.of(spec, WINDOWED)
        .batch(windowed("a", 1, 1, 0, 10), windowed("b", 2, 2, 0, 10), windowed("a", 3, 12, 10, 20))
        .time(4) // no multiple of 5 passed yet
        .time(5)
        .batch(windowed("a", 4, 5, 0, 10))
        .time(9)
        .time(12)
        .time(14) // nothing changed since 12
        .change(RowKind.DELETE, windowed("b", 2, 2, 0, 10))
        .batch(windowed("a", 5, 6, 0, 10))
        .watermark(9) // [0, 10) fires: only what changed since its last early result
        .time(15) // [10, 20) has not changed since it was emitted
        .batch(windowed("a", 6, 13, 10, 20))
        .watermark(19)
        .batch(windowed("a", 7, 21, 20, 30))
        .watermark(29) // never emitted early: the final row is an insert
        .expect(
            "+I[a, 0, 10, 1, 1]", "+I[b, 0, 10, 1, 2]", "+I[a, 10, 20, 1, 3]",
            "-U[a, 0, 10, 1, 1]", "+U[a, 0, 10, 2, 5]",
            "-U[a, 0, 10, 2, 5]", "+U[a, 0, 10, 3, 10]", "-D[b, 0, 10, 1, 2]", "WM 9",
            "-U[a, 10, 20, 1, 3]", "+U[a, 10, 20, 2, 9]", "WM 19",
            "+I[a, 20, 30, 1, 7]", "WM 29");
  }

  @Test
  void earlyFireLeavesAFiredWindowToItsLateCorrectionsAndTheLateSink() {
    var spec = new WindowAggregateSpec(WINDOWED, List.of(0, 3, 4), 4, List.of(COUNT), false, 5, false, 5);
    OperatorHarness.of(spec, WINDOWED)
        .batch(windowed("a", 1, 1, 0, 10))
        .time(5)
        .batch(windowed("a", 1, 2, 0, 10))
        .watermark(9) // fires with the correction of the early result
        .batch(windowed("a", 1, 3, 0, 10)) // late but within the allowed lateness: corrected at once
        .time(10) // a fired window emits nothing early
        .watermark(14)
        .batch(windowed("a", 1, 4, 0, 10)) // past the lateness: late
        .expect(
            "+I[a, 0, 10, 1]",
            "-U[a, 0, 10, 1]", "+U[a, 0, 10, 2]", "WM 9",
            "-U[a, 0, 10, 2]", "+U[a, 0, 10, 3]", "WM 14",
            lateWindowed(9, "a", 1, 4, 0, 10));
  }

  @Test
  void earlyFireOfProcessingTimeWindowsEmitsBeforeTheClockClosesThem() {
    var spec = new WindowAggregateSpec(WINDOWED, List.of(0, 3, 4), 4, List.of(COUNT), false, 0, true, 4);
    OperatorHarness.of(spec, WINDOWED)
        .batch(windowed("a", 1, 1, 0, 10), windowed("a", 1, 2, 0, 10))
        .time(4)
        .batch(windowed("a", 1, 5, 0, 10))
        .time(8)
        .time(10) // the clock closes [0, 10): it changed not since 8, so nothing more
        .batch(windowed("a", 1, 11, 10, 20))
        .time(20) // closes [10, 20) before any early result: an insert
        .expect("+I[a, 0, 10, 2]", "-U[a, 0, 10, 2]", "+U[a, 0, 10, 3]", "+I[a, 10, 20, 1]");
  }

  @Test
  void perRowEmitChangesWinsOverTheEarlyFireInterval() {
    var spec = new WindowAggregateSpec(WINDOWED, List.of(0, 3, 4), 4, List.of(COUNT), true, 0, false, 5);
    OperatorHarness.of(spec, WINDOWED)
        .batch(windowed("a", 1, 1, 0, 10))
        .time(5)
        .batch(windowed("a", 1, 2, 0, 10))
        .time(10)
        .watermark(9)
        .expect("+I[a, 0, 10, 1]", "-U[a, 0, 10, 1]", "+U[a, 0, 10, 2]", "WM 9");
  }

  @Test
  void retractionsBeforeTheWindowFiresAreTakenBack() {
    var spec = new WindowAggregateSpec(WINDOWED, List.of(0, 3, 4), 4, List.of(COUNT, SUM), false, 0, false);
    OperatorHarness.of(spec, WINDOWED)
        .batch(windowed("a", 1, 1, 0, 10), windowed("b", 2, 2, 0, 10))
        .change(RowKind.DELETE, windowed("b", 2, 2, 0, 10))
        .watermark(20)
        .expect("+I[a, 0, 10, 1, 1]", "WM 20");
  }

  @Test
  void sessionsOpenMergeAndFireWhenTheGapHasPassed() {
    var spec = new SessionAggregateSpec(INPUT, List.of(0), 2, 10, List.of(COUNT, SUM));
    OperatorHarness.of(spec, INPUT)
        .batch(row("a", 1, 0), row("b", 1, 3), row("a", 2, 30))
        .batch(row("a", 4, 15)) // [15, 25) bridges [0, 10) and [30, 40)? no: it touches neither
        .batch(row("a", 8, 8)) // [8, 18) overlaps [0, 10) and [15, 25): all three merge into [0, 25)
        .state() // a's [0, 25) and [30, 40), b's [3, 13)
        .watermark(12)
        .watermark(24)
        .state()
        .batch(row("a", 16, 1)) // would belong to [0, 25), which has fired
        .watermark(100)
        .state()
        .expect(
            "STATE 3",
            "+I[b, 3, 13, 12, 1, 1]", "WM 12",
            "+I[a, 0, 25, 24, 3, 13]", "WM 24", "STATE 1",
            "LATE 1 [a, 16, " + ts(1) + "]",
            "+I[a, 30, 40, 39, 1, 2]", "WM 100", "STATE 0");
  }

  /**
   * Random rows of three keys, out of order and some late, with watermarks between batches: the operator's
   * output is that of sessions by their definition, fired at each watermark in order of end, then of the
   * order they were opened (a merge keeps the earliest). Sessions that grow many times, merge, and wait
   * past a watermark that reaches a stale end are all among them; the harness also snapshots and restores
   * between every two inputs.
   */
  @Test
  void sessionsFireInOrderOfEndHoweverTheyGrew() {
    long gap = 10;
    var spec = new SessionAggregateSpec(INPUT, List.of(0), 2, gap, List.of(COUNT, SUM));
    for (long seed = 1; seed <= 20; seed++) {
      java.util.Random random = new java.util.Random(seed);
      OperatorHarness harness = OperatorHarness.of(spec, INPUT);
      List<String> expected = new ArrayList<>();
      // the model: each key's open sessions in the order they were opened, as {id, start, end, count, sum}
      java.util.Map<String, List<long[]>> open = new java.util.TreeMap<>();
      long watermark = Long.MIN_VALUE;
      long nextId = 0;
      long clock = 0;
      for (int b = 0; b < 60; b++) {
        List<Object[]> batch = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
          String key = random.nextInt(4) > 0 ? "a" : random.nextBoolean() ? "b" : "c"; // a's sessions grow most
          long ts = clock + random.nextInt(12) - 4;
          long v = random.nextInt(100);
          batch.add(row(key, v, ts));
          List<long[]> sessions = open.computeIfAbsent(key, k -> new ArrayList<>());
          long start = ts;
          long end = ts + gap;
          long[] target = null;
          for (long[] s : sessions) {
            if (s[1] <= end && start <= s[2]) {
              start = Math.min(start, s[1]);
              end = Math.max(end, s[2]);
              target = target == null ? s : target;
            }
          }
          if (end - 1 <= watermark) {
            expected.add("LATE " + ts + " [" + key + ", " + v + ", " + ts(ts) + "]");
            continue;
          }
          if (target == null) {
            target = new long[] {nextId++, start, end, 0, 0};
            sessions.add(target);
          }
          for (int k = sessions.size() - 1; k >= 0; k--) {
            long[] s = sessions.get(k);
            if (s != target && s[1] <= end && start <= s[2]) {
              target[3] += s[3];
              target[4] += s[4];
              sessions.remove(k);
            }
          }
          target[1] = start;
          target[2] = end;
          target[3]++;
          target[4] += v;
        }
        harness.batch(batch.toArray(Object[][]::new));
        clock += random.nextInt(6);
        if (random.nextInt(3) == 0 || b == 59) {
          watermark = b == 59 ? clock + 1000 : Math.max(watermark, clock - random.nextInt(20));
          harness.watermark(watermark);
          fireDue(open, watermark, expected);
        }
      }
      harness.expect(expected.toArray(String[]::new));
    }
  }

  /** The model's sessions whose end the watermark has reached, fired in order of end, then of id. */
  private static void fireDue(java.util.Map<String, List<long[]>> open, long watermark, List<String> expected) {
    List<Object[]> due = new ArrayList<>(); // {key, session}
    for (var entry : open.entrySet()) {
      for (long[] s : entry.getValue()) {
        if (s[2] - 1 <= watermark) {
          due.add(new Object[] {entry.getKey(), s});
        }
      }
    }
    due.sort(java.util.Comparator.comparingLong((Object[] d) -> ((long[]) d[1])[2]).thenComparingLong(d -> ((long[]) d[1])[0]));
    for (Object[] d : due) {
      long[] s = (long[]) d[1];
      expected.add("+I[" + d[0] + ", " + s[1] + ", " + s[2] + ", " + (s[2] - 1) + ", " + s[3] + ", " + s[4] + "]");
      open.get((String) d[0]).remove(s);
    }
    expected.add("WM " + watermark);
  }

  @Test
  void earlySessionResultsFollowMergesAndTakeBackAbsorbedSessions() {
    var spec = new SessionAggregateSpec(INPUT, List.of(0), 2, 10, List.of(COUNT, SUM), 5);
    OperatorHarness.of(spec, INPUT)
        .batch(row("a", 1, 0)) // a: [0, 10)
        .time(5)
        .batch(row("a", 2, 5), row("b", 1, 3)) // a grows to [0, 15); b: [3, 13)
        .time(7)
        .time(10)
        .batch(row("a", 4, 22)) // a second session of a: [22, 32)
        .time(15)
        .batch(row("a", 8, 14)) // [14, 24) bridges both sessions of a: [0, 32)
        .watermark(12) // b fires, unchanged since its early row: nothing more
        .time(20) // the merged session updates the first and takes back the second
        .batch(row("a", 16, 30), row("c", 1, 50)) // a grows to [0, 40); c: [50, 60), never emitted early
        .watermark(100)
        .expect(
            "+I[a, 0, 10, 9, 1, 1]",
            "+I[b, 3, 13, 12, 1, 1]", "-U[a, 0, 10, 9, 1, 1]", "+U[a, 0, 15, 14, 2, 3]",
            "+I[a, 22, 32, 31, 1, 4]",
            "WM 12",
            "-D[a, 22, 32, 31, 1, 4]", "-U[a, 0, 15, 14, 2, 3]", "+U[a, 0, 32, 31, 4, 15]",
            "-U[a, 0, 32, 31, 4, 15]", "+U[a, 0, 40, 39, 5, 31]", "+I[c, 50, 60, 59, 1, 1]", "WM 100");
  }

  @Test
  void earlySessionsStillSendLateRowsToTheLateSink() {
    var spec = new SessionAggregateSpec(INPUT, List.of(0), 2, 10, List.of(COUNT), 5);
    OperatorHarness.of(spec, INPUT)
        .batch(row("a", 1, 0), row("a", 1, 4))
        .time(5)
        .watermark(13)
        .batch(row("a", 1, 2)) // its session [0, 14) has fired
        .time(10)
        .expect("+I[a, 0, 14, 13, 2]", "WM 13", "LATE 2 [a, 1, " + ts(2) + "]");
  }
}
