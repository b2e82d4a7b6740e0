package io.runnel.runtime.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NexmarkRandomTest {
  /** Bounds of every shape: powers of two (the shortcut), odd ones, and ones near 2^31 that reject draws. */
  private static final int[] BOUNDS = {1, 2, 3, 4, 5, 6, 9, 10, 11, 13, 26, 64, 100, 1024, 10_000, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE};

  @Test
  void drawsWhatJavaUtilRandomDrawsForTheSameSeed() {
    Random seeds = new Random(42);
    for (int s = 0; s < 2_000; s++) {
      long seed = s < 1_000 ? s : seeds.nextLong();
      Random expected = new Random(seed);
      NexmarkRandom actual = new NexmarkRandom(seed);
      Random choice = new Random(seed * 31);
      for (int i = 0; i < 200; i++) {
        switch (choice.nextInt(3)) {
          case 0 -> {
            int bound = BOUNDS[choice.nextInt(BOUNDS.length)];
            assertEquals(expected.nextInt(bound), actual.nextInt(bound), "nextInt(" + bound + "), seed " + seed + ", draw " + i);
          }
          case 1 -> assertEquals(expected.nextLong(), actual.nextLong(), "nextLong, seed " + seed + ", draw " + i);
          default -> assertEquals(expected.nextDouble(), actual.nextDouble(), "nextDouble, seed " + seed + ", draw " + i);
        }
      }
    }
  }

  @Test
  void lettersAreWhatNextIntOf26Draws() {
    Random seeds = new Random(7);
    for (int s = 0; s < 2_000; s++) {
      long seed = seeds.nextLong();
      int length = s % 41;
      int from = s % 3;
      Random expected = new Random(seed);
      NexmarkRandom actual = new NexmarkRandom(seed);
      byte[] letters = new byte[from + length];
      actual.nextLetters(letters, from, from + length);
      for (int i = 0; i < length; i++) {
        assertEquals('a' + expected.nextInt(26), letters[from + i], "letter " + i + ", seed " + seed);
      }
      assertEquals(expected.nextLong(), actual.nextLong(), "the draw after the letters, seed " + seed);
    }
  }

  /**
   * A draw that {@code nextInt(26)} rejects is about one in 10^8, so seeds are built to hold one: the state
   * of the LCG is stepped backwards from one whose draw is rejected, to put that draw at each position.
   */
  @Test
  void lettersSkipTheDrawsNextIntRejects() {
    long multiplier = 0x5DEECE66DL;
    long mask = (1L << 48) - 1;
    long inverse = multiplier; // Newton's iteration for the inverse of an odd number modulo 2^64
    for (int k = 0; k < 6; k++) {
      inverse *= 2 - multiplier * inverse;
    }
    for (long rejected : new long[] {Integer.MAX_VALUE, Integer.MAX_VALUE / 26 * 26}) {
      for (int position = 0; position < 12; position++) {
        long state = (rejected << 17) | 0x1234L; // its next(31) is the rejected draw
        for (int back = 0; back <= position; back++) {
          state = ((state - 0xBL) * inverse) & mask;
        }
        long seed = state ^ multiplier; // setSeed scrambles the seed it is given with the multiplier
        Random expected = new Random(seed);
        Random probe = new Random(seed);
        for (int i = 0; i < position; i++) {
          probe.nextInt(1 << 30);
        }
        assertEquals(rejected, probe.nextInt() >>> 1, "the seed puts the rejected draw at " + position);
        NexmarkRandom actual = new NexmarkRandom(seed);
        byte[] letters = new byte[20];
        actual.nextLetters(letters, 0, letters.length);
        for (int i = 0; i < letters.length; i++) {
          assertEquals('a' + expected.nextInt(26), letters[i], "letter " + i + ", rejected draw at " + position);
        }
        assertEquals(expected.nextLong(), actual.nextLong());
      }
    }
  }

  /**
   * A random string that trims to nothing is the one empty string, not a new empty instance: hashing a new
   * empty string takes a branch of {@code String.hashCode} so rare that compiled code holding it is thrown
   * away and compiled again when it comes.
   */
  @Test
  void aStringThatTrimsToNothingIsTheEmptyString() {
    int found = 0;
    for (long seed = 0; seed < 100_000; seed++) {
      String s = NexmarkGenerator.nextString(new NexmarkRandom(seed), 4, ' '); // three characters, each a space one time in 13
      if (s.isEmpty()) {
        assertSame("", s, "seed " + seed);
        found++;
      }
    }
    assertTrue(found > 10, "empty strings found: " + found);
  }

  @Test
  void reseedingRestartsTheSequence() {
    NexmarkRandom random = new NexmarkRandom(0);
    Random expected = new Random();
    for (long seed : new long[] {7, -1, Long.MIN_VALUE, 123_456_789_012L}) {
      random.setSeed(seed);
      expected.setSeed(seed);
      for (int i = 0; i < 50; i++) {
        assertEquals(expected.nextInt(26), random.nextInt(26));
      }
    }
  }

  @Test
  void rejectsABoundThatIsNotPositive() {
    NexmarkRandom random = new NexmarkRandom(1);
    assertThrows(IllegalArgumentException.class, () -> random.nextInt(0));
    assertThrows(IllegalArgumentException.class, () -> random.nextInt(-3));
  }
}
