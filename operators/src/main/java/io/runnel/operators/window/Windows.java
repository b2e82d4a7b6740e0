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
   * How many windows contain {@code ts}: 1 for TUMBLE; for HOP and CUMULATE up to {@link #maxWindows()},
   * which a fine slide or step makes large (a HOP of 1 ms over a day: 86,400,000).
   */
  public long count(long ts) {
    return switch (kind) {
      case TUMBLE -> 1;
      case HOP -> (lastHopStart(ts) - (ts - size) - 1) / slide + 1; // the starts in (ts - size, last], a slide apart
      case CUMULATE -> size / slide - firstCumulateStep(ts) + 1;
      case SESSION -> throw new IllegalStateException("session windows are assigned by their aggregate");
    };
  }

  /**
   * Writes windows {@code [skip, skip + max)} of those containing {@code ts} (fewer where they run out), in
   * ascending order of start then end, into {@code starts} and {@code ends} from index {@code at}; returns
   * how many it wrote. Each window is computed from its number, so a row's windows can be taken a part at
   * a time, never all at once.
   */
  public int assign(long ts, long skip, long[] starts, long[] ends, int at, int max) {
    long total = count(ts);
    int n = (int) Math.max(0, Math.min(max, total - skip));
    switch (kind) {
      case TUMBLE -> {
        if (n > 0) {
          starts[at] = ts - Math.floorMod(ts - offset, size);
          ends[at] = starts[at] + size;
        }
      }
      case HOP -> {
        long start = lastHopStart(ts) - (total - 1 - skip) * slide;
        for (int i = at; i < at + n; i++, start += slide) {
          starts[i] = start;
          ends[i] = start + size;
        }
      }
      case CUMULATE -> {
        long start = cumulateStart(ts);
        long end = start + (firstCumulateStep(ts) + skip) * slide;
        for (int i = at; i < at + n; i++, end += slide) {
          starts[i] = start;
          ends[i] = end;
        }
      }
      case SESSION -> throw new IllegalStateException("session windows are assigned by their aggregate");
    }
    return n;
  }

  /** The start of the last HOP window containing {@code ts}. */
  private long lastHopStart(long ts) {
    return ts - Math.floorMod(ts - offset, slide);
  }

  private long cumulateStart(long ts) {
    return ts - Math.floorMod(ts - offset, size);
  }

  /** The number of steps, from 1, of the first CUMULATE window ending after {@code ts}. */
  private long firstCumulateStep(long ts) {
    return (ts - cumulateStart(ts)) / slide + 1;
  }

  /** The most windows one timestamp can fall into. */
  public long maxWindows() {
    return switch (kind) {
      case TUMBLE, SESSION -> 1;
      case HOP -> (size + slide - 1) / slide;
      case CUMULATE -> size / slide;
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
