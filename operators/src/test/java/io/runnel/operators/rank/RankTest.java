package io.runnel.operators.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.operators.batch.RowKind;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankTest {
  // partition, name, score
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("k", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("n", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("s", DataType.of(TypeKind.BIGINT)));
  static final Schema RANKED = RankSpec.withRankColumn(INPUT, "rk");
  static final List<SortKey> SCORE_DESC = List.of(new SortKey(2, true, true));
  static final List<SortKey> SCORE_ASC = List.of(new SortKey(2, false, false));

  static RankSpec topN(RankFunction function, List<SortKey> order, long limit, boolean rank, boolean insertOnly) {
    return new RankSpec(INPUT, List.of(0), order, function, limit, rank, rank ? RANKED : INPUT, insertOnly);
  }

  static Object[] row(String k, String n, Long s) {
    return new Object[] {k, n, s};
  }

  @Test
  void rowNumberWithARankColumnRetractsEveryRowWhoseNumberChanged() {
    OperatorHarness.of(topN(RankFunction.ROW_NUMBER, SCORE_DESC, 2, true, true), INPUT)
        .batch(row("a", "x", 10L))
        .batch(row("a", "y", 20L))
        .batch(row("a", "z", 20L)) // ties y: the earlier arrival ranks first
        .batch(row("b", "w", 5L))
        .batch(row("a", "v", 15L)) // below the top 2
        .batch(row("a", "u", 30L))
        .state()
        .expect(
            "+I[a, x, 10, 1]",
            "-U[a, x, 10, 1]", "+U[a, y, 20, 1]", "+I[a, x, 10, 2]",
            "-U[a, x, 10, 2]", "+U[a, z, 20, 2]",
            "+I[b, w, 5, 1]",
            "-U[a, y, 20, 1]", "+U[a, u, 30, 1]", "-U[a, z, 20, 2]", "+U[a, y, 20, 2]",
            "STATE 3");
  }

  @Test
  void aStateTimeToLiveFreesAPartitionTheTtlAfterItsLatestRow() {
    // partition, name, score; the score is also the event time here
    for (boolean insertOnly : new boolean[] {true, false}) {
      OperatorHarness.of(new RankSpec(INPUT, List.of(0), SCORE_ASC, RankFunction.ROW_NUMBER, 1, false, INPUT, insertOnly, 10, 2), INPUT)
          .batch(row("a", "x", 0L), row("b", "y", 5L))
          .batch(row("b", "z", 9L)) // below b's top row, but b lives on, until 19
          .watermark(10) // a is freed
          .state()
          .batch(row("a", "w", 12L)) // a's top row again, though x ranked above it
          .batch(row("b", "v", 30L)) // 30 is past 19: b starts again
          .watermark(100)
          .state()
          .expect("+I[a, x, 0]", "+I[b, y, 5]", "WM 10", "STATE " + (insertOnly ? 1 : 2), "+I[a, w, 12]", "+I[b, v, 30]", "WM 100", "STATE 0");
    }
  }

  @Test
  void withoutARankColumnOnlyRowsLeavingAndEnteringAreEmitted() {
    OperatorHarness.of(topN(RankFunction.ROW_NUMBER, SCORE_DESC, 2, false, true), INPUT)
        .batch(row("a", "x", 10L), row("a", "y", 20L), row("a", "z", 20L))
        .batch(row("b", "w", 5L), row("a", "v", 15L), row("a", "u", 30L))
        .watermark(7)
        .expect(
            "+I[a, x, 10]",
            "+I[a, y, 20]",
            "-D[a, x, 10]", "+I[a, z, 20]",
            "+I[b, w, 5]",
            "-D[a, z, 20]", "+I[a, u, 30]",
            "WM 7");
  }

  @Test
  void rankGivesTiesOneNumberAndLeavesAGap() {
    OperatorHarness.of(topN(RankFunction.RANK, SCORE_ASC, 2, true, true), INPUT)
        .batch(row("a", "x", 10L))
        .batch(row("a", "y", 10L)) // ties x: both rank 1
        .batch(row("a", "z", 20L)) // rank 3: out
        .batch(row("a", "w", 5L)) // x and y fall to rank 2, still in
        .batch(row("a", "v", 5L)) // w and v rank 1, x and y rank 3: out
        .state()
        .expect(
            "+I[a, x, 10, 1]",
            "+I[a, y, 10, 1]",
            "-U[a, x, 10, 1]", "+U[a, w, 5, 1]", "-D[a, y, 10, 1]", "+I[a, x, 10, 2]", "+I[a, y, 10, 2]",
            "+I[a, v, 5, 1]", "-D[a, x, 10, 2]", "-D[a, y, 10, 2]",
            "STATE 2");
  }

  @Test
  void denseRankGivesTiesOneNumberWithoutGaps() {
    OperatorHarness.of(topN(RankFunction.DENSE_RANK, SCORE_ASC, 2, true, true), INPUT)
        .batch(row("a", "x", 10L))
        .batch(row("a", "y", 10L))
        .batch(row("a", "z", 20L)) // dense rank 2
        .batch(row("a", "u", 30L)) // dense rank 3: out
        .batch(row("a", "t", 20L)) // ties z
        .batch(row("a", "w", 5L)) // x and y become 2, z and t 3: out
        .state()
        .expect(
            "+I[a, x, 10, 1]",
            "+I[a, y, 10, 1]",
            "+I[a, z, 20, 2]",
            "+I[a, t, 20, 2]",
            "-U[a, x, 10, 1]", "+U[a, w, 5, 1]", "-D[a, y, 10, 1]",
            "-U[a, z, 20, 2]", "+U[a, x, 10, 2]", "-U[a, t, 20, 2]", "+U[a, y, 10, 2]",
            "STATE 3");
  }

  @Test
  void rankWithoutARankColumn() {
    OperatorHarness.of(topN(RankFunction.RANK, SCORE_ASC, 1, false, true), INPUT)
        .batch(row("a", "x", 10L), row("a", "y", 10L), row("a", "z", 5L), row("a", "u", 5L))
        .expect("+I[a, x, 10]", "+I[a, y, 10]", "-D[a, x, 10]", "-D[a, y, 10]", "+I[a, z, 5]", "+I[a, u, 5]");
  }

  @Test
  void nullsGoFirstOrLastAsTheSortKeySays() {
    OperatorHarness.of(topN(RankFunction.ROW_NUMBER, List.of(new SortKey(2, false, true)), 2, false, true), INPUT)
        .batch(row("a", "x", 10L))
        .batch(row("a", "y", null))
        .batch(row("a", "z", 5L))
        .expect("+I[a, x, 10]", "+I[a, y, null]", "-D[a, x, 10]", "+I[a, z, 5]");
    OperatorHarness.of(topN(RankFunction.ROW_NUMBER, List.of(new SortKey(2, false, false)), 2, false, true), INPUT)
        .batch(row("a", "x", 10L))
        .batch(row("a", "y", null))
        .batch(row("a", "z", 5L))
        .expect("+I[a, x, 10]", "+I[a, y, null]", "-D[a, y, null]", "+I[a, z, 5]");
  }

  /** Over an insert-only input rising scores keep entering the top 2 of each partition: the state stays at partitions x 2. */
  @Test
  void anInsertOnlyInputKeepsOnlyTheTopRowsOfEachPartition() {
    OperatorHarness harness = OperatorHarness.of(topN(RankFunction.ROW_NUMBER, SCORE_DESC, 2, false, true), INPUT);
    List<String> expected = new ArrayList<>();
    for (long s = 1; s <= 5; s++) {
      harness.batch(row("a", "a" + s, s), row("b", "b" + s, s), row("a", "low", 0L), row("b", "low", 0L)).state();
      for (String k : List.of("a", "b")) {
        // the new score enters, pushing out the lowest of the two kept
        if (s == 2) {
          expected.add("-D[" + k + ", low, 0]");
        } else if (s > 2) {
          expected.add("-D[" + k + ", " + k + (s - 2) + ", " + (s - 2) + "]");
        }
        expected.add("+I[" + k + ", " + k + s + ", " + s + "]");
      }
      if (s == 1) {
        // the first row of 0 is the second of its partition; the later ones rank below the top 2 and are not kept
        expected.add("+I[a, low, 0]");
        expected.add("+I[b, low, 0]");
      }
      expected.add("STATE 4");
    }
    harness.expect(expected.toArray(String[]::new));
  }

  /** The same rows over an input declared updating: every row is kept, any might come back into the top. */
  @Test
  void anUpdatingInputKeepsEveryRow() {
    OperatorHarness.of(topN(RankFunction.ROW_NUMBER, SCORE_DESC, 1, false, false), INPUT)
        .batch(row("a", "x", 1L), row("a", "y", 2L), row("a", "z", 0L), row("b", "w", 0L))
        .state()
        .expect("+I[a, x, 1]", "-D[a, x, 1]", "+I[a, y, 2]", "+I[b, w, 0]", "STATE 4");
  }

  @Test
  void aDeletedRowPullsTheNextOneIntoTheTop() {
    OperatorHarness.of(topN(RankFunction.ROW_NUMBER, SCORE_DESC, 2, true, false), INPUT)
        .change(RowKind.INSERT, "a", "x", 10L)
        .change(RowKind.INSERT, "a", "y", 20L)
        .change(RowKind.INSERT, "a", "z", 5L) // third: held, not shown
        .state()
        .change(RowKind.DELETE, "a", "y", 20L)
        .change(RowKind.UPDATE_BEFORE, "a", "x", 10L)
        .change(RowKind.UPDATE_AFTER, "a", "x", 12L)
        .change(RowKind.DELETE, "a", "q", 99L) // not held: dropped
        .change(RowKind.DELETE, "a", "z", 5L)
        .change(RowKind.DELETE, "a", "x", 12L)
        .state()
        .expect(
            "+I[a, x, 10, 1]",
            "-U[a, x, 10, 1]", "+U[a, y, 20, 1]", "+I[a, x, 10, 2]",
            "STATE 3",
            "-U[a, y, 20, 1]", "+U[a, x, 10, 1]", "-U[a, x, 10, 2]", "+U[a, z, 5, 2]",
            "-U[a, x, 10, 1]", "+U[a, z, 5, 1]", "-D[a, z, 5, 2]",
            "-U[a, z, 5, 1]", "+U[a, x, 12, 1]", "+I[a, z, 5, 2]",
            "-D[a, z, 5, 2]",
            "-D[a, x, 12, 1]",
            "STATE 0");
  }

  @Test
  void aRemovalTakesTheLatestOfEqualRows() {
    OperatorHarness.of(topN(RankFunction.ROW_NUMBER, SCORE_DESC, 3, true, false), INPUT)
        .change(RowKind.INSERT, "a", "x", 10L)
        .change(RowKind.INSERT, "a", "y", 10L)
        .change(RowKind.INSERT, "a", "x", 10L)
        .change(RowKind.DELETE, "a", "x", 10L)
        .change(RowKind.DELETE, "a", "x", 10L)
        .expect(
            "+I[a, x, 10, 1]",
            "+I[a, y, 10, 2]",
            "+I[a, x, 10, 3]",
            "-D[a, x, 10, 3]",
            "-U[a, x, 10, 1]", "+U[a, y, 10, 1]", "-D[a, y, 10, 2]");
  }

  @Test
  void aRetractionOnAnInputDeclaredInsertOnlyIsReported() {
    OperatorHarness.of(topN(RankFunction.ROW_NUMBER, SCORE_DESC, 2, false, true), INPUT)
        .change(RowKind.DELETE, "a", "x", 10L)
        .change(RowKind.INSERT, "a", "x", 10L)
        .expect("ERROR a -D row on an input declared insert-only: dropped", "+I[a, x, 10]");
  }

  @Test
  void describesItselfAndAsksForItsPartitions() {
    RankSpec spec = topN(RankFunction.ROW_NUMBER, List.of(new SortKey(2, true, true)), 3, true, true);
    assertEquals("Rank(function=row_number, partition=[0], order=[$2 desc], limit=3, rankColumn)", spec.describe());
    assertEquals(Distribution.byKeys(List.of(0)), spec.inputDistribution(0));
    RankSpec updating = new RankSpec(INPUT, List.of(), List.of(new SortKey(2, false, true), new SortKey(1, false, false)), RankFunction.DENSE_RANK, 5, false, INPUT, false);
    assertEquals("Rank(function=dense_rank, partition=[], order=[$2 nulls first, $1], limit=5, input=updating)", updating.describe());
    assertEquals(Distribution.SINGLETON, updating.inputDistribution(0));
  }
}
