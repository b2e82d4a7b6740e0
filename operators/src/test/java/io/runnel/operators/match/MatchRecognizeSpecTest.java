package io.runnel.operators.match;

import static io.runnel.operators.harness.Exprs.BIGINT;
import static io.runnel.operators.harness.Exprs.BOOLEAN;
import static io.runnel.operators.harness.Exprs.TIMESTAMP;
import static io.runnel.operators.harness.Exprs.VARCHAR;
import static io.runnel.operators.harness.Exprs.call;
import static io.runnel.operators.harness.Exprs.ref;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.runnel.operators.expr.Function;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What MATCH_RECOGNIZE reads of its input: a source decodes nothing else, and the rows it holds keep nothing else. */
class MatchRecognizeSpecTest {
  // sym, price, note, ts, extra
  private static final Schema BIDS = Schema.of(
      new DataType.Field("sym", VARCHAR), new DataType.Field("price", BIGINT), new DataType.Field("note", VARCHAR),
      new DataType.Field("ts", TIMESTAMP), new DataType.Field("extra", VARCHAR));

  /** PARTITION BY sym ORDER BY ts PATTERN (A B) DEFINE B AS B.price > A.price, MEASURES as given. */
  private static MatchRecognizeSpec spec(MatchRecognizeSpec.RowsPerMatch rows, List<MatchExpr> measures, List<DataType.Field> fields) {
    RowPattern pattern = new RowPattern.Concat(List.of(new RowPattern.Var(0), new RowPattern.Var(1)));
    MatchExpr.Nav b = new MatchExpr.Nav(MatchExpr.Kind.LAST, new int[] {1}, 0, 0, null, ref(1, BIGINT), false, BIGINT);
    MatchExpr.Nav a = new MatchExpr.Nav(MatchExpr.Kind.LAST, new int[] {0}, 0, 0, null, ref(1, BIGINT), false, BIGINT);
    MatchExpr above = new MatchExpr(List.of(b, a), call(Function.GREATER_THAN, BOOLEAN, ref(0, BIGINT), ref(1, BIGINT)));
    return new MatchRecognizeSpec(
        BIDS, new int[] {0}, 3, List.of(), new MatchSpec(Automaton.compile(pattern, 2), new AfterMatchSkip.PastLastRow()), List.of("A", "B"),
        Arrays.asList(null, above), measures, rows, new Schema(fields));
  }

  @Test
  void oneRowPerMatchReadsThePartitionTimeAndWhatConditionsAndMeasuresRead() {
    MatchExpr note = new MatchExpr(List.of(new MatchExpr.Nav(MatchExpr.Kind.FIRST, new int[] {0}, 0, 0, null, ref(2, VARCHAR), true, VARCHAR)), ref(0, VARCHAR));
    MatchRecognizeSpec spec = spec(MatchRecognizeSpec.RowsPerMatch.ONE_ROW, List.of(note), List.of(new DataType.Field("sym", VARCHAR), new DataType.Field("note", VARCHAR)));
    assertArrayEquals(new boolean[] {true, true, true, true, false}, spec.inputColumnsRead(0, null));
  }

  @Test
  void allRowsPerMatchAlsoReadsTheInputColumnsReadDownstream() {
    List<DataType.Field> fields = new java.util.ArrayList<>(BIDS.fields());
    fields.add(new DataType.Field("n", BIGINT));
    MatchExpr number = new MatchExpr(List.of(new MatchExpr.Nav(MatchExpr.Kind.MATCH_NUMBER, null, 0, 0, null, null, false, BIGINT)), ref(0, BIGINT));
    MatchRecognizeSpec spec = spec(MatchRecognizeSpec.RowsPerMatch.ALL_ROWS_SHOW_EMPTY, List.of(number), fields);
    assertArrayEquals(new boolean[] {true, true, false, true, true}, spec.inputColumnsRead(0, new boolean[] {false, false, false, false, true, true}));
    assertArrayEquals(new boolean[] {true, true, true, true, true}, spec.inputColumnsRead(0, null));
  }
}
