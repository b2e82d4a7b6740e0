package io.runnel.operators.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.batch.RowKind;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeduplicateTest {
  // key, value, event time
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("k", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("v", DataType.of(TypeKind.BIGINT)),
          new DataType.Field("t", DataType.of(TypeKind.BIGINT)));

  static OperatorHarness dedup(int timeColumn, boolean keepLast, boolean insertOnly) {
    return OperatorHarness.of(new DeduplicateSpec(INPUT, List.of(0), timeColumn, keepLast, insertOnly), INPUT);
  }

  static Object[] row(String k, long v, Long t) {
    return new Object[] {k, v, t};
  }

  @Test
  void keepFirstByArrivalEmitsEachKeyOnceAndHoldsOnlyKeys() {
    dedup(-1, false, true)
        .change(RowKind.DELETE, "a", 0L, 0L)
        .batch(row("a", 1, 0L), row("b", 2, 0L), row("a", 3, 0L))
        .batch(row("a", 4, 0L))
        .state()
        .watermark(3)
        .expect("ERROR a -D row on an input declared insert-only: dropped", "+I[a, 1, 0]", "+I[b, 2, 0]", "STATE 2", "WM 3");
  }

  @Test
  void aStateTimeToLiveFreesAKeyTheTtlAfterItsLatestRow() {
    // keys only; one row per key; every row per key (updating input)
    for (boolean insertOnly : new boolean[] {true, false}) {
      for (int order : new int[] {-1, 2}) {
        if (order == 2 && !insertOnly) {
          continue;
        }
        OperatorHarness.of(new DeduplicateSpec(INPUT, List.of(0), order, false, insertOnly, 10, 2), INPUT)
            .batch(row("a", 1, 0L), row("b", 2, 0L))
            .batch(row("b", 3, 6L)) // a duplicate: b lives on, until 16
            .watermark(10) // a is freed
            .state()
            .batch(row("a", 4, 11L), row("b", 5, 12L), row("b", 6, 22L)) // 22 is 10 past 12: b's first again
            .state()
            .watermark(50)
            .state()
            .expect(
                "+I[a, 1, 0]", "+I[b, 2, 0]", "WM 10", "STATE " + (insertOnly ? 1 : 2),
                "+I[a, 4, 11]", "+I[b, 6, 22]", "STATE 2",
                "WM 50", "STATE 0");
      }
    }
  }

  @Test
  void keepLastByArrivalReplacesTheKeysRow() {
    dedup(-1, true, true)
        .batch(row("a", 1, 0L), row("b", 2, 0L), row("a", 3, 0L))
        .batch(row("a", 3, 0L)) // the same row again: nothing changes
        .state()
        .expect("+I[a, 1, 0]", "+I[b, 2, 0]", "-U[a, 1, 0]", "+U[a, 3, 0]", "STATE 2");
  }

  @Test
  void keepFirstByEventTimeKeepsTheSmallestTimeAndTheEarlierOfTies() {
    dedup(2, false, true)
        .batch(row("a", 5, null))
        .batch(row("a", 1, 5L))
        .batch(row("a", 2, 7L)) // later: dropped
        .batch(row("a", 3, 3L)) // earlier: replaces
        .batch(row("a", 4, 3L)) // ties: the earlier arrival stays
        .state()
        .expect("ERROR the event time t is NULL: the row has no place in the order", "+I[a, 1, 5]", "-U[a, 1, 5]", "+U[a, 3, 3]", "STATE 1");
  }

  @Test
  void keepLastByEventTimeKeepsTheLargestTimeAndTheLaterOfTies() {
    dedup(2, true, true)
        .batch(row("a", 1, 5L))
        .batch(row("a", 2, 3L)) // earlier: dropped
        .batch(row("a", 3, 7L))
        .batch(row("a", 4, 7L)) // ties: the later arrival wins
        .state()
        .expect("+I[a, 1, 5]", "-U[a, 1, 5]", "+U[a, 3, 7]", "-U[a, 3, 7]", "+U[a, 4, 7]", "STATE 1");
  }

  @Test
  void keepLastByArrivalOverAnUpdatingInputFallsBackToThePreviousRow() {
    dedup(-1, true, false)
        .change(RowKind.INSERT, "a", 1L, 0L)
        .change(RowKind.INSERT, "a", 2L, 0L)
        .change(RowKind.UPDATE_BEFORE, "a", 2L, 0L) // the kept row leaves: the one before takes its place
        .change(RowKind.UPDATE_AFTER, "a", 3L, 0L)
        .state()
        .change(RowKind.DELETE, "a", 1L, 0L) // not the kept row: nothing to emit
        .change(RowKind.DELETE, "a", 9L, 0L) // not held: dropped
        .change(RowKind.DELETE, "a", 3L, 0L) // the key's last row
        .state()
        .expect("+I[a, 1, 0]", "-U[a, 1, 0]", "+U[a, 2, 0]", "-U[a, 2, 0]", "+U[a, 1, 0]", "-U[a, 1, 0]", "+U[a, 3, 0]", "STATE 2", "-D[a, 3, 0]", "STATE 0");
  }

  @Test
  void keepFirstByArrivalOverAnUpdatingInputFallsBackToTheNextRow() {
    dedup(-1, false, false)
        .change(RowKind.INSERT, "a", 1L, 0L)
        .change(RowKind.INSERT, "a", 2L, 0L)
        .change(RowKind.DELETE, "a", 1L, 0L)
        .change(RowKind.DELETE, "a", 2L, 0L)
        .state()
        .expect("+I[a, 1, 0]", "-U[a, 1, 0]", "+U[a, 2, 0]", "-D[a, 2, 0]", "STATE 0");
  }

  @Test
  void equalRowsOverAnUpdatingInputChangeNothingUntilTheLastLeaves() {
    dedup(-1, true, false)
        .change(RowKind.INSERT, "a", 1L, 0L)
        .change(RowKind.INSERT, "a", 1L, 0L)
        .change(RowKind.DELETE, "a", 1L, 0L)
        .state()
        .change(RowKind.DELETE, "a", 1L, 0L)
        .expect("+I[a, 1, 0]", "STATE 1", "-D[a, 1, 0]");
  }

  @Test
  void keepFirstByEventTimeOverAnUpdatingInput() {
    dedup(2, false, false)
        .change(RowKind.INSERT, "a", 1L, 5L)
        .change(RowKind.INSERT, "a", 2L, 3L)
        .change(RowKind.INSERT, "a", 3L, 3L) // ties the kept row: arrived later, waits
        .change(RowKind.DELETE, "a", 2L, 3L)
        .change(RowKind.DELETE, "a", 3L, 3L)
        .change(RowKind.DELETE, "a", 1L, 7L) // no such row: dropped
        .state()
        .expect("+I[a, 1, 5]", "-U[a, 1, 5]", "+U[a, 2, 3]", "-U[a, 2, 3]", "+U[a, 3, 3]", "-U[a, 3, 3]", "+U[a, 1, 5]", "STATE 1");
  }

  @Test
  void keepLastByEventTimeOverAnUpdatingInput() {
    dedup(2, true, false)
        .change(RowKind.INSERT, "a", 1L, 5L)
        .change(RowKind.INSERT, "a", 2L, 5L) // ties: the later arrival wins
        .change(RowKind.INSERT, "a", 3L, 4L)
        .change(RowKind.INSERT, "b", 4L, 1L)
        .change(RowKind.DELETE, "a", 2L, 5L)
        .change(RowKind.DELETE, "a", 1L, 5L)
        .state()
        .expect("+I[a, 1, 5]", "-U[a, 1, 5]", "+U[a, 2, 5]", "+I[b, 4, 1]", "-U[a, 2, 5]", "+U[a, 1, 5]", "-U[a, 1, 5]", "+U[a, 3, 4]", "STATE 2");
  }

  @Test
  void describesItselfAndAsksForItsKeys() {
    DeduplicateSpec first = new DeduplicateSpec(INPUT, List.of(0), -1, false, true);
    assertEquals("Deduplicate(keys=[0], keep=first, order=proctime)", first.describe());
    assertFalse(first.updating());
    assertEquals(Distribution.byKeys(List.of(0)), first.inputDistribution(0));
    DeduplicateSpec last = new DeduplicateSpec(INPUT, List.of(0, 1), 2, true, false);
    assertEquals("Deduplicate(keys=[0, 1], keep=last, order=$2, input=updating)", last.describe());
    assertTrue(last.updating());
    assertEquals(INPUT, last.outputSchema());
  }
}
