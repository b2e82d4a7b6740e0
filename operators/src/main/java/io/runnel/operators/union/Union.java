package io.runnel.operators.union;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Column;
import io.runnel.operators.types.Schema;

/**
 * {@code UNION ALL}: every row of every input passes on unchanged, row kinds included. Stateless. The
 * watermark it gets is already the minimum over its inputs (the runtime combines them), so it forwards it.
 */
public final class Union extends BaseOperator {

  Union(Schema schema) {
    super(schema);
  }

  @Override
  public void processBatch(int input, Batch batch) {
    if (batch.size() == 0) {
      return;
    }
    // the inputs agree on types but may name their columns differently; the union's names win
    Column[] columns = new Column[batch.columnCount()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = batch.column(c);
    }
    context.output().emit(batch.withColumns(outputSchema, columns));
  }

  @Override
  public void processWatermark(Watermark watermark) {
    context.output().emitWatermark(watermark);
  }
}
