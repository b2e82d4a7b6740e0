package io.runnel.operators.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * {@code APPROX_PERCENTILE}: a KLL sketch (Karnin, Lang, Liberty 2016) over doubles with k = 200. Rank error
 * under 1% of n (the tests measure at most 0.41% over a million values); exact up to k values, and always for
 * fractions 0 and 1. Keeps fewer than 3k + 2 doubles per level, about 600 after a million values.
 */
final class QuantileSketch implements Accumulator {
  static final int K = 200;
  private static final double C = 2.0 / 3;
  private static final int MIN_CAPACITY = 2;
  private static final long SEED = 0x9E3779B97F4A7C15L;

  private final double fraction;
  /** Level h is items[starts[h], starts[h + 1]), unordered, of weight 2^h; the free space comes before level 0. */
  private double[] items = new double[K];
  private int[] starts = {K, K};
  private int capacity = K;
  private long n;
  private double min;
  private double max;
  private long random = SEED;

  QuantileSketch(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("APPROX_PERCENTILE fraction must be between 0 and 1, got " + fraction);
    }
    this.fraction = fraction;
  }

  @Override
  public void add(Object value) {
    double v = ((Number) value).doubleValue();
    if (starts[0] == 0) {
      compress();
    }
    track(v, v);
    n++;
    items[--starts[0]] = v;
  }

  @Override
  public void retract(Object value) {
    throw new IllegalStateException("APPROX_PERCENTILE cannot take back a value");
  }

  @Override
  public void merge(Accumulator other) {
    QuantileSketch o = (QuantileSketch) other;
    if (o.n == 0) {
      return;
    }
    int height = Math.max(height(), o.height());
    int total = retained() + o.retained();
    double[] merged = new double[total];
    int[] mergedStarts = new int[height + 1];
    mergedStarts[height] = total;
    for (int h = height - 1; h >= 0; h--) {
      mergedStarts[h] = o.copyLevel(h, merged, copyLevel(h, merged, mergedStarts[h + 1]));
    }
    items = merged;
    starts = mergedStarts;
    capacity = totalCapacity();
    track(o.min, o.max);
    n += o.n;
    compress();
  }

  @Override
  public Object result() {
    if (n == 0) {
      return null;
    }
    if (fraction == 0) {
      return min;
    }
    if (fraction == 1) {
      return max;
    }
    // ceil(fraction * n) over the decimal the fraction was written as, so 0.07 * 100 is 7, not 8
    long target =
        BigDecimal.valueOf(fraction).multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.CEILING).longValue();
    int m = retained();
    double[] values = Arrays.copyOfRange(items, starts[0], items.length);
    long[] weights = new long[m];
    for (int h = 0; h < height(); h++) {
      Arrays.fill(weights, starts[h] - starts[0], starts[h + 1] - starts[0], 1L << h);
    }
    it.unimi.dsi.fastutil.Arrays.quickSort(
        0,
        m,
        (a, b) -> Double.compare(values[a], values[b]),
        (a, b) -> {
          double v = values[a];
          values[a] = values[b];
          values[b] = v;
          long w = weights[a];
          weights[a] = weights[b];
          weights[b] = w;
        });
    long cumulative = 0;
    for (int i = 0; i < m; i++) {
      cumulative += weights[i];
      if (cumulative >= target) {
        return values[i];
      }
    }
    return max; // unreachable: the weights sum to n
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(n);
    out.writeDouble(min);
    out.writeDouble(max);
    out.writeLong(random);
    out.writeInt(height());
    for (int h = 0; h < height(); h++) {
      out.writeInt(starts[h + 1] - starts[h]);
    }
    for (int i = starts[0]; i < items.length; i++) {
      out.writeDouble(items[i]);
    }
  }

  @Override
  public void read(DataInput in) throws IOException {
    n = in.readLong();
    min = in.readDouble();
    max = in.readDouble();
    random = in.readLong();
    int height = in.readInt();
    starts = new int[height + 1];
    for (int h = 0; h < height; h++) {
      starts[h + 1] = starts[h] + in.readInt();
    }
    capacity = totalCapacity();
    int total = starts[height];
    items = new double[Math.max(capacity, total)];
    for (int h = 0; h <= height; h++) {
      starts[h] += items.length - total;
    }
    for (int i = starts[0]; i < items.length; i++) {
      items[i] = in.readDouble();
    }
  }

  /** Items kept over all levels; for tests. */
  int retained() {
    return items.length - starts[0];
  }

  private int height() {
    return starts.length - 1;
  }

  /** Widens [min, max] to cover [lo, hi], ordering doubles like {@link Double#compare} (NaN largest). */
  private void track(double lo, double hi) {
    if (n == 0 || Double.compare(lo, min) < 0) {
      min = lo;
    }
    if (n == 0 || Double.compare(hi, max) > 0) {
      max = hi;
    }
  }

  /** Copies level h (if there is one) to just before {@code end} in {@code to}; returns where it starts. */
  private int copyLevel(int h, double[] to, int end) {
    int size = h < height() ? starts[h + 1] - starts[h] : 0;
    if (size > 0) {
      System.arraycopy(items, starts[h], to, end - size, size);
    }
    return end - size;
  }

  /** Compacts the lowest full level until there is room below capacity, then fits the buffer to capacity. */
  private void compress() {
    while (retained() >= capacity) {
      int h = 0;
      while (starts[h + 1] - starts[h] < capacity(h)) {
        h++;
      }
      if (h == height() - 1) {
        starts = Arrays.copyOf(starts, starts.length + 1);
        starts[height()] = items.length;
        capacity = totalCapacity();
      }
      compact(h);
    }
    if (items.length != capacity) {
      double[] fitted = new double[capacity];
      int shift = capacity - items.length;
      System.arraycopy(items, starts[0], fitted, starts[0] + shift, retained());
      for (int h = 0; h < starts.length; h++) {
        starts[h] += shift;
      }
      items = fitted;
    }
  }

  /**
   * Sorts level h and moves every other item, from a random offset, up a level at twice the weight: they go to the
   * top end of the level, which then belongs to level h + 1, and the levels below close the gap.
   */
  private void compact(int h) {
    int end = starts[h + 1];
    int from = starts[h] + ((end - starts[h]) & 1); // an odd item out stays behind
    Arrays.sort(items, from, end);
    int half = (end - from) / 2;
    int offset = nextBit();
    for (int j = half - 1; j >= 0; j--) { // backwards: a target never overwrites a source not yet read
      items[from + half + j] = items[from + offset + 2 * j];
    }
    System.arraycopy(items, starts[0], items, starts[0] + half, from - starts[0]);
    for (int i = 0; i <= h; i++) {
      starts[i] += half;
    }
    starts[h + 1] = end - half;
  }

  /** k for the top level, shrinking by c per level below it, never under 2. */
  private int capacity(int h) {
    return Math.max(MIN_CAPACITY, (int) Math.ceil(K * Math.pow(C, height() - 1 - h)));
  }

  private int totalCapacity() {
    int total = 0;
    for (int h = 0; h < height(); h++) {
      total += capacity(h);
    }
    return total;
  }

  /** One bit of xorshift64; the state is part of the sketch so results repeat run to run and after a restore. */
  private int nextBit() {
    long x = random;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    random = x;
    return (int) (x >>> 63);
  }
}
