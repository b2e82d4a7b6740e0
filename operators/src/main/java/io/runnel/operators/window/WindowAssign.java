package io.runnel.operators.window;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.types.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * TUMBLE, HOP and CUMULATE as table functions: each row is emitted once per window it falls into, with
 * the window's start, end and time appended. Stateless. A row without an event time belongs to no window
 * and is reported to the error sink.
 */
public final class WindowAssign extends BaseOperator {
  /**
   * The most rows an output batch takes, when the input batch has fewer: a fine HOP or CUMULATE puts a row
   * in thousands of windows or more, and its output goes on in batches of this size.
   */
  static final int MAX_OUTPUT_ROWS = 8192;

  private final WindowAssignSpec spec;

  WindowAssign(WindowAssignSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
  }

  /**
   * Column by column: the rows each window takes are listed first, then each input column is picked by
   * that list (or passed on as it is, when every row falls into exactly one window, as with TUMBLE), and
   * the window columns are filled. Columns not read from the log stay empty and marked so. The output is
   * cut into batches of at most the input's size or {@value #MAX_OUTPUT_ROWS} rows, whichever is more.
   */
  @Override
  public void processBatch(int input, Batch batch) {
    Windows windows = spec.windows();
    int n = batch.size();
    // a row's windows fill the output when there are more of them than it holds (so n times them cannot overflow)
    long most = windows.maxWindows() > MAX_OUTPUT_ROWS ? Long.MAX_VALUE : n * windows.maxWindows();
    int capacity = (int) Math.min(most, Math.max(n, MAX_OUTPUT_ROWS));
    Column time = batch.column(spec.timeColumn());
    boolean whole = true; // nothing emitted yet: the rows may still be the batch's own, one each
    Chunk chunk = new Chunk(capacity);
    for (int r = 0; r < n; r++) {
      if (time.isNull(r)) {
        context.errors().report(context.name(), "the event time " + spec.inputSchema().name(spec.timeColumn()) + " is NULL: the row belongs to no window", batch.format(r));
        continue;
      }
      long ts = time.getLong(r);
      long count = windows.count(ts);
      for (long done = 0; done < count; ) {
        if (chunk.size == capacity) {
          emit(batch, chunk, false);
          whole = false;
          chunk = new Chunk(capacity);
        }
        int k = windows.assign(ts, done, chunk.starts, chunk.ends, chunk.size, capacity - chunk.size);
        Arrays.fill(chunk.rows, chunk.size, chunk.size + k, r);
        chunk.size += k;
        done += k;
      }
    }
    if (chunk.size > 0) {
      emit(batch, chunk, whole && chunk.isIdentity(n));
    }
  }

  /** The chunk's rows with their windows; {@code identity}: they are the input's rows, in order, one each. */
  private void emit(Batch batch, Chunk chunk, boolean identity) {
    int count = chunk.size;
    int width = batch.columnCount();
    Column[] columns = new Column[width + 3];
    boolean[] unread = null;
    for (int c = 0; c < width; c++) {
      Column column = batch.column(c);
      if (batch.unread(c)) {
        unread = unread == null ? new boolean[width + 3] : unread;
        unread[c] = true;
      }
      columns[c] = identity || (batch.unread(c) && column.capacity() >= count) ? column : Batches.gather(column, chunk.rows, count);
    }
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      times[i] = chunk.ends[i] - 1;
    }
    List<DataType.Field> fields = outputSchema.fields();
    columns[width] = new LongColumn(fields.get(width).type(), chunk.starts, null);
    columns[width + 1] = new LongColumn(fields.get(width + 1).type(), chunk.ends, null);
    columns[width + 2] = new LongColumn(fields.get(width + 2).type(), times, null);
    Batch out = new Batch(outputSchema, columns, Batches.gatherKinds(batch, chunk.rows, count), count);
    context.output().emit(unread == null ? out : out.withUnread(unread));
  }

  @Override
  public void processWatermark(Watermark watermark) {
    context.output().emitWatermark(watermark);
  }

  /** Rows of the input batch, each with one of its windows; the starts and ends go into the batch emitted. */
  private static final class Chunk {
    final int[] rows;
    final long[] starts;
    final long[] ends;
    int size;

    Chunk(int capacity) {
      rows = new int[capacity];
      starts = new long[capacity];
      ends = new long[capacity];
    }

    boolean isIdentity(int n) {
      if (size != n) {
        return false;
      }
      for (int i = 0; i < size; i++) {
        if (rows[i] != i) {
          return false;
        }
      }
      return true;
    }
  }
}
