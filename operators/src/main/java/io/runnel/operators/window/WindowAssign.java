package io.runnel.operators.window;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.types.DataType;
import java.util.List;

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

  /**
   * Column by column: the rows each window takes are listed first, then each input column is picked by
   * that list (or passed on as it is, when every row falls into exactly one window, as with TUMBLE), and
   * the window columns are filled. Columns not read from the log stay empty and marked so.
   */
  @Override
  public void processBatch(int input, Batch batch) {
    int n = batch.size();
    int most = n * spec.windows().maxWindows();
    int[] rows = new int[most];
    long[] starts = new long[most];
    long[] ends = new long[most];
    long[] times = new long[most];
    Column time = batch.column(spec.timeColumn());
    int count = 0;
    for (int r = 0; r < n; r++) {
      if (time.isNull(r)) {
        context.errors().report(context.name(), "the event time " + spec.inputSchema().name(spec.timeColumn()) + " is NULL: the row belongs to no window", batch.format(r));
        continue;
      }
      int k = spec.windows().assign(time.getLong(r), windows);
      for (int w = 0; w < k; w++) {
        rows[count] = r;
        starts[count] = windows[w * 2];
        ends[count] = windows[w * 2 + 1];
        times[count] = windows[w * 2 + 1] - 1;
        count++;
      }
    }
    if (count == 0) {
      return;
    }
    boolean identity = count == n;
    for (int i = 0; identity && i < count; i++) {
      identity = rows[i] == i;
    }
    int width = batch.columnCount();
    Column[] columns = new Column[width + 3];
    boolean[] unread = null;
    for (int c = 0; c < width; c++) {
      Column column = batch.column(c);
      if (batch.unread(c)) {
        unread = unread == null ? new boolean[width + 3] : unread;
        unread[c] = true;
      }
      columns[c] = identity || (batch.unread(c) && column.capacity() >= count) ? column : Batches.gather(column, rows, count);
    }
    List<DataType.Field> fields = outputSchema.fields();
    columns[width] = new LongColumn(fields.get(width).type(), starts, null);
    columns[width + 1] = new LongColumn(fields.get(width + 1).type(), ends, null);
    columns[width + 2] = new LongColumn(fields.get(width + 2).type(), times, null);
    Batch out = new Batch(outputSchema, columns, Batches.gatherKinds(batch, rows, count), count);
    context.output().emit(unread == null ? out : out.withUnread(unread));
  }

  @Override
  public void processWatermark(Watermark watermark) {
    context.output().emitWatermark(watermark);
  }
}
