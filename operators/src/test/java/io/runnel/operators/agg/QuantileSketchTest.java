package io.runnel.operators.agg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantileSketchTest {
  static final double[] FRACTIONS = {0.01, 0.25, 0.5, 0.9, 0.99};
  static final int N = 1_000_000;
  static final double MAX_RANK_ERROR = 0.01;

  static double[] uniform(long seed, int n) {
    Random random = new Random(seed);
    double[] data = new double[n];
    for (int i = 0; i < n; i++) {
      data[i] = random.nextDouble();
    }
    return data;
  }

  static double[] exponential(long seed, int n) {
    Random random = new Random(seed);
    double[] data = new double[n];
    for (int i = 0; i < n; i++) {
      data[i] = -Math.log(1 - random.nextDouble());
    }
    return data;
  }

  /** How far, as a fraction of n, the ranks {@code value} takes in {@code sorted} are from ceil(fraction * n). */
  static double rankError(double[] sorted, double fraction, double value) {
    long target = Math.max(1, (long) Math.ceil(fraction * sorted.length));
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    long below = lo; // items < value
    hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    long upTo = lo; // items <= value
    assertTrue(upTo > below, value + " is not in the data");
    long distance = target <= below ? below + 1 - target : target > upTo ? target - upTo : 0;
    return (double) distance / sorted.length;
  }

  static void assertRank(double[] sorted, double fraction, Object result) {
    double error = rankError(sorted, fraction, (Double) result);
    assertTrue(error < MAX_RANK_ERROR, "fraction " + fraction + ": rank error " + error);
  }

  static byte[] bytes(QuantileSketch sketch) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    sketch.write(new DataOutputStream(buffer));
    return buffer.toByteArray();
  }

  static QuantileSketch restore(double fraction, byte[] bytes) throws IOException {
    QuantileSketch sketch = new QuantileSketch(fraction);
    sketch.read(new DataInputStream(new ByteArrayInputStream(bytes)));
    return sketch;
  }

  @Test
  void smallInputsAreExact() {
    List<Integer> values = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      values.add(i);
    }
    Collections.shuffle(values, new Random(7));
    double[] fractions = {0.5, 0.95, 0.0, 1.0, 0.07, 0.01, 0.994};
    double[] expected = {50.0, 95.0, 1.0, 100.0, 7.0, 1.0, 100.0};
    for (int f = 0; f < fractions.length; f++) {
      QuantileSketch sketch = new QuantileSketch(fractions[f]);
      assertNull(sketch.result());
      for (int i = 0; i < values.size(); i++) {
        int v = values.get(i);
        // every boxed type the caller may hand over
        Object boxed = switch (i % 4) {
          case 0 -> v;
          case 1 -> (long) v;
          case 2 -> (double) v;
          default -> BigDecimal.valueOf(v);
        };
        sketch.add(boxed);
      }
      assertEquals(expected[f], sketch.result(), "fraction " + fractions[f]);
    }
    QuantileSketch one = new QuantileSketch(0.5);
    one.add(-3.5);
    assertEquals(-3.5, one.result());
  }

  @Test
  void rankErrorOfAMillionValues() {
    for (double[] data : new double[][] {uniform(1, N), exponential(2, N)}) {
      double[] sorted = data.clone();
      Arrays.sort(sorted);
      for (double fraction : FRACTIONS) {
        QuantileSketch sketch = new QuantileSketch(fraction);
        for (double v : data) {
          sketch.add(v);
        }
        assertRank(sorted, fraction, sketch.result());
      }
      QuantileSketch low = new QuantileSketch(0);
      QuantileSketch high = new QuantileSketch(1);
      for (double v : data) {
        low.add(v);
        high.add(v);
      }
      assertEquals(sorted[0], low.result());
      assertEquals(sorted[N - 1], high.result());
    }
  }

  @Test
  void mergedSketchesMeetTheSameBound() {
    // the second data set arrives sorted, so each part covers its own range of values
    double[] skewed = exponential(4, N);
    Arrays.sort(skewed);
    for (double[] data : new double[][] {uniform(3, N), skewed}) {
      double[] sorted = data.clone();
      Arrays.sort(sorted);
      int parts = 10;
      for (double fraction : FRACTIONS) {
        QuantileSketch merged = new QuantileSketch(fraction);
        QuantileSketch[] sketches = new QuantileSketch[parts];
        Object[] before = new Object[parts];
        for (int p = 0; p < parts; p++) {
          sketches[p] = new QuantileSketch(fraction);
          for (int i = p * N / parts; i < (p + 1) * N / parts; i++) {
            sketches[p].add(data[i]);
          }
          before[p] = sketches[p].result();
        }
        for (QuantileSketch sketch : sketches) {
          merged.merge(sketch);
        }
        assertRank(sorted, fraction, merged.result());
        assertTrue(merged.retained() < 700, "merged sketch keeps " + merged.retained());
        for (int p = 0; p < parts; p++) {
          assertEquals(before[p], sketches[p].result());
          double[] part = Arrays.copyOfRange(data, p * N / parts, (p + 1) * N / parts);
          Arrays.sort(part);
          assertRank(part, fraction, sketches[p].result());
        }
      }
      // merging into a sketch that has data of its own
      QuantileSketch first = new QuantileSketch(0.5);
      QuantileSketch second = new QuantileSketch(0.5);
      for (int i = 0; i < N; i++) {
        (i < N / 3 ? first : second).add(data[i]);
      }
      first.merge(second);
      assertRank(sorted, 0.5, first.result());
    }
  }

  @Test
  void restoredSketchContinuesIdentically() throws IOException {
    double[] data = exponential(5, N);
    for (int cut : new int[] {0, 150, 300_000}) {
      QuantileSketch sketch = new QuantileSketch(0.9);
      for (int i = 0; i < cut; i++) {
        sketch.add(data[i]);
      }
      byte[] saved = bytes(sketch);
      QuantileSketch restored = restore(0.9, saved);
      assertEquals(sketch.result(), restored.result());
      assertArrayEquals(saved, bytes(restored));
      for (int i = cut; i < N; i++) {
        sketch.add(data[i]);
        restored.add(data[i]);
      }
      assertEquals(sketch.result(), restored.result());
      assertArrayEquals(bytes(sketch), bytes(restored));
    }
  }

  @Test
  void runsRepeat() throws IOException {
    double[] data = uniform(6, 100_000);
    QuantileSketch a = new QuantileSketch(0.25);
    QuantileSketch b = new QuantileSketch(0.25);
    for (double v : data) {
      a.add(v);
      b.add(v);
    }
    assertArrayEquals(bytes(a), bytes(b));
  }

  @Test
  void staysSmall() {
    // Level capacities are k (2/3)^j rounded up, at least 2: they sum to under 3k + 2 per level, and a million
    // values need about log2(10^6 / k) + 3, under 16 levels. The sketch compresses whenever it reaches that sum.
    QuantileSketch sketch = new QuantileSketch(0.5);
    Random random = new Random(8);
    int most = 0;
    for (int i = 0; i < N; i++) {
      sketch.add(random.nextGaussian());
      most = Math.max(most, sketch.retained());
    }
    assertTrue(most < 3 * QuantileSketch.K + 2 * 16, "kept " + most);
    assertTrue(sketch.retained() > QuantileSketch.K, "kept only " + sketch.retained());
  }

  @Test
  void rejectsBadFractionsAndRetraction() {
    assertThrows(IllegalArgumentException.class, () -> new QuantileSketch(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new QuantileSketch(1.5));
    assertThrows(IllegalArgumentException.class, () -> new QuantileSketch(Double.NaN));
    QuantileSketch sketch = new QuantileSketch(0.5);
    sketch.add(1L);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> sketch.retract(1L));
    assertEquals("APPROX_PERCENTILE cannot take back a value", e.getMessage());
  }
}
