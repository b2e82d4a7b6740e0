package io.runnel.operators.match;

import java.util.Arrays;

/** The event times of a window of consecutive rows, from a base row on: what {@code WITHIN} needs. */
final class RowTimeBuffer {
  private long[] times = new long[0]; // grown on the first add: only WITHIN adds
  private long base;
  private int size;

  void reset(long base) {
    this.base = base;
    this.size = 0;
  }

  long base() {
    return base;
  }

  int size() {
    return size;
  }

  void add(long time) {
    if (size == times.length) {
      times = Arrays.copyOf(times, Math.max(16, size * 2));
    }
    times[size++] = time;
  }

  long time(long row) {
    if (row < base || row >= base + size) {
      throw new IllegalStateException("no time kept for row " + row);
    }
    return times[(int) (row - base)];
  }

  /** Forgets the rows below {@code row}. */
  void removeBelow(long row) {
    int drop = (int) Math.min(size, Math.max(0, row - base));
    if (drop == 0) {
      return;
    }
    System.arraycopy(times, drop, times, 0, size - drop);
    size -= drop;
    base += drop;
    if (times.length > 64 && size < times.length / 4) {
      times = Arrays.copyOf(times, Math.max(16, size * 2));
    }
  }
}
