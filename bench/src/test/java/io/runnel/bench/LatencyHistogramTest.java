package io.runnel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  /** Every value lands in a bucket whose bounds hold it, and buckets are at most 1/64 of their values wide. */
  @Test
  void bucketsHoldTheirValuesAndAreNarrow() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200_000; i++) {
      long v = random.nextLong(1L << random.nextInt(1, 62));
      int b = LatencyHistogram.index(v);
      assertTrue(v <= LatencyHistogram.upperBound(b), v + " above its bucket");
      assertTrue(b == 0 || v > LatencyHistogram.upperBound(b - 1), v + " below its bucket");
      assertTrue(LatencyHistogram.upperBound(b) - v <= v / 64, v + " in too wide a bucket");
    }
    assertEquals(Long.MAX_VALUE, LatencyHistogram.upperBound(LatencyHistogram.index(Long.MAX_VALUE)));
  }

  /** Percentiles agree with those of the sorted values, to the width of a bucket. */
  @Test
  void percentilesAreThoseOfTheSortedValues() {
    SplittableRandom random = new SplittableRandom(9);
    long[] values = new long[100_000];
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) Math.exp(random.nextDouble(2, 18)); // 7 ns to 66 ms
      h.record(values[i]);
    }
    Arrays.sort(values);
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      long exact = values[(int) Math.ceil(q * values.length) - 1];
      long read = h.percentile(q);
      assertTrue(read >= exact && read - exact <= exact / 64, q + ": " + read + " for " + exact);
    }
    assertEquals(values[values.length - 1], h.percentile(1.0));
    assertEquals(values[values.length - 1], h.max());
    assertEquals(values.length, h.count());
  }
}
