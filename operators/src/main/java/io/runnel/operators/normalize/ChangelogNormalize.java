package io.runnel.operators.normalize;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.state.StateSize;
import io.runnel.operators.state.ValueCodec;
import io.runnel.operators.types.Schema;
import it.unimi.dsi.fastutil.objects.Object2ObjectLinkedOpenHashMap;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an upsert log (each row replaces the row with the same key; a delete removes it) into a proper
 * changelog: a new key emits +I, a changed row emits -U then +U, a delete emits -D with the old row.
 * State: the latest row per key.
 */
public final class ChangelogNormalize extends BaseOperator {
  private final int[] keys;
  private final Object2ObjectLinkedOpenHashMap<List<Object>, Object[]> latest = new Object2ObjectLinkedOpenHashMap<>();
  /** The size of a key's entry, sampled as keys arrive: its row, and its key (a list over an array of the row's values). */
  private final StateSize.Average entrySizes = new StateSize.Average();

  public ChangelogNormalize(Schema schema, int[] keys) {
    super(schema);
    this.keys = keys.clone();
  }

  @Override
  public void processBatch(int input, Batch batch) {
    BatchBuilder out = new BatchBuilder(outputSchema, batch.size());
    for (int r = 0; r < batch.size(); r++) {
      Object[] row = batch.row(r);
      List<Object> key = key(row);
      Object[] previous = latest.get(key);
      if (batch.kind(r).isAccumulate()) {
        if (previous == null) {
          out.add(RowKind.INSERT, row);
          sample(row);
        } else if (!Arrays.deepEquals(previous, row)) {
          out.add(RowKind.UPDATE_BEFORE, previous);
          out.add(RowKind.UPDATE_AFTER, row);
        }
        // an identical upsert changes nothing and emits nothing
        latest.put(key, row);
      } else if (previous != null) {
        out.add(RowKind.DELETE, previous);
        latest.remove(key);
      }
      // a delete of a key with no row is dropped: there is nothing to retract
    }
    if (out.size() > 0) {
      context.output().emit(out.build());
    }
  }

  private void sample(Object[] row) {
    if (entrySizes.wants()) {
      entrySizes.add(StateSize.MAP_SLOT + StateSize.row(row) + 24 + StateSize.references(keys.length));
    }
  }

  /** One entry per key. */
  @Override
  public long stateEntries() {
    return latest.size();
  }

  @Override
  public long stateBytes() {
    return latest.size() * entrySizes.mean();
  }

  private List<Object> key(Object[] row) {
    Object[] key = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      key[i] = row[keys[i]];
    }
    return Arrays.asList(key);
  }

  @Override
  public void processWatermark(Watermark watermark) {
    context.output().emitWatermark(watermark);
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeInt(latest.size());
    for (Object[] row : latest.values()) {
      ValueCodec.writeRow(out, row);
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    latest.clear();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      Object[] row = ValueCodec.readRow(in);
      latest.put(key(row), row);
      sample(row);
    }
  }
}
