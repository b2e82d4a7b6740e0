package io.runnel.bench;

/**
 * Latencies in nanoseconds, counted in buckets whose width grows with the value: every value below 128 ns
 * has a bucket of its own, and above that each power of two is cut into 64 buckets, so that a percentile
 * read from it is at most 1/64 (1.6%) above the true one. Memory is fixed (a few thousand counters) however
 * many values are recorded, and recording is a few instructions. One thread records; read it after that
 * thread is done (or has handed it over).
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 6; // 64 buckets per power of two
  private static final int LINEAR = 1 << (SUB_BITS + 1); // values below this have a bucket each
  private final long[] counts = new long[LINEAR + (64 - SUB_BITS - 1) * (1 << SUB_BITS)];
  private long count;
  private long max;
  private long sum;

  void record(long nanos) {
    long v = Math.max(0, nanos);
    counts[index(v)]++;
    count++;
    sum += v;
    if (v > max) {
      max = v;
    }
  }

  long count() {
    return count;
  }

  long max() {
    return max;
  }

  double mean() {
    return count == 0 ? 0 : (double) sum / count;
  }

  /**
   * The least value that at least {@code fraction} of the recorded values do not exceed, as the upper bound
   * of its bucket (the exact maximum for the last one); 0 when nothing was recorded.
   */
  long percentile(double fraction) {
    if (count == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(fraction * count));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(upperBound(i), max);
      }
    }
    return max;
  }

  /** Adds what {@code other} recorded. */
  void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    sum += other.sum;
    max = Math.max(max, other.max);
  }

  static int index(long v) {
    if (v < LINEAR) {
      return (int) v;
    }
    int magnitude = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS + 1
    int shift = magnitude - SUB_BITS;
    int sub = (int) (v >>> shift) & ((1 << SUB_BITS) - 1);
    return LINEAR + (magnitude - SUB_BITS - 1) * (1 << SUB_BITS) + sub;
  }

  /** The greatest value that falls into bucket {@code i}. */
  static long upperBound(int i) {
    if (i < LINEAR) {
      return i;
    }
    int j = i - LINEAR;
    int magnitude = j / (1 << SUB_BITS) + SUB_BITS + 1;
    int sub = j % (1 << SUB_BITS);
    int shift = magnitude - SUB_BITS;
    long low = ((1L << SUB_BITS) | sub) << shift;
    return low + (1L << shift) - 1;
  }

  /** {@code p50 / p99 / p99.9 / max} in microseconds, for a table. */
  String summaryMicros() {
    return String.format("%,.1f / %,.1f / %,.1f / %,.1f", percentile(0.50) / 1e3, percentile(0.99) / 1e3, percentile(0.999) / 1e3, max / 1e3);
  }
}
