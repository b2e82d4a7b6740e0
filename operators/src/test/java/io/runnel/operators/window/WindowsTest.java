package io.runnel.operators.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {
  /** The windows of {@code ts} as start, end pairs, taken all at once. */
  static long[] assign(Windows w, long ts) {
    int n = (int) w.count(ts);
    long[] starts = new long[n];
    long[] ends = new long[n];
    assertEquals(n, w.assign(ts, 0, starts, ends, 0, n));
    long[] pairs = new long[n * 2];
    for (int i = 0; i < n; i++) {
      pairs[i * 2] = starts[i];
      pairs[i * 2 + 1] = ends[i];
    }
    return pairs;
  }

  /** The windows of {@code ts} by their definition: every window of the kind's grid that holds it, in order. */
  static long[] byDefinition(Windows w, long ts, long from, long to) {
    List<Long> pairs = new ArrayList<>();
    for (long start = from; start <= to; start++) {
      for (long end = start + 1; end <= start + w.size(); end++) {
        boolean onGrid =
            switch (w.kind()) {
              case TUMBLE -> Math.floorMod(start, w.size()) == 0 && end == start + w.size();
              case HOP -> Math.floorMod(start, w.slide()) == 0 && end == start + w.size();
              case CUMULATE -> Math.floorMod(start, w.size()) == 0 && (end - start) % w.slide() == 0;
              case SESSION -> false;
            };
        if (onGrid && start <= ts && ts < end) {
          pairs.add(start);
          pairs.add(end);
        }
      }
    }
    return pairs.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void tumblingWindowsIncludingNegativeTimes() {
    assertArrayEquals(new long[] {10, 20}, assign(Windows.tumble(10), 10));
    assertArrayEquals(new long[] {10, 20}, assign(Windows.tumble(10), 19));
    assertArrayEquals(new long[] {-10, 0}, assign(Windows.tumble(10), -1));
  }

  @Test
  void hoppingWindowsInOrder() {
    Windows hop = Windows.hop(2, 10);
    assertEquals(5L, hop.maxWindows());
    assertArrayEquals(new long[] {-6, 4, -4, 6, -2, 8, 0, 10, 2, 12}, assign(hop, 3));
    assertArrayEquals(new long[] {-8, 2, -6, 4, -4, 6, -2, 8, 0, 10}, assign(hop, 0));
    // a slide that does not divide the size
    assertArrayEquals(new long[] {0, 5, 3, 8}, assign(Windows.hop(3, 5), 4));
  }

  @Test
  void cumulatingWindowsEndAfterTheRow() {
    Windows cumulate = Windows.cumulate(2, 6);
    assertArrayEquals(new long[] {0, 2, 0, 4, 0, 6}, assign(cumulate, 1));
    assertArrayEquals(new long[] {0, 6}, assign(cumulate, 5));
    assertArrayEquals(new long[] {6, 10, 6, 12}, assign(cumulate, 9));
  }

  /** Every timestamp of a range, positive and negative, against the windows' definition, for several shapes of each kind. */
  @Test
  void windowsAreThoseOfTheirDefinition() {
    for (Windows w : List.of(Windows.tumble(4), Windows.hop(2, 10), Windows.hop(3, 5), Windows.hop(5, 5), Windows.cumulate(2, 6), Windows.cumulate(3, 3))) {
      for (long ts = -25; ts <= 25; ts++) {
        long[] expected = byDefinition(w, ts, ts - 2 * w.size(), ts);
        assertArrayEquals(expected, assign(w, ts), w + " at " + ts);
        assertEquals(expected.length / 2, w.count(ts), w + " at " + ts);
      }
    }
  }

  /** Taken a part at a time, from any window on, a row's windows are the same as taken at once. */
  @Test
  void windowsTakenInPartsAreTheWholeInOrder() {
    for (Windows w : List.of(Windows.tumble(4), Windows.hop(2, 10), Windows.hop(3, 5), Windows.cumulate(2, 6), Windows.cumulate(1, 7))) {
      for (long ts = -9; ts <= 9; ts++) {
        long[] whole = assign(w, ts);
        for (int part = 1; part <= 3; part++) {
          long[] starts = new long[whole.length / 2 + 1];
          long[] ends = new long[whole.length / 2 + 1];
          int at = 1; // not at the arrays' start either
          for (long done = 0; done < w.count(ts); ) {
            int k = w.assign(ts, done, starts, ends, at, part);
            assertTrue(k > 0 && k <= part, w + " at " + ts);
            at += k;
            done += k;
          }
          assertEquals(0, w.assign(ts, w.count(ts), starts, ends, at, part), "past the last window");
          for (int i = 0; i < whole.length / 2; i++) {
            assertEquals(whole[i * 2], starts[i + 1], w + " at " + ts + ", window " + i);
            assertEquals(whole[i * 2 + 1], ends[i + 1], w + " at " + ts + ", window " + i);
          }
        }
      }
    }
  }

  /** A fine slide over a long size: counted, and any window picked, without listing the others. */
  @Test
  void aRowOfMillionsOfWindowsIsCountedAndPickedByNumber() {
    long day = 86_400_000L;
    Windows hop = Windows.hop(1, day);
    assertEquals(day, hop.count(5_000));
    assertEquals(day, hop.maxWindows());
    long[] starts = new long[2];
    long[] ends = new long[2];
    assertEquals(2, hop.assign(5_000, day - 2, starts, ends, 0, 5));
    assertArrayEquals(new long[] {4_999, 5_000}, starts);
    assertArrayEquals(new long[] {4_999 + day, 5_000 + day}, ends);
    Windows years = Windows.hop(1, 100L * 365 * day); // more windows than an int counts
    assertEquals(100L * 365 * day, years.count(0));
    Windows cumulate = Windows.cumulate(1_000, day);
    assertEquals(86_400 - 5, cumulate.count(5_000));
    assertEquals(1, cumulate.assign(5_000, 0, starts, ends, 1, 1));
    assertEquals(0, starts[1]);
    assertEquals(6_000, ends[1]);
  }
}
