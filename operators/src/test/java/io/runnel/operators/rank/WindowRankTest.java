package io.runnel.operators.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.operators.batch.RowKind;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.Timestamps;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowRankTest {
  static final DataType TS = DataType.of(TypeKind.TIMESTAMP);
  // key, value, event time, window_start, window_end
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("k", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("v", DataType.of(TypeKind.BIGINT)),
          new DataType.Field("ts", TS),
          new DataType.Field("window_start", TS),
          new DataType.Field("window_end", TS));
  static final List<SortKey> VALUE_DESC = List.of(new SortKey(1, true, true));

  static Object[] row(String k, long v, long ts, long start, long end) {
    return new Object[] {k, v, ts, start, end};
  }

  static WindowRankSpec top2(boolean rank) {
    return new WindowRankSpec(INPUT, List.of(0), 3, 4, VALUE_DESC, RankFunction.ROW_NUMBER, 2, rank, rank ? RankSpec.withRankColumn(INPUT, "rk") : INPUT);
  }

  static String ts(long millis) {
    return Timestamps.format(millis);
  }

  @Test
  void aWindowEmitsItsTopRowsOnceWhenTheWatermarkReachesItsLastMillisecond() {
    OperatorHarness.of(top2(true), INPUT)
        .batch(row("a", 1, 1, 0, 10), row("a", 5, 2, 0, 10), row("b", 7, 4, 0, 10), row("a", 3, 3, 0, 10), row("a", 9, 12, 10, 20))
        .batch(row("a", 0, 6, 0, 10)) // below the top 2: not kept
        .state()
        .watermark(8) // the window [0, 10) still takes rows at 9
        .state()
        .watermark(9)
        .state()
        .batch(row("a", 8, 5, 0, 10)) // its window has fired: late
        .watermark(Long.MAX_VALUE)
        .state()
        .expect(
            "STATE 4",
            "WM 8",
            "STATE 4",
            "+I[a, 5, 2, 0, 10, 1]", "+I[a, 3, 3, 0, 10, 2]", "+I[b, 7, 4, 0, 10, 1]",
            "WM 9",
            "STATE 1",
            "LATE 9 [a, 8, " + ts(5) + ", " + ts(0) + ", " + ts(10) + "]",
            "+I[a, 9, 12, 10, 20, 1]",
            "WM " + Long.MAX_VALUE,
            "STATE 0");
  }

  @Test
  void withoutARankColumnAndWithTies() {
    OperatorHarness.of(new WindowRankSpec(INPUT, List.of(), 3, 4, VALUE_DESC, RankFunction.RANK, 2, false, INPUT), INPUT)
        .batch(row("a", 5, 1, 0, 10), row("b", 5, 2, 0, 10), row("c", 5, 3, 0, 10), row("d", 9, 4, 0, 10), row("e", 1, 5, 0, 10))
        .state()
        .watermark(20)
        .expect("STATE 4", "+I[d, 9, 4, 0, 10]", "+I[a, 5, 1, 0, 10]", "+I[b, 5, 2, 0, 10]", "+I[c, 5, 3, 0, 10]", "WM 20");
  }

  @Test
  void windowsOfOneEndAndDifferentStartsAreRankedApart() {
    OperatorHarness.of(top2(false), INPUT)
        .batch(row("a", 1, 8, 0, 10), row("a", 2, 8, 5, 10), row("a", 3, 8, 5, 10), row("a", 4, 8, 5, 10))
        .watermark(9)
        .expect("+I[a, 1, 8, 0, 10]", "+I[a, 4, 8, 5, 10]", "+I[a, 3, 8, 5, 10]", "WM 9");
  }

  @Test
  void deduplicationKeepsOneRowPerKeyAndWindow() {
    OperatorHarness.of(WindowRankSpec.deduplicate(INPUT, List.of(0), 3, 4, 2, false), INPUT)
        .batch(row("a", 1, 5, 0, 10), row("a", 2, 3, 0, 10), row("a", 3, 3, 0, 10), row("b", 4, 7, 0, 10))
        .state()
        .watermark(9)
        .expect("STATE 2", "+I[a, 2, 3, 0, 10]", "+I[b, 4, 7, 0, 10]", "WM 9");
    OperatorHarness.of(WindowRankSpec.deduplicate(INPUT, List.of(0), 3, 4, 2, true), INPUT)
        .batch(row("a", 1, 5, 0, 10), row("a", 2, 3, 0, 10), row("a", 3, 8, 0, 10), row("a", 4, 8, 0, 10))
        .watermark(9)
        .expect("+I[a, 3, 8, 0, 10]", "WM 9");
  }

  @Test
  void aRetractionIsReported() {
    OperatorHarness.of(top2(false), INPUT)
        .change(RowKind.DELETE, "a", 1L, 1L, 0L, 10L)
        .watermark(9)
        .expect("ERROR a -D row on an input that must be insert-only: dropped", "WM 9");
  }

  @Test
  void describesItself() {
    assertEquals("WindowRank(function=row_number, partition=[0], window=[$3, $4], order=[$1 desc], limit=2, rankColumn)", top2(true).describe());
    assertEquals("WindowRank(function=row_number, partition=[0], window=[$3, $4], order=[$2], limit=1)", WindowRankSpec.deduplicate(INPUT, List.of(0), 3, 4, 2, false).describe());
    assertEquals("WindowRank(function=row_number, partition=[0], window=[$3, $4], order=[$2 desc nulls last], limit=1)", WindowRankSpec.deduplicate(INPUT, List.of(0), 3, 4, 2, true).describe());
  }
}
