package io.runnel.operators.harness;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Operator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class OperatorHarnessTest {
  static final Schema NUMBERS = Schema.of(new DataType.Field("n", DataType.of(TypeKind.BIGINT)));
  static final Schema NAMES =
      Schema.of(new DataType.Field("name", DataType.of(TypeKind.VARCHAR)), new DataType.Field("n", DataType.of(TypeKind.BIGINT)));
  static final Schema TAGGED =
      Schema.of(
          new DataType.Field("input", DataType.of(TypeKind.BIGINT)),
          new DataType.Field("seen", DataType.of(TypeKind.BIGINT)),
          new DataType.Field("row", DataType.of(TypeKind.VARCHAR)));

  /** Emits each row with its input, how many rows that input has given so far (kept in its state), and its values. */
  record TagSpec() implements OperatorSpec {
    @Override
    public Schema outputSchema() {
      return TAGGED;
    }

    @Override
    public Operator create() {
      return new Tag();
    }

    @Override
    public String describe() {
      return "Tag";
    }
  }

  static final class Tag extends BaseOperator {
    private final long[] seen = new long[2];

    Tag() {
      super(TAGGED);
    }

    @Override
    public void processBatch(int input, Batch batch) {
      BatchBuilder out = new BatchBuilder(TAGGED, batch.size());
      for (int r = 0; r < batch.size(); r++) {
        out.add(batch.kind(r), (long) input, ++seen[input], batch.schema().format(batch.row(r)));
      }
      emit(out);
    }

    @Override
    public void processWatermark(Watermark watermark) {
      context.output().emitWatermark(watermark);
    }

    @Override
    public void snapshotState(DataOutput out) throws IOException {
      out.writeLong(seen[0]);
      out.writeLong(seen[1]);
    }

    @Override
    public void restoreState(DataInput in) throws IOException {
      seen[0] = in.readLong();
      seen[1] = in.readLong();
    }
  }

  @Test
  void rowsReachTheInputTheyAreAddressedTo() {
    OperatorHarness.of(new TagSpec(), NUMBERS, NAMES)
        .batch(0, new Object[] {1L}, new Object[] {2L})
        .batch(1, new Object[] {"a", 10L})
        .batch(1, new Object[] {"b", 11L})
        .change(1, RowKind.DELETE, "a", 10L)
        .watermark(3)
        .change(0, RowKind.UPDATE_AFTER, 3L)
        .batch(new Object[] {4L})
        .expect(
            "+I[0, 1, [1]]",
            "+I[0, 2, [2]]",
            "+I[1, 1, [a, 10]]",
            "+I[1, 2, [b, 11]]",
            "-D[1, 3, [a, 10]]",
            "WM 3",
            "+U[0, 3, [3]]",
            "+I[0, 4, [4]]");
  }
}
