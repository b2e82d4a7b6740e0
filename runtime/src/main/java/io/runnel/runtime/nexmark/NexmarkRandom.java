package io.runnel.runtime.nexmark;

/**
 * The linear congruential generator of {@code java.util.Random}, as its documentation specifies it, without
 * the atomic update of the seed that makes every draw of {@code java.util.Random} a compare-and-set. Every
 * method returns exactly what the {@code java.util.Random} method of the same name returns for the same seed
 * and the same earlier draws; the generator relies on that to produce the specified events. Not thread-safe.
 */
final class NexmarkRandom {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long seed;

  NexmarkRandom(long seed) {
    setSeed(seed);
  }

  void setSeed(long seed) {
    this.seed = (seed ^ MULTIPLIER) & MASK;
  }

  private int next(int bits) {
    seed = (seed * MULTIPLIER + ADDEND) & MASK;
    return (int) (seed >>> (48 - bits));
  }

  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    int r = next(31);
    int m = bound - 1;
    if ((bound & m) == 0) {
      return (int) ((bound * (long) r) >> 31);
    }
    // rejects the draws of the last, incomplete multiple of bound, as java.util.Random does
    for (int u = r; u - (r = u % bound) + m < 0; u = next(31)) {
      // draw again
    }
    return r;
  }

  long nextLong() {
    return ((long) next(32) << 32) + next(32);
  }

  double nextDouble() {
    return (((long) next(26) << 27) + next(27)) * DOUBLE_UNIT;
  }
}
