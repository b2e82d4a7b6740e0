package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * Constant rows ({@code VALUES}) in batches of at most {@code batchSize}, then the end; from row {@code
 * from} on, for a query restored from a checkpoint taken after it had read some.
 */
final class ValuesReader implements SourceReader {
  private final Schema schema;
  private final List<List<Object>> rows;
  private final int batchSize;
  private int next;

  ValuesReader(Schema schema, List<List<Object>> rows, int batchSize, int from) {
    this.schema = schema;
    this.rows = rows;
    this.batchSize = batchSize;
    this.next = Math.min(from, rows.size());
  }

  @Override
  public Batch poll() {
    if (next >= rows.size()) {
      return null;
    }
    int end = Math.min(rows.size(), next + batchSize);
    BatchBuilder builder = new BatchBuilder(schema, end - next);
    for (; next < end; next++) {
      builder.add(rows.get(next).toArray());
    }
    return builder.build();
  }

  @Override
  public boolean exhausted() {
    return next >= rows.size();
  }

  @Override
  public long position() {
    return next;
  }
}
