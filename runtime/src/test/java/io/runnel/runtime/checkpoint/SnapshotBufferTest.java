package io.runnel.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SnapshotBufferTest {
  @Test
  void theBufferDoublesAndPastOneGibibyteGrowsToTheLargestArrayAtOnce() {
    assertEquals(16_384, SnapshotBuffer.capacity(8_192, 8_193));
    assertEquals(100_000, SnapshotBuffer.capacity(8_192, 100_000));
    // doubling 1 GiB overflows an int: the array must not then grow by only what each write needs
    assertEquals(SnapshotBuffer.MAX_LENGTH, SnapshotBuffer.capacity(1 << 30, (1L << 30) + 8));
    assertEquals(SnapshotBuffer.MAX_LENGTH, SnapshotBuffer.capacity(1_500_000_000, 1_500_000_001L));
    assertThrows(IllegalStateException.class, () -> SnapshotBuffer.capacity(SnapshotBuffer.MAX_LENGTH, SnapshotBuffer.MAX_LENGTH + 1L));
  }

  @Test
  void whatIsWrittenComesBackAfterGrowingAndAfterAReset() {
    SnapshotBuffer buffer = new SnapshotBuffer();
    byte[] expected = new byte[50_000];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (byte) (i * 31);
    }
    buffer.write(expected[0]);
    buffer.write(expected, 1, expected.length - 1);
    assertArrayEquals(expected, buffer.toByteArray());
    buffer.reset();
    buffer.write(expected, 10, 3);
    assertArrayEquals(Arrays.copyOfRange(expected, 10, 13), buffer.toByteArray());
  }
}
