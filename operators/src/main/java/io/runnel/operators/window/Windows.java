package io.runnel.operators.window;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.util.List;

/**
 * A window definition over event time in milliseconds: TUMBLE(size), HOP(slide, size), CUMULATE(step,
 * size), or SESSION(gap, with {@code size} the gap). Windows are half-open, {@code [start, end)}; a window
 * is complete once the watermark reaches {@code end - 1}, which is also its {@code window_time}.
 */
public record Windows(WindowKind kind, long size, long slide, long offset) {
  public static final List<DataType.Field> COLUMNS =
      List.of(
          new DataType.Field("window_start", DataType.of(TypeKind.TIMESTAMP).withNullable(false)),
          new DataType.Field("window_end", DataType.of(TypeKind.TIMESTAMP).withNullable(false)),
          new DataType.Field("window_time", DataType.of(TypeKind.TIMESTAMP).withNullable(false)));

  public Windows {
    requireNonNull(kind, "kind is null");
    if (size <= 0 || (kind != WindowKind.TUMBLE && kind != WindowKind.SESSION && slide <= 0)) {
      throw new IllegalArgumentException("window sizes must be positive: " + size + ", " + slide);
    }
    if (kind == WindowKind.CUMULATE && size % slide != 0) {
      throw new IllegalArgumentException("a CUMULATE size must be a multiple of its step");
    }
  }

  public static Windows tumble(long size) {
    return new Windows(WindowKind.TUMBLE, size, size, 0);
  }

  public static Windows hop(long slide, long size) {
    return new Windows(WindowKind.HOP, size, slide, 0);
  }

  public static Windows cumulate(long step, long size) {
    return new Windows(WindowKind.CUMULATE, size, step, 0);
  }

  public static Windows session(long gap) {
    return new Windows(WindowKind.SESSION, gap, 0, 0);
  }

  /**
   * Writes the windows containing {@code ts} as {@code start, end} pairs into {@code out} (at least {@link
   * #maxWindows()} * 2 long), in ascending order of start then end; returns how many.
   */
  public int assign(long ts, long[] out) {
    switch (kind) {
      case TUMBLE -> {
        long start = ts - Math.floorMod(ts - offset, size);
        out[0] = start;
        out[1] = start + size;
        return 1;
      }
      case HOP -> {
        long last = ts - Math.floorMod(ts - offset, slide);
        long first = last;
        while (first - slide > ts - size) {
          first -= slide;
        }
        int n = 0;
        for (long start = first; start <= last; start += slide) {
          out[n * 2] = start;
          out[n * 2 + 1] = start + size;
          n++;
        }
        return n;
      }
      case CUMULATE -> {
        long start = ts - Math.floorMod(ts - offset, size);
        int n = 0;
        for (long end = start + slide; end <= start + size; end += slide) {
          if (end > ts) {
            out[n * 2] = start;
            out[n * 2 + 1] = end;
            n++;
          }
        }
        return n;
      }
      default -> throw new IllegalStateException("session windows are assigned by their aggregate");
    }
  }

  /** The most windows one timestamp can fall into. */
  public int maxWindows() {
    return switch (kind) {
      case TUMBLE, SESSION -> 1;
      case HOP -> (int) ((size + slide - 1) / slide);
      case CUMULATE -> (int) (size / slide);
    };
  }

  /** SQL-like text for EXPLAIN: {@code HOP(slide=2000ms, size=10000ms)}. */
  @Override
  public String toString() {
    return switch (kind) {
      case TUMBLE -> "TUMBLE(size=" + size + "ms)";
      case HOP -> "HOP(slide=" + slide + "ms, size=" + size + "ms)";
      case CUMULATE -> "CUMULATE(step=" + slide + "ms, size=" + size + "ms)";
      case SESSION -> "SESSION(gap=" + size + "ms)";
    };
  }
}
