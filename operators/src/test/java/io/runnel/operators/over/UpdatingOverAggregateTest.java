package io.runnel.operators.over;

import static io.runnel.operators.over.OverAggregateTest.call;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OVER aggregate of an updating input, through the harness (batches as given, of one row, of 1024, and
 * snapshot and restore between inputs): each change emits the changed row's own result ({@code +I} or
 * {@code -D}) and {@code -U}/{@code +U} for every row whose frame it changes, in the partition's order.
 */
class UpdatingOverAggregateTest {
  // key, order column (a time), value
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("k", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("t", DataType.of(TypeKind.TIMESTAMP)),
          new DataType.Field("v", DataType.of(TypeKind.BIGINT)));
  static final List<SortKey> BY_TIME = List.of(new SortKey(1, false, true));

  static Object[] row(String k, Long t, Long v) {
    return new Object[] {k, t, v};
  }

  static UpdatingOverAggregateSpec spec(boolean rows, long preceding, AggCall... calls) {
    return spec(BY_TIME, rows, preceding, calls);
  }

  static UpdatingOverAggregateSpec spec(List<SortKey> order, boolean rows, long preceding, AggCall... calls) {
    return new UpdatingOverAggregateSpec(INPUT, List.of(0), order, rows, preceding, List.of(calls));
  }

  static final AggCall COUNT = call(AggKind.COUNT_STAR, -1, false);
  static final AggCall SUM = call(AggKind.SUM, 2, false);

  @Test
  void aRowsFrameChangesTheRowsAfterTheChangedOneAsFarAsItReaches() {
    OperatorHarness.of(spec(true, 1, COUNT, SUM), INPUT)
        .batch(row("a", 1L, 10L))
        .batch(row("a", 3L, 30L))
        .batch(row("a", 2L, 20L), row("b", 1L, 5L)) // between the two: the row after it now reaches back to it
        .change(RowKind.DELETE, "a", 1L, 10L) // the row after it loses it; the one after that never reached it
        .state()
        .change(RowKind.UPDATE_BEFORE, "a", 2L, 20L)
        .change(RowKind.UPDATE_AFTER, "a", 2L, 25L)
        .change(RowKind.DELETE, "a", 9L, 90L) // not held: dropped
        .watermark(4)
        .state()
        .expect(
            "+I[a, 1, 10, 1, 10]",
            "+I[a, 3, 30, 2, 40]",
            "+I[a, 2, 20, 2, 30]", "-U[a, 3, 30, 2, 40]", "+U[a, 3, 30, 2, 50]",
            "+I[b, 1, 5, 1, 5]",
            "-D[a, 1, 10, 1, 10]", "-U[a, 2, 20, 2, 30]", "+U[a, 2, 20, 1, 20]",
            "STATE 3",
            "-D[a, 2, 20, 1, 20]", "-U[a, 3, 30, 2, 50]", "+U[a, 3, 30, 1, 30]",
            "+I[a, 2, 25, 1, 25]", "-U[a, 3, 30, 1, 30]", "+U[a, 3, 30, 2, 55]",
            "WM 4",
            "STATE 3");
  }

  @Test
  void rowsTyingOnTheOrderAreOrderedByTheirValuesNotByArrival() {
    // in a, 30 comes first; in b, 10 does: both end with 10 before 30
    OperatorHarness.of(spec(true, 1, COUNT, SUM), INPUT)
        .batch(row("a", 5L, 30L))
        .batch(row("a", 5L, 10L))
        .batch(row("b", 5L, 10L))
        .batch(row("b", 5L, 30L))
        .expect(
            "+I[a, 5, 30, 1, 30]",
            "+I[a, 5, 10, 1, 10]", "-U[a, 5, 30, 1, 30]", "+U[a, 5, 30, 2, 40]",
            "+I[b, 5, 10, 1, 10]",
            "+I[b, 5, 30, 2, 40]");
  }

  @Test
  void aRetractionOfOneOfEqualRowsRemovesTheLastOfThem() {
    OperatorHarness.of(spec(true, 1, COUNT, SUM), INPUT)
        .batch(row("a", 1L, 7L), row("a", 1L, 7L), row("a", 2L, 1L))
        .change(RowKind.DELETE, "a", 1L, 7L)
        .state()
        .expect(
            "+I[a, 1, 7, 1, 7]",
            "+I[a, 1, 7, 2, 14]",
            "+I[a, 2, 1, 2, 8]",
            "-D[a, 1, 7, 2, 14]", // the second 7; the row after it reaches back to the first, equal: no change
            "STATE 2");
  }

  @Test
  void anUnboundedFrameChangesEveryRowAfterTheChangedOne() {
    OperatorHarness.of(spec(true, -1, SUM), INPUT)
        .batch(row("a", 1L, 1L), row("a", 2L, 2L), row("a", 4L, 4L))
        .batch(row("a", 3L, 3L))
        .change(RowKind.DELETE, "a", 1L, 1L)
        .expect(
            "+I[a, 1, 1, 1]",
            "+I[a, 2, 2, 3]",
            "+I[a, 4, 4, 7]",
            "+I[a, 3, 3, 6]", "-U[a, 4, 4, 7]", "+U[a, 4, 4, 10]",
            "-D[a, 1, 1, 1]", "-U[a, 2, 2, 3]", "+U[a, 2, 2, 2]", "-U[a, 3, 3, 6]", "+U[a, 3, 3, 5]", "-U[a, 4, 4, 10]", "+U[a, 4, 4, 9]");
  }

  @Test
  void anUnboundedRangeFrameHoldsTheRowsPeersSoAChangeReachesThePeersBeforeIt() {
    OperatorHarness.of(spec(false, -1, COUNT), INPUT)
        .batch(row("a", 1L, 10L), row("a", 2L, 20L))
        .batch(row("a", 2L, 15L)) // a peer of 20, before it
        .change(RowKind.DELETE, "a", 2L, 20L)
        .expect(
            "+I[a, 1, 10, 1]",
            "+I[a, 2, 20, 2]",
            "+I[a, 2, 15, 3]", "-U[a, 2, 20, 2]", "+U[a, 2, 20, 3]",
            "-U[a, 2, 15, 3]", "+U[a, 2, 15, 2]", "-D[a, 2, 20, 3]");
  }

  @Test
  void aRangeFrameOfAnIntervalHoldsTheRowsWithinItBefore() {
    AggCall max = call(AggKind.MAX, 2, false);
    OperatorHarness.of(spec(false, 2, COUNT, max), INPUT)
        .batch(row("a", 1L, 10L), row("a", 3L, 30L), row("a", 6L, 5L))
        .batch(row("a", 4L, 40L)) // in the frame of 6, [4, 6]
        .change(RowKind.DELETE, "a", 1L, 10L) // in the frame of 3, [1, 3], not of 4
        .expect(
            "+I[a, 1, 10, 1, 10]",
            "+I[a, 3, 30, 2, 30]",
            "+I[a, 6, 5, 1, 5]",
            "+I[a, 4, 40, 2, 40]", "-U[a, 6, 5, 1, 5]", "+U[a, 6, 5, 2, 40]",
            "-D[a, 1, 10, 1, 10]", "-U[a, 3, 30, 2, 30]", "+U[a, 3, 30, 1, 30]");
  }

  @Test
  void aDescendingRangeFrameReachesBackToGreaterTimes() {
    OperatorHarness.of(spec(List.of(new SortKey(1, true, false)), false, 2, COUNT), INPUT)
        .batch(row("a", 5L, 1L), row("a", 3L, 2L), row("a", 2L, 3L))
        .expect("+I[a, 5, 1, 1]", "+I[a, 3, 2, 2]", "+I[a, 2, 3, 2]");
  }

  @Test
  void aCurrentRowRangeFrameIsTheRowsPeers() {
    OperatorHarness.of(spec(false, 0, COUNT), INPUT)
        .batch(row("a", 1L, 1L), row("a", 1L, 2L), row("a", 2L, 3L))
        // the new peer sorts after the old one: the old one's change comes first
        .expect("+I[a, 1, 1, 1]", "-U[a, 1, 1, 1]", "+U[a, 1, 1, 2]", "+I[a, 1, 2, 2]", "+I[a, 2, 3, 1]");
  }

  @Test
  void nullsSortWhereTheKeySaysAndAggregatesSkipNullValues() {
    AggCall countV = call(AggKind.COUNT, 2, false);
    OperatorHarness.of(spec(true, 1, countV, SUM), INPUT)
        .batch(row("a", 1L, null))
        .batch(row("a", null, 1L)) // nulls first: before the row at 1
        .batch(row("a", 2L, 3L))
        .batch(row(null, 1L, 4L)) // a partition of its own
        .state()
        .expect(
            "+I[a, 1, null, 0, null]",
            "+I[a, null, 1, 1, 1]", "-U[a, 1, null, 0, null]", "+U[a, 1, null, 1, 1]",
            "+I[a, 2, 3, 1, 3]",
            "+I[null, 1, 4, 1, 4]",
            "STATE 4");
  }

  @Test
  void aRowWhoseResultDoesNotChangeEmitsNothing() {
    // MAX over the last two: inserting 1 before 9 leaves 9's maximum as it was
    OperatorHarness.of(spec(true, 1, call(AggKind.MAX, 2, false)), INPUT)
        .batch(row("a", 2L, 9L))
        .batch(row("a", 1L, 1L))
        .expect("+I[a, 2, 9, 9]", "+I[a, 1, 1, 1]");
  }

  @Test
  void theLastRowOfAPartitionRetractedFreesIt() {
    OperatorHarness.of(spec(true, 3, COUNT), INPUT)
        .batch(row("a", 1L, 1L), row("b", 1L, 1L))
        .change(RowKind.DELETE, "a", 1L, 1L)
        .state()
        .change(RowKind.DELETE, "b", 1L, 1L)
        .state()
        .batch(row("a", 1L, 1L))
        .expect("+I[a, 1, 1, 1]", "+I[b, 1, 1, 1]", "-D[a, 1, 1, 1]", "STATE 1", "-D[b, 1, 1, 1]", "STATE 0", "+I[a, 1, 1, 1]");
  }

  @Test
  void aSpecRefusesFramesItCannotRun() {
    assertThrows(IllegalArgumentException.class, () -> spec(List.of(), true, 1, COUNT));
    assertThrows(IllegalArgumentException.class, () -> spec(true, UpdatingOverAggregateSpec.MAX_ROWS_PRECEDING + 1, COUNT));
    // an interval back needs one ORDER BY key of times
    assertThrows(IllegalArgumentException.class, () -> spec(List.of(new SortKey(2, false, true)), false, 10, COUNT));
    assertThrows(IllegalArgumentException.class, () -> spec(List.of(new SortKey(1, false, true), new SortKey(2, false, true)), false, 10, COUNT));
  }
}
