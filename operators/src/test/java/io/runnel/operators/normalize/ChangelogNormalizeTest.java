package io.runnel.operators.normalize;

import io.runnel.operators.batch.RowKind;
import io.runnel.operators.harness.OperatorHarness;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangelogNormalizeTest {
  static final Schema USERS =
      Schema.of(new DataType.Field("id", DataType.of(TypeKind.BIGINT)), new DataType.Field("name", DataType.of(TypeKind.VARCHAR)));

  @Test
  void upsertsBecomeInsertsUpdatesAndDeletes() {
    OperatorHarness.of(new ChangelogNormalizeSpec(USERS, List.of(0)), USERS)
        .batch(new Object[] {1L, "ann"}, new Object[] {2L, "bob"})
        .batch(new Object[] {1L, "anna"})
        .state()
        .change(RowKind.DELETE, 2L, null)
        .state()
        .expect("+I[1, ann]", "+I[2, bob]", "-U[1, ann]", "+U[1, anna]", "STATE 2", "-D[2, bob]", "STATE 1");
  }

  @Test
  void anUnchangedRowEmitsNothingAndADeleteOfAnUnknownKeyIsDropped() {
    OperatorHarness.of(new ChangelogNormalizeSpec(USERS, List.of(0)), USERS)
        .batch(new Object[] {1L, "ann"})
        .batch(new Object[] {1L, "ann"})
        .change(RowKind.DELETE, 7L, "nobody")
        .watermark(5)
        .expect("+I[1, ann]", "WM 5");
  }

  @Test
  void stateSurvivesSnapshotAndRestore() {
    // the harness restores into a fresh operator between inputs: the update must still see the old row
    OperatorHarness.of(new ChangelogNormalizeSpec(USERS, List.of(0)), USERS)
        .batch(new Object[] {9L, "x"})
        .watermark(1)
        .batch(new Object[] {9L, "y"})
        .expect("+I[9, x]", "WM 1", "-U[9, x]", "+U[9, y]");
  }
}
