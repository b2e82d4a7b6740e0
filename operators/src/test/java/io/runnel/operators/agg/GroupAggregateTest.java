package io.runnel.operators.agg;

import io.runnel.operators.batch.RowKind;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupAggregateTest {
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  static final DataType BIGINT_NOT_NULL = BIGINT.withNullable(false);
  static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);
  // key, value, flag
  static final Schema INPUT =
      Schema.of(new DataType.Field("k", VARCHAR), new DataType.Field("v", BIGINT), new DataType.Field("f", DataType.of(TypeKind.BOOLEAN)));

  static AggCall call(AggKind kind, int arg, boolean retracting) {
    DataType type = kind == AggKind.COUNT || kind == AggKind.COUNT_STAR ? BIGINT_NOT_NULL : BIGINT;
    return new AggCall(kind, arg, false, -1, type, kind.name().toLowerCase(), retracting);
  }

  @Test
  void eachRowEmitsItsGroupsChange() {
    var spec = new GroupAggregateSpec(INPUT, List.of(0), List.of(call(AggKind.COUNT_STAR, -1, false), call(AggKind.SUM, 1, false)));
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {"a", 1L, true}, new Object[] {"b", 5L, true}, new Object[] {"a", 2L, false})
        .watermark(10)
        .batch(new Object[] {"b", null, true})
        .expect("+I[a, 1, 1]", "+I[b, 1, 5]", "-U[a, 1, 1]", "+U[a, 2, 3]", "WM 10", "-U[b, 1, 5]", "+U[b, 2, 5]");
  }

  // key, value, flag, event time
  static final Schema TIMED = Schema.of(
      new DataType.Field("k", VARCHAR), new DataType.Field("v", BIGINT), new DataType.Field("f", DataType.of(TypeKind.BOOLEAN)), new DataType.Field("t", BIGINT));

  @Test
  void aStateTimeToLiveFreesAGroupTheTtlAfterItsLatestRow() {
    var spec = new GroupAggregateSpec(TIMED, List.of(0), List.of(call(AggKind.COUNT_STAR, -1, true), call(AggKind.SUM, 1, true)), false, 10, 3);
    OperatorHarness.of(spec, TIMED)
        .batch(new Object[] {"a", 1L, true, 0L}, new Object[] {"b", 5L, true, 0L}, new Object[] {"b", 2L, true, 6L}) // b lives until 16
        .watermark(10) // a's time is up: freed, nothing emitted
        .state()
        .batch(new Object[] {"a", 4L, true, 11L}) // a starts again
        .batch(new Object[] {"b", 1L, true, 15L}, new Object[] {"b", 3L, true, 26L}) // 26 is 11 past 15: b starts again
        .change(RowKind.DELETE, "b", 1L, true, 15L) // in the freed group: nothing to take back
        .change(RowKind.DELETE, "b", 3L, true, 26L) // b empties: deleted as before
        .state()
        .watermark(100)
        .state()
        .expect(
            "+I[a, 1, 1]", "+I[b, 1, 5]", "-U[b, 1, 5]", "+U[b, 2, 7]",
            "WM 10", "STATE 1",
            "+I[a, 1, 4]",
            "-U[b, 2, 7]", "+U[b, 3, 8]", "+I[b, 1, 3]",
            "-D[b, 1, 3]", "STATE 1",
            "WM 100", "STATE 0");
  }

  @Test
  void aStateTimeToLiveNeedsAnEventTimeAndNoMiniBatch() {
    var calls = List.of(call(AggKind.COUNT_STAR, -1, true));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new GroupAggregateSpec(TIMED, List.of(0), calls, false, 10, -1));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new GroupAggregateSpec(TIMED, List.of(0), calls, true, 10, 3));
    org.junit.jupiter.api.Assertions.assertEquals(
        "GroupAggregate(keys=[0], aggs=[" + calls.get(0) + "], ttl=10 by $3)", new GroupAggregateSpec(TIMED, List.of(0), calls, false, 10, 3).describe());
  }

  @Test
  void sumOfOnlyNullsIsNullAndAnUnchangedResultEmitsNothing() {
    var spec = new GroupAggregateSpec(INPUT, List.of(0), List.of(call(AggKind.SUM, 1, false), call(AggKind.MAX, 1, false)));
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {"a", null, true})
        .batch(new Object[] {"a", 4L, true})
        .batch(new Object[] {"a", null, true})
        .expect("+I[a, null, null]", "-U[a, null, null]", "+U[a, 4, 4]");
  }

  @Test
  void retractionsTakeValuesBackAndTheLastOneDeletesTheGroup() {
    var spec =
        new GroupAggregateSpec(
            INPUT, List.of(0), List.of(call(AggKind.COUNT_STAR, -1, true), call(AggKind.MIN, 1, true), call(AggKind.MAX, 1, true)));
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {"a", 3L, true}, new Object[] {"a", 9L, true}, new Object[] {"a", 1L, true})
        .state()
        .change(RowKind.UPDATE_BEFORE, "a", 1L, true)
        .change(RowKind.UPDATE_AFTER, "a", 5L, true)
        .change(RowKind.DELETE, "a", 9L, true)
        .change(RowKind.DELETE, "a", 3L, true)
        .change(RowKind.DELETE, "a", 5L, true)
        .change(RowKind.DELETE, "zz", 5L, true)
        .state()
        .expect(
            "+I[a, 1, 3, 3]",
            "-U[a, 1, 3, 3]", "+U[a, 2, 3, 9]",
            "-U[a, 2, 3, 9]", "+U[a, 3, 1, 9]", "STATE 1",
            "-U[a, 3, 1, 9]", "+U[a, 2, 3, 9]",
            "-U[a, 2, 3, 9]", "+U[a, 3, 3, 9]",
            "-U[a, 3, 3, 9]", "+U[a, 2, 3, 5]",
            "-U[a, 2, 3, 5]", "+U[a, 1, 5, 5]",
            "-D[a, 1, 5, 5]", "STATE 0");
  }

  @Test
  void filterAndDistinctCountOnlyTheirRows() {
    var countIf = new AggCall(AggKind.COUNT_STAR, -1, false, 2, BIGINT_NOT_NULL, "flagged", false);
    var distinct = new AggCall(AggKind.COUNT, 1, true, -1, BIGINT_NOT_NULL, "values", false);
    var distinctIf = new AggCall(AggKind.COUNT, 1, true, 2, BIGINT_NOT_NULL, "flagged_values", false);
    var spec = new GroupAggregateSpec(INPUT, List.of(), List.of(countIf, distinct, distinctIf));
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {"a", 1L, true}, new Object[] {"b", 1L, false}, new Object[] {"c", 2L, null}, new Object[] {"d", 2L, true})
        .expect("+I[1, 1, 1]", "-U[1, 1, 1]", "+U[1, 2, 1]", "-U[1, 2, 1]", "+U[2, 2, 2]");
  }

  @Test
  void distinctCountsOfStringsOverAnInsertOnlyInputKeepOneBitPerCall() {
    var distinct = new AggCall(AggKind.COUNT, 0, true, -1, BIGINT_NOT_NULL, "keys", false);
    var distinctIf = new AggCall(AggKind.COUNT, 0, true, 2, BIGINT_NOT_NULL, "flagged_keys", false);
    var spec = new GroupAggregateSpec(INPUT, List.of(1), List.of(distinct, distinctIf));
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {"a", 1L, false}, new Object[] {"a", 1L, true}, new Object[] {"b", 1L, true})
        .batch(new Object[] {"a", 1L, true}, new Object[] {null, 1L, true}, new Object[] {"b", 2L, false})
        .expect(
            "+I[1, 1, 0]",
            "-U[1, 1, 0]", "+U[1, 1, 1]", // "a" seen before, now also by the filtered call
            "-U[1, 1, 1]", "+U[1, 2, 2]",
            "+I[2, 1, 0]"); // "a" again and NULL change nothing: no change emitted
  }

  @Test
  void distinctCountsOverOneColumnShareTheirStateAndTakeRowsBack() {
    var distinct = new AggCall(AggKind.COUNT, 1, true, -1, BIGINT_NOT_NULL, "values", true);
    var distinctIf = new AggCall(AggKind.COUNT, 1, true, 2, BIGINT_NOT_NULL, "flagged_values", true);
    var spec = new GroupAggregateSpec(INPUT, List.of(0), List.of(distinct, distinctIf));
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {"a", 1L, true}, new Object[] {"a", 1L, false}, new Object[] {"a", 2L, false})
        .change(RowKind.DELETE, "a", 1L, true) // 1 is still held unflagged
        .change(RowKind.DELETE, "a", 2L, false)
        .change(RowKind.DELETE, "a", 1L, false)
        .expect(
            "+I[a, 1, 1]", // the second row leaves the result as it was: nothing
            "-U[a, 1, 1]", "+U[a, 2, 1]",
            "-U[a, 2, 1]", "+U[a, 2, 0]",
            "-U[a, 2, 0]", "+U[a, 1, 0]",
            "-D[a, 1, 0]");
  }

  @Test
  void miniBatchFoldsABatchsChangesIntoOnePerGroup() {
    var spec = new GroupAggregateSpec(INPUT, List.of(0), List.of(call(AggKind.COUNT_STAR, -1, false), call(AggKind.SUM, 1, false)), true);
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {"a", 1L, true}, new Object[] {"b", 2L, true}, new Object[] {"a", 3L, true}, new Object[] {"a", 4L, true})
        .batch(new Object[] {"b", 5L, true}, new Object[] {"a", 0L, true})
        .expectWithBatchesAsGiven("+I[a, 3, 8]", "+I[b, 1, 2]", "-U[b, 1, 2]", "+U[b, 2, 7]", "-U[a, 3, 8]", "+U[a, 4, 8]");
  }

  @Test
  void miniBatchFreesAGroupWhoseRowsAreAllTakenBackAndStartsItAfresh() {
    var spec = new GroupAggregateSpec(INPUT, List.of(0), List.of(call(AggKind.COUNT_STAR, -1, false), call(AggKind.SUM, 1, true)), true);
    OperatorHarness.of(spec, INPUT)
        .batch(new Object[] {"a", 1L, true}, new Object[] {"a", 2L, true})
        .change(RowKind.DELETE, "a", 1L, true)
        .change(RowKind.DELETE, "a", 2L, true)
        .batch(new Object[] {"a", 5L, true})
        .expectWithBatchesAsGiven("+I[a, 2, 3]", "-U[a, 2, 3]", "+U[a, 1, 2]", "-D[a, 1, 2]", "+I[a, 1, 5]");
  }
}
