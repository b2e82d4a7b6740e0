package io.runnel.operators.match;

import static io.runnel.operators.harness.Exprs.BIGINT;
import static io.runnel.operators.harness.Exprs.BOOLEAN;
import static io.runnel.operators.harness.Exprs.TIMESTAMP;
import static io.runnel.operators.harness.Exprs.VARCHAR;
import static io.runnel.operators.harness.Exprs.call;
import static io.runnel.operators.harness.Exprs.lit;
import static io.runnel.operators.harness.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MATCH_RECOGNIZE through the operator harness (batches of 1 and 1024, snapshot and restore between every
 * two inputs): rows wait for the watermark and go in time order per partition; late rows go to the late sink;
 * the end of the input decides what it completes.
 */
class MatchRecognizeTest {
  private static final Schema TICKS = Schema.of(new DataType.Field("sym", VARCHAR), new DataType.Field("price", BIGINT), new DataType.Field("ts", TIMESTAMP));
  private static final int STRT = 0;
  private static final int DOWN = 1;
  private static final int UP = 2;

  /** {@code price < PREV(price)} or {@code price > PREV(price)}, of the row tested. */
  private static MatchExpr againstPrevious(Function comparison) {
    MatchExpr.Nav current = new MatchExpr.Nav(MatchExpr.Kind.LAST, null, 0, 0, null, ref(1, BIGINT), false, BIGINT);
    MatchExpr.Nav previous = new MatchExpr.Nav(MatchExpr.Kind.LAST, null, 0, -1, null, ref(1, BIGINT), false, BIGINT);
    return new MatchExpr(List.of(current, previous), call(comparison, BOOLEAN, ref(0, BIGINT), ref(1, BIGINT)));
  }

  private static MatchExpr nav(MatchExpr.Nav nav) {
    return new MatchExpr(List.of(nav), ref(0, nav.type()));
  }

  /** PARTITION BY sym ORDER BY ts PATTERN (STRT DOWN+ UP), with the measures given. */
  private static MatchRecognizeSpec vShape(MatchRecognizeSpec.RowsPerMatch rows, AfterMatchSkip skip, List<MatchExpr> measures, List<DataType.Field> measureFields) {
    return vShape(rows, skip, MatchSpec.NO_WITHIN, measures, measureFields);
  }

  /** PARTITION BY sym ORDER BY ts PATTERN (STRT DOWN+ UP) WITHIN {@code within} ms, with the measures given. */
  private static MatchRecognizeSpec vShape(MatchRecognizeSpec.RowsPerMatch rows, AfterMatchSkip skip, long within, List<MatchExpr> measures, List<DataType.Field> measureFields) {
    RowPattern pattern = new RowPattern.Concat(List.of(new RowPattern.Var(STRT), new RowPattern.Quantified(new RowPattern.Var(DOWN), 1, -1, false), new RowPattern.Var(UP)));
    MatchSpec match = new MatchSpec(Automaton.compile(pattern, 3), skip, within);
    List<DataType.Field> fields = new ArrayList<>(rows.allRows() ? TICKS.fields() : List.of(TICKS.fields().get(0)));
    fields.addAll(measureFields);
    return new MatchRecognizeSpec(
        TICKS, new int[] {0}, 2, List.of(), match, List.of("STRT", "DOWN", "UP"), Arrays.asList(null, againstPrevious(Function.LESS_THAN), againstPrevious(Function.GREATER_THAN)), measures, rows, new Schema(fields));
  }

  private static final MatchExpr BOTTOM = nav(new MatchExpr.Nav(MatchExpr.Kind.LAST, new int[] {DOWN}, 0, 0, null, ref(1, BIGINT), true, BIGINT));
  private static final MatchExpr NUMBER = nav(new MatchExpr.Nav(MatchExpr.Kind.MATCH_NUMBER, null, 0, 0, null, null, false, BIGINT));
  private static final MatchExpr CLASSIFIER = nav(new MatchExpr.Nav(MatchExpr.Kind.CLASSIFIER, null, 0, 0, null, null, false, VARCHAR));
  private static final MatchExpr TIMED_OUT = nav(new MatchExpr.Nav(MatchExpr.Kind.TIMED_OUT, null, 0, 0, null, null, true, BOOLEAN));
  private static final MatchExpr RUNNING_DOWNS = nav(new MatchExpr.Nav(MatchExpr.Kind.AGGREGATE, new int[] {DOWN}, 0, 0, MatchExpr.Aggregate.COUNT, null, false, BIGINT));

  /** The V shape WITHIN {@code within} ms, ONE ROW PER MATCH WITH TIMEOUTS, measuring the bottom and whether it timed out. */
  private static MatchRecognizeSpec bottomOrTimedOut(long within) {
    return vShape(
        MatchRecognizeSpec.RowsPerMatch.ONE_ROW_WITH_TIMEOUTS,
        new AfterMatchSkip.PastLastRow(),
        within,
        List.of(BOTTOM, TIMED_OUT),
        List.of(new DataType.Field("bottom", BIGINT), new DataType.Field("timed_out", BOOLEAN)));
  }

  private static Object[] tick(String sym, long price, long ts) {
    return new Object[] {sym, price, ts};
  }

  @Test
  void oneRowPerMatchPerPartitionOnceTheWatermarkPassesItsRows() {
    MatchRecognizeSpec spec = vShape(
        MatchRecognizeSpec.RowsPerMatch.ONE_ROW, new AfterMatchSkip.PastLastRow(), List.of(BOTTOM, NUMBER), List.of(new DataType.Field("bottom", BIGINT), new DataType.Field("n", BIGINT)));
    OperatorHarness.of(spec, TICKS)
        .batch(tick("a", 10, 1), tick("a", 8, 2), tick("b", 5, 2), tick("a", 6, 3), tick("b", 4, 3))
        .state()
        .watermark(3)
        .batch(tick("a", 7, 4), tick("a", 5, 5), tick("b", 6, 5), tick("a", 9, 6))
        .watermark(4)
        .watermark(6)
        .state() // a: rows from the open attempts at 5 and 9 on (and one before, for PREV); b: the row PREV reads
        .expect("STATE 7", "WM 3", "+I[a, 6, 1]", "WM 4", "+I[b, 4, 1]", "WM 6", "STATE 6");
  }

  @Test
  void partitionsDecidedByOneWatermarkAnswerInTheOrderTheirRowsCameAcrossARestore() {
    MatchRecognizeSpec spec = vShape(
        MatchRecognizeSpec.RowsPerMatch.ONE_ROW, new AfterMatchSkip.PastLastRow(), List.of(BOTTOM, NUMBER), List.of(new DataType.Field("bottom", BIGINT), new DataType.Field("n", BIGINT)));
    // b is seen first, but at 3 a's row comes before b's: a's match is answered first, restored or not
    OperatorHarness.of(spec, TICKS)
        .batch(tick("b", 10, 1), tick("a", 10, 1), tick("b", 8, 2), tick("a", 8, 2))
        .batch(tick("a", 9, 3), tick("b", 9, 3))
        .watermark(3)
        .expect("+I[a, 8, 1]", "+I[b, 8, 1]", "WM 3");
  }

  @Test
  void aWatermarkAfterEveryRowGivesTheSameMatches() {
    MatchRecognizeSpec spec = vShape(
        MatchRecognizeSpec.RowsPerMatch.ONE_ROW, new AfterMatchSkip.PastLastRow(), List.of(BOTTOM, NUMBER), List.of(new DataType.Field("bottom", BIGINT), new DataType.Field("n", BIGINT)));
    OperatorHarness.of(spec, TICKS)
        .batch(tick("a", 10, 1)).watermark(1)
        .batch(tick("a", 8, 2), tick("b", 5, 2)).watermark(2)
        .batch(tick("a", 6, 3), tick("b", 4, 3)).watermark(3)
        .batch(tick("a", 7, 4)).watermark(4)
        .batch(tick("a", 5, 5), tick("b", 6, 5)).watermark(5)
        .batch(tick("a", 9, 6)).watermark(6)
        .expect("WM 1", "WM 2", "WM 3", "+I[a, 6, 1]", "WM 4", "+I[b, 4, 1]", "WM 5", "WM 6");
  }

  @Test
  void underWithinTheWatermarkExpiresWhatAPartitionWithNoNewRowsHasOpen() {
    MatchRecognizeSpec spec = vShape(
        MatchRecognizeSpec.RowsPerMatch.ONE_ROW, new AfterMatchSkip.PastLastRow(), 2, List.of(BOTTOM, NUMBER), List.of(new DataType.Field("bottom", BIGINT), new DataType.Field("n", BIGINT)));
    OperatorHarness.of(spec, TICKS)
        // a: from 10 the rise at 4 comes 3 ms after the start, too late; from 8 it comes 2 ms after, in time
        .batch(tick("a", 10, 1), tick("a", 8, 2), tick("a", 6, 3), tick("a", 7, 4), tick("b", 5, 1), tick("b", 4, 2))
        .watermark(4)
        .state() // a: the row PREV reads; b: both rows, for the attempt from 4 at 2, not yet expired
        .watermark(10)
        .state() // b: the row PREV reads; no row of b came, the watermark expired its attempt
        .expect("+I[a, 6, 1]", "WM 4", "STATE 5", "WM 10", "STATE 4");
  }

  @Test
  void withTimeoutsEachPartialMatchWithinCutsOffIsARowOfItsOwn() {
    MatchExpr first = nav(new MatchExpr.Nav(MatchExpr.Kind.FIRST, new int[] {STRT}, 0, 0, null, ref(1, BIGINT), true, BIGINT));
    MatchRecognizeSpec spec = vShape(
        MatchRecognizeSpec.RowsPerMatch.ONE_ROW_WITH_TIMEOUTS,
        new AfterMatchSkip.PastLastRow(),
        2,
        List.of(first, BOTTOM, NUMBER, TIMED_OUT),
        List.of(new DataType.Field("start", BIGINT), new DataType.Field("bottom", BIGINT), new DataType.Field("n", BIGINT), new DataType.Field("timed_out", BOOLEAN)));
    OperatorHarness.of(spec, TICKS)
        // a: from 10 the rise at 4 comes 3 ms after the start, too late (cut off by that row); from 8 it comes in time
        .batch(tick("a", 10, 1), tick("a", 8, 2), tick("a", 6, 3), tick("a", 7, 4), tick("b", 5, 1), tick("b", 4, 2))
        .watermark(4) // b: the attempt from 5 at 1 expires (4 - 1 > 2); the one from 4 at 2 not yet
        .watermark(10) // b: the attempt from 4 at 2 expires, with its first row only
        .watermark(20)
        // at 4, first what WITHIN cuts off then (a's and b's attempts from 1), then the rows of 4 (a's match)
        .expect("+I[a, 10, 6, null, 1]", "+I[b, 5, 4, null, 1]", "+I[a, 8, 6, 1, 0]", "WM 4", "+I[b, 4, null, null, 1]", "WM 10", "WM 20"); // BOOLEAN as 1/0
  }

  @Test
  void whatWithinCutsOffComesOutInTheSameOrderWhetherTheWatermarkMovesAtOnceOrInSteps() {
    MatchRecognizeSpec spec = bottomOrTimedOut(2);
    // a's attempt from 1 is cut off at 4 (4 - 1 > 2), its attempt from 2 at 5; b's match is decided by its row at 5,
    // after what is cut off at 5
    Object[][] rows = {tick("a", 10, 1), tick("a", 8, 2), tick("b", 9, 3), tick("b", 7, 4), tick("b", 8, 5)};
    OperatorHarness.of(spec, TICKS).batch(rows).watermark(6).expect("+I[a, 8, 1]", "+I[a, null, 1]", "+I[b, 7, 0]", "WM 6");
    OperatorHarness.of(spec, TICKS).batch(rows).watermark(4).watermark(6).expect("+I[a, 8, 1]", "WM 4", "+I[a, null, 1]", "+I[b, 7, 0]", "WM 6");
  }

  @Test
  void withTimeoutsTheEndOfTheInputCutsOffOnlyWhatTheInputShowedTimedOut() {
    MatchRecognizeSpec spec = bottomOrTimedOut(3);
    OperatorHarness.of(spec, TICKS)
        .batch(tick("a", 10, 1), tick("a", 8, 2), tick("b", 5, 4), tick("b", 4, 5))
        .watermark(5) // a: the attempt from 10 at 1 is past its WITHIN (5 - 1 > 3); the one from 8 at 2 is not
        .watermark(Long.MAX_VALUE) // the end: what is still open had time left when the input ended, so it just fails
        .expect("+I[a, 8, 1]", "WM 5", "WM " + Long.MAX_VALUE);
  }

  @Test
  void allRowsPerMatchWithRunningMeasuresAndLateRowsToTheLateSink() {
    MatchRecognizeSpec spec = vShape(
        MatchRecognizeSpec.RowsPerMatch.ALL_ROWS_SHOW_EMPTY,
        new AfterMatchSkip.PastLastRow(),
        List.of(CLASSIFIER, NUMBER, RUNNING_DOWNS, BOTTOM),
        List.of(new DataType.Field("cls", VARCHAR), new DataType.Field("n", BIGINT), new DataType.Field("downs", BIGINT), new DataType.Field("bottom", BIGINT)));
    OperatorHarness.of(spec, TICKS)
        .batch(tick("a", 10, 1), tick("a", 6, 3), tick("a", 8, 2)) // out of order: sorted by time before matching
        .watermark(2)
        .batch(tick("a", 1, 2)) // at the watermark: late
        .batch(tick("a", 7, 4), tick("a", 9, 5), tick("a", 3, 6), tick("a", 4, 7))
        .watermark(Long.MAX_VALUE)
        .expect(
            "WM 2",
            "LATE 2 [a, 1, 1970-01-01 00:00:00.002]",
            "+I[a, 10, 1, STRT, 1, 0, 6]",
            "+I[a, 8, 2, DOWN, 1, 1, 6]",
            "+I[a, 6, 3, DOWN, 1, 2, 6]",
            "+I[a, 7, 4, UP, 1, 2, 6]",
            "+I[a, 9, 5, STRT, 2, 0, 3]",
            "+I[a, 3, 6, DOWN, 2, 1, 3]",
            "+I[a, 4, 7, UP, 2, 1, 3]",
            "WM " + Long.MAX_VALUE);
  }

  @Test
  void aSkipTheStandardForbidsFailsNamingTheVariableAsTheQueryDoes() {
    // STRT is variable 0, which a message would otherwise call A
    MatchRecognizeSpec loop = vShape(
        MatchRecognizeSpec.RowsPerMatch.ONE_ROW, new AfterMatchSkip.ToFirst(STRT), List.of(NUMBER), List.of(new DataType.Field("n", BIGINT)));
    MatchException e = assertThrows(
        MatchException.class, () -> OperatorHarness.of(loop, TICKS).batch(tick("a", 10, 1), tick("a", 8, 2), tick("a", 9, 3)).watermark(3).expect());
    assertEquals("AFTER MATCH SKIP to variable STRT would skip to the first row of match 1 (starting at row 0 of its partition), an endless loop", e.getMessage());

    RowPattern upOrDown = new RowPattern.Alt(List.of(new RowPattern.Var(UP), new RowPattern.Var(DOWN)));
    MatchRecognizeSpec missing = new MatchRecognizeSpec(
        TICKS, new int[] {0}, 2, List.of(), new MatchSpec(Automaton.compile(upOrDown, 3), new AfterMatchSkip.ToLast(UP)), List.of("STRT", "DOWN", "UP"),
        Arrays.asList(null, againstPrevious(Function.LESS_THAN), againstPrevious(Function.GREATER_THAN)), List.of(NUMBER), MatchRecognizeSpec.RowsPerMatch.ONE_ROW,
        Schema.of(new DataType.Field("sym", VARCHAR), new DataType.Field("n", BIGINT)));
    e = assertThrows(MatchException.class, () -> OperatorHarness.of(missing, TICKS).batch(tick("a", 10, 1), tick("a", 8, 2)).watermark(2).expect());
    assertEquals("AFTER MATCH SKIP to variable UP: no row of match 1 (starting at row 1 of its partition) is mapped to it", e.getMessage());
  }

  @Test
  void conditionsAndMeasuresWithNoRowFormGoThroughABatchAndGiveTheSameMatches() {
    // DECIMAL has no row form: DEFINE compares prices cast to DECIMAL, the measure reads a DECIMAL of the bottom
    DataType decimal = DataType.decimal(12, 2);
    MatchExpr.Nav current = new MatchExpr.Nav(MatchExpr.Kind.LAST, null, 0, 0, null, ref(1, BIGINT), false, BIGINT);
    MatchExpr.Nav previous = new MatchExpr.Nav(MatchExpr.Kind.LAST, null, 0, -1, null, call(Function.CAST, decimal, ref(1, BIGINT)), false, decimal);
    MatchExpr falling = new MatchExpr(List.of(current, previous), call(Function.LESS_THAN, BOOLEAN, call(Function.CAST, decimal, ref(0, BIGINT)), ref(1, decimal)));
    MatchExpr bottom = nav(new MatchExpr.Nav(MatchExpr.Kind.LAST, new int[] {DOWN}, 0, 0, null, call(Function.CAST, decimal, ref(1, BIGINT)), true, decimal));
    RowPattern pattern = new RowPattern.Concat(List.of(new RowPattern.Var(STRT), new RowPattern.Quantified(new RowPattern.Var(DOWN), 1, -1, false), new RowPattern.Var(UP)));
    MatchRecognizeSpec spec = new MatchRecognizeSpec(
        TICKS, new int[] {0}, 2, List.of(), new MatchSpec(Automaton.compile(pattern, 3), new AfterMatchSkip.PastLastRow()), List.of("STRT", "DOWN", "UP"),
        Arrays.asList(null, falling, againstPrevious(Function.GREATER_THAN)), List.of(bottom, NUMBER), MatchRecognizeSpec.RowsPerMatch.ONE_ROW,
        Schema.of(new DataType.Field("sym", VARCHAR), new DataType.Field("bottom", decimal), new DataType.Field("n", BIGINT)));
    OperatorHarness.of(spec, TICKS)
        .batch(tick("a", 10, 1), tick("a", 8, 2), tick("b", 5, 2), tick("a", 6, 3), tick("b", 4, 3))
        .watermark(3)
        .batch(tick("a", 7, 4), tick("a", 5, 5), tick("b", 6, 5), tick("a", 9, 6))
        .watermark(6)
        .expect("WM 3", "+I[a, 6.00, 1]", "+I[b, 4.00, 1]", "WM 6");
  }

  @Test
  void aConditionThatCannotBeEvaluatedIsReportedAndFails() {
    // DOWN AS 12 / (price - 8) > 0: at the price 8 the division by zero is reported, and NULL is not true
    MatchExpr.Nav current = new MatchExpr.Nav(MatchExpr.Kind.LAST, null, 0, 0, null, ref(1, BIGINT), false, BIGINT);
    MatchExpr.Nav previous = new MatchExpr.Nav(MatchExpr.Kind.LAST, null, 0, -1, null, ref(1, BIGINT), false, BIGINT);
    Expr ratio = call(Function.DIVIDE, BIGINT, lit(12L, BIGINT), call(Function.MINUS, BIGINT, ref(0, BIGINT), lit(8L, BIGINT)));
    MatchExpr falling = new MatchExpr(
        List.of(current, previous),
        call(Function.AND, BOOLEAN, call(Function.LESS_THAN, BOOLEAN, ref(0, BIGINT), ref(1, BIGINT)), call(Function.GREATER_THAN, BOOLEAN, ratio, lit(0L, BIGINT))));
    RowPattern pattern = new RowPattern.Concat(List.of(new RowPattern.Var(STRT), new RowPattern.Quantified(new RowPattern.Var(DOWN), 1, -1, false), new RowPattern.Var(UP)));
    MatchRecognizeSpec spec = new MatchRecognizeSpec(
        TICKS, new int[] {0}, 2, List.of(), new MatchSpec(Automaton.compile(pattern, 3), new AfterMatchSkip.PastLastRow()), List.of("STRT", "DOWN", "UP"),
        Arrays.asList(null, falling, againstPrevious(Function.GREATER_THAN)), List.of(BOTTOM), MatchRecognizeSpec.RowsPerMatch.ONE_ROW,
        Schema.of(new DataType.Field("sym", VARCHAR), new DataType.Field("bottom", BIGINT)));
    OperatorHarness.of(spec, TICKS)
        .batch(tick("a", 10, 1), tick("a", 9, 2), tick("a", 11, 3), tick("a", 12, 4), tick("a", 8, 5), tick("a", 9, 6))
        .watermark(6)
        .expect("ERROR division by zero", "+I[a, 9]", "WM 6"); // the answers go out once the watermark is through
  }

  @Test
  void theEndOfTheInputDecidesTheMatchItCompletes() {
    // STRT DOWN+ with a greedy DOWN+ at the end: no row is left to end it, so only the end decides it
    RowPattern pattern = new RowPattern.Concat(List.of(new RowPattern.Var(STRT), new RowPattern.Quantified(new RowPattern.Var(DOWN), 1, -1, false)));
    MatchSpec match = new MatchSpec(Automaton.compile(pattern, 2), new AfterMatchSkip.PastLastRow());
    MatchRecognizeSpec spec = new MatchRecognizeSpec(
        TICKS, new int[] {0}, 2, List.of(), match, List.of("STRT", "DOWN"), Arrays.asList(null, againstPrevious(Function.LESS_THAN)), List.of(BOTTOM), MatchRecognizeSpec.RowsPerMatch.ONE_ROW,
        Schema.of(new DataType.Field("sym", VARCHAR), new DataType.Field("bottom", BIGINT)));
    OperatorHarness.of(spec, TICKS)
        .batch(tick("a", 10, 1), tick("a", 8, 2), tick("a", 6, 3))
        .watermark(3)
        .watermark(Long.MAX_VALUE)
        .expect("WM 3", "+I[a, 6]", "WM " + Long.MAX_VALUE);
  }
}
