package io.runnel.runtime.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
