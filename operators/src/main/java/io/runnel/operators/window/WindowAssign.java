package io.runnel.operators.window;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;

/**
 * TUMBLE, HOP and CUMULATE as table functions: each row is emitted once per window it falls into, with
 * the window's start, end and time appended. Stateless. A row without an event time belongs to no window
 * and is reported to the error sink.
 */
public final class WindowAssign extends BaseOperator {
  private final WindowAssignSpec spec;
  private final long[] windows;

  WindowAssign(WindowAssignSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.windows = new long[spec.windows().maxWindows() * 2];
  }

  @Override
  public void processBatch(int input, Batch batch) {
    int width = batch.columnCount();
    BatchBuilder out = new BatchBuilder(outputSchema, batch.size() * spec.windows().maxWindows());
    Column time = batch.column(spec.timeColumn());
    for (int r = 0; r < batch.size(); r++) {
      if (time.isNull(r)) {
        context.errors().report(context.name(), "the event time " + spec.inputSchema().name(spec.timeColumn()) + " is NULL: the row belongs to no window", batch.format(r));
        continue;
      }
      int n = spec.windows().assign(time.getLong(r), windows);
      for (int w = 0; w < n; w++) {
        int row = out.beginRow(batch.kind(r));
        for (int c = 0; c < width; c++) {
          out.set(c, row, batch.column(c).getObject(r));
        }
        out.setLong(width, row, windows[w * 2]);
        out.setLong(width + 1, row, windows[w * 2 + 1]);
        out.setLong(width + 2, row, windows[w * 2 + 1] - 1);
      }
    }
    emit(out);
  }

  @Override
  public void processWatermark(Watermark watermark) {
    context.output().emitWatermark(watermark);
  }
}
