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
  /** The least draw of {@code next(31)} that {@code nextInt(26)} rejects: the last, incomplete multiple of 26 starts there. */
  private static final int FIRST_REJECTED_LETTER = Integer.MAX_VALUE / 26 * 26;
  private static final int REJECTED_LETTERS = Integer.MAX_VALUE - FIRST_REJECTED_LETTER + 1;
  // the seed k steps on is seed * JUMP_MUL_k + JUMP_ADD_k (mod 2^48): four steps computed side by side
  private static final long JUMP_MUL_2 = jumpMultiplier(2);
  private static final long JUMP_MUL_3 = jumpMultiplier(3);
  private static final long JUMP_MUL_4 = jumpMultiplier(4);
  private static final long JUMP_ADD_2 = jumpAddend(2);
  private static final long JUMP_ADD_3 = jumpAddend(3);
  private static final long JUMP_ADD_4 = jumpAddend(4);

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

  /**
   * Fills {@code out[from, to)} with {@code 'a' + nextInt(26)} each, exactly as that many calls would. The
   * four draws after a seed do not depend on each other once the seed is known, so they are computed side by
   * side rather than each waiting for the one before; four that hold a draw {@code nextInt} would reject
   * (about one in 10^8) are drawn one by one instead.
   */
  void nextLetters(byte[] out, int from, int to) {
    int i = from;
    long s = seed;
    while (to - i >= 4) {
      int u1 = (int) (((s * MULTIPLIER + ADDEND) & MASK) >>> 17);
      int u2 = (int) (((s * JUMP_MUL_2 + JUMP_ADD_2) & MASK) >>> 17);
      int u3 = (int) (((s * JUMP_MUL_3 + JUMP_ADD_3) & MASK) >>> 17);
      long s4 = (s * JUMP_MUL_4 + JUMP_ADD_4) & MASK;
      int u4 = (int) (s4 >>> 17);
      // a draw is rejected when it is at least FIRST_REJECTED_LETTER, that is when adding REJECTED_LETTERS overflows
      if (((u1 + REJECTED_LETTERS) | (u2 + REJECTED_LETTERS) | (u3 + REJECTED_LETTERS) | (u4 + REJECTED_LETTERS)) < 0) {
        break;
      }
      out[i] = (byte) ('a' + u1 % 26);
      out[i + 1] = (byte) ('a' + u2 % 26);
      out[i + 2] = (byte) ('a' + u3 % 26);
      out[i + 3] = (byte) ('a' + u4 % 26);
      s = s4;
      i += 4;
    }
    seed = s;
    for (; i < to; i++) {
      out[i] = (byte) ('a' + nextInt(26));
    }
  }

  private static long jumpMultiplier(int steps) {
    long m = 1;
    for (int k = 0; k < steps; k++) {
      m = (m * MULTIPLIER) & MASK;
    }
    return m;
  }

  private static long jumpAddend(int steps) {
    long a = 0;
    for (int k = 0; k < steps; k++) {
      a = (a * MULTIPLIER + ADDEND) & MASK;
    }
    return a;
  }

  long nextLong() {
    return ((long) next(32) << 32) + next(32);
  }

  double nextDouble() {
    return (((long) next(26) << 27) + next(27)) * DOUBLE_UNIT;
  }
}
