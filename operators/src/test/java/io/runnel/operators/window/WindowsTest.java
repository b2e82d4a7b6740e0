package io.runnel.operators.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WindowsTest {
  static long[] assign(Windows w, long ts) {
    long[] out = new long[w.maxWindows() * 2];
    int n = w.assign(ts, out);
    return Arrays.copyOf(out, n * 2);
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
    assertEquals(5, hop.maxWindows());
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
}
