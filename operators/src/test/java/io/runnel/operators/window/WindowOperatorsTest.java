package io.runnel.operators.window;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.Timestamps;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  @Test
  void aWindowFiresOnceWhenTheWatermarkReachesItsLastMillisecondAndIsFreed() {
    var spec = new WindowAggregateSpec(WINDOWED, List.of(0, 3, 4), 4, List.of(COUNT, SUM), false, 0, false);
    OperatorHarness.of(spec, WINDOWED)
        .batch(windowed("a", 1, 1, 0, 10), windowed("b", 2, 2, 0, 10), windowed("a", 3, 12, 10, 20))
        .batch(windowed("a", 4, 9, 0, 10)) // out of order, still in time
        .watermark(8)
        .watermark(9)
        .batch(windowed("a", 5, 5, 0, 10)) // its window has fired: late
        .watermark(30)
        .expect(
            "WM 8",
            "+I[a, 0, 10, 2, 5]", "+I[b, 0, 10, 1, 2]", "WM 9",
            lateWindowed(9, "a", 5, 5, 0, 10),
            "+I[a, 10, 20, 1, 3]", "WM 30");
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
        .batch(windowed("a", 1, 3, 0, 10))
        .watermark(14)
        .batch(windowed("a", 1, 4, 0, 10))
        .expect(
            "+I[a, 0, 10, 1]", "WM 9",
            "-U[a, 0, 10, 1]", "+U[a, 0, 10, 2]", "+I[b, 0, 10, 1]", "WM 13",
            "-U[a, 0, 10, 2]", "+U[a, 0, 10, 3]", "WM 14",
            lateWindowed(9, "a", 1, 4, 0, 10));
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
        .watermark(12)
        .watermark(24)
        .batch(row("a", 16, 1)) // would belong to [0, 25), which has fired
        .watermark(100)
        .expect(
            "+I[b, 3, 13, 12, 1, 1]", "WM 12",
            "+I[a, 0, 25, 24, 3, 13]", "WM 24",
            "LATE 1 [a, 16, " + ts(1) + "]",
            "+I[a, 30, 40, 39, 1, 2]", "WM 100");
  }
}
