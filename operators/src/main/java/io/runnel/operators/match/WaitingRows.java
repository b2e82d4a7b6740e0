package io.runnel.operators.match;

import io.runnel.operators.state.ValueCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The rows of one partition waiting for the watermark, in order of time, the rows of one time in order of
 * arrival. Rows come mostly in order of time and leave earliest time first, so a sorted array takes a row at
 * its end and gives the rows of a time from its front: cheaper than a tree map per partition, which most
 * partitions would hold for one time at a time.
 */
final class WaitingRows {
  private long[] times = new long[2];
  private Object[][] rows = new Object[2][];
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  /** Adds {@code row} of time {@code time} after every row of a time not later. */
  void add(long time, Object[] row) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      rows = Arrays.copyOf(rows, size * 2);
    }
    int at = size;
    while (at > 0 && times[at - 1] > time) {
      at--;
    }
    System.arraycopy(times, at, times, at + 1, size - at);
    System.arraycopy(rows, at, rows, at + 1, size - at);
    times[at] = time;
    rows[at] = row;
    size++;
  }

  /** Takes out the rows of time {@code time}, in order of arrival (none: an empty array). */
  Object[][] take(long time) {
    int from = 0;
    while (from < size && times[from] < time) {
      from++;
    }
    int to = from;
    while (to < size && times[to] == time) {
      to++;
    }
    Object[][] taken = Arrays.copyOfRange(rows, from, to);
    System.arraycopy(times, to, times, from, size - to);
    System.arraycopy(rows, to, rows, from, size - to);
    Arrays.fill(rows, size - (to - from), size, null);
    size -= to - from;
    return taken;
  }

  /** Writes the rows as their times' groups: the number of times, then for each its time, count and rows. */
  static void write(DataOutput out, WaitingRows waiting) throws IOException {
    if (waiting == null) {
      out.writeInt(0);
      return;
    }
    int groups = 0;
    for (int i = 0; i < waiting.size; i++) {
      groups += i == 0 || waiting.times[i] != waiting.times[i - 1] ? 1 : 0;
    }
    out.writeInt(groups);
    for (int i = 0; i < waiting.size; ) {
      int end = i;
      while (end < waiting.size && waiting.times[end] == waiting.times[i]) {
        end++;
      }
      out.writeLong(waiting.times[i]);
      out.writeInt(end - i);
      for (int r = i; r < end; r++) {
        ValueCodec.writeRow(out, waiting.rows[r]);
      }
      i = end;
    }
  }

  /** What {@link #write} wrote, each row given to {@code hold} as it is read; null when no row waits. */
  static WaitingRows read(DataInput in, java.util.function.UnaryOperator<Object[]> hold) throws IOException {
    int groups = in.readInt();
    WaitingRows waiting = groups == 0 ? null : new WaitingRows();
    for (int g = 0; g < groups; g++) {
      long time = in.readLong();
      int count = in.readInt();
      for (int r = 0; r < count; r++) {
        waiting.add(time, hold.apply(ValueCodec.readRow(in)));
      }
    }
    return waiting;
  }
}
