package io.runnel.operators.join;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.state.StateSize;
import io.runnel.operators.state.ValueCodec;
import io.runnel.operators.types.Schema;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A lookup join ({@code JOIN t FOR SYSTEM_TIME AS OF s.proctime}): each row of the stream (input 0) joins
 * the row the table (input 1, its changelog by key) holds for its key when the row comes, and is emitted +I
 * at once (a LEFT join's row without one, or whose row fails the condition, padded with nulls); a change of
 * the table later changes nothing already emitted. The operator keeps the table's current rows, one per key.
 *
 * <p>Its watermark is the stream's ({@link LookupJoinSpec#holdsTime}): rows go out as they come, each with
 * its own time.
 */
public final class LookupJoin extends BaseOperator {
  /** What a held row takes besides its values: its map slot. */
  private static final long ROW_BYTES = StateSize.MAP_SLOT + StateSize.REFERENCE;

  private final JoinType type;
  private final int leftSize;
  private final int rightSize;
  private final Schema rightSchema;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final KeyMap<Object[]> rows;
  private final PairCondition condition; // null: none
  private final StateSize.Average rowSizes = new StateSize.Average();
  private int[] probe = new int[0];
  private Object[][] found = new Object[0][];

  LookupJoin(LookupJoinSpec spec) {
    super(spec.outputSchema());
    this.type = spec.type();
    this.leftSize = spec.leftSchema().size();
    this.rightSize = spec.rightSchema().size();
    this.rightSchema = spec.rightSchema();
    this.leftKeys = spec.keyArray(0);
    this.rightKeys = spec.keyArray(1);
    this.rows = KeyMap.over(spec.rightSchema(), rightKeys);
    this.condition = PairCondition.of(spec.condition(), spec.leftSchema(), spec.rightSchema());
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    PairCondition.open(condition, context);
  }

  @Override
  public void processBatch(int input, Batch batch) {
    if (input == 1) {
      table(batch);
    } else {
      stream(batch);
    }
  }

  private void table(Batch batch) {
    for (int r = 0, n = batch.size(); r < n; r++) {
      Object[] row = batch.row(r);
      if (KeyMap.anyNull(row, rightKeys)) {
        continue; // a key with a NULL in it never matches
      }
      if (batch.kind(r).isAccumulate()) {
        hold(row);
      } else if (batch.kind(r) == RowKind.DELETE) {
        rows.remove(row, rightKeys);
      }
      // -U: the +U after it replaces the row
    }
  }

  private void stream(Batch batch) {
    int n = batch.size();
    if (probe.length < n) {
      probe = new int[n];
      found = new Object[n][];
    }
    Object[][] matched = new Object[n][];
    int pairs = 0;
    for (int r = 0; r < n; r++) {
      if (batch.kind(r) != RowKind.INSERT) {
        context.errors().report(context.name(), "a lookup join takes inserts only on its stream side, not " + batch.kind(r).shortString(), batch.format(r));
        continue;
      }
      Object[] row = KeyMap.anyNull(batch, r, leftKeys) ? null : rows.get(batch, r, leftKeys);
      if (row != null) {
        probe[pairs] = r;
        found[pairs++] = row;
        matched[r] = row;
      }
    }
    if (condition != null && pairs > 0) {
      boolean[] pass = condition.test(batch, 0, probe, found, pairs);
      for (int p = 0; p < pairs; p++) {
        if (!pass[p]) {
          matched[probe[p]] = null;
        }
      }
    }
    Arrays.fill(found, 0, pairs, null);
    Batch out = joined(batch, matched);
    if (out.size() > 0) {
      context.output().emit(out);
    }
  }

  /**
   * The rows to emit: the stream's columns picked column by column from {@code batch}, the table's built from
   * the rows {@code matched} (null: none, a LEFT join's row padded).
   */
  private Batch joined(Batch batch, Object[][] matched) {
    int n = batch.size();
    int[] selection = new int[n];
    int count = 0;
    for (int r = 0; r < n; r++) {
      if (batch.kind(r) == RowKind.INSERT && (matched[r] != null || type == JoinType.LEFT)) {
        selection[count++] = r;
      }
    }
    BatchBuilder right = new BatchBuilder(rightSchema, count);
    for (int i = 0; i < count; i++) {
      Object[] row = matched[selection[i]];
      int o = right.beginRow(RowKind.INSERT);
      for (int c = 0; c < rightSize; c++) {
        right.set(c, o, row == null ? null : row[c]);
      }
    }
    Batch table = right.build();
    Column[] columns = new Column[leftSize + rightSize];
    boolean[] unread = new boolean[leftSize + rightSize];
    boolean all = count == n;
    for (int c = 0; c < leftSize; c++) {
      unread[c] = batch.unread(c);
      columns[c] = all || unread[c] ? batch.column(c) : Batches.gather(batch.column(c), selection, count);
    }
    for (int c = 0; c < rightSize; c++) {
      columns[leftSize + c] = table.column(c);
    }
    return new Batch(outputSchema, columns, null, count).withUnread(unread);
  }

  @Override
  public void processWatermark(Watermark mark) {
    context.output().emitWatermark(mark);
  }

  /** The table's rows held. */
  @Override
  public long stateEntries() {
    return rows.size();
  }

  @Override
  public long stateBytes() {
    return stateEntries() * rowSizes.mean();
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeInt(rows.size());
    for (Object[] row : rows.values()) {
      ValueCodec.writeRow(out, row);
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    rows.clear();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      hold(ValueCodec.readRow(in));
    }
  }

  private void hold(Object[] row) {
    rows.put(row, rightKeys, row);
    if (rowSizes.wants()) {
      rowSizes.add(StateSize.row(row) + ROW_BYTES);
    }
  }
}
