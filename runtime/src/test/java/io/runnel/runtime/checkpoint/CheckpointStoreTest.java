package io.runnel.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path dir;

  private static Checkpoint checkpoint(long epoch) {
    return new Checkpoint(
        epoch,
        "plan-a",
        List.of(
            new Checkpoint.Task(
                epoch * 100,
                Map.of(1, new long[] {epoch * 10, 7}),
                Map.of(1, new long[] {Long.MIN_VALUE, 1234}),
                new long[] {1234, 1},
                Map.of(2, new byte[] {1, 2, (byte) epoch}, 3, new byte[0]),
                Map.of("result", new long[] {epoch})),
            new Checkpoint.Task(epoch * 50, Map.of(1, new long[] {3}), Map.of(), new long[0], Map.of(2, new byte[] {9}), Map.of("late", new long[] {2}))));
  }

  @Test
  void aCheckpointReadsBackWholeAndOnlyTheLastThreeAreKept() throws IOException {
    CheckpointStore store = new CheckpointStore(dir);
    for (long epoch = 1; epoch <= 5; epoch++) {
      store.write(checkpoint(epoch));
    }
    Checkpoint back = store.latest((file, reason) -> { throw new AssertionError(reason); }).orElseThrow();
    assertEquals(5, back.epoch());
    assertEquals("plan-a", back.plan());
    assertEquals(2, back.parallelism());
    Checkpoint.Task first = back.tasks().get(0);
    assertEquals(500, first.journal());
    assertArrayEquals(new long[] {50, 7}, first.positions().get(1));
    assertArrayEquals(new long[] {Long.MIN_VALUE, 1234}, first.watermarks().get(1));
    assertArrayEquals(new long[] {1234, 1}, first.routing());
    assertArrayEquals(new byte[] {1, 2, 5}, first.operators().get(2));
    assertArrayEquals(new byte[0], first.operators().get(3));
    assertArrayEquals(new long[] {5}, first.outputs().get("result"));
    Checkpoint.Task second = back.tasks().get(1);
    assertEquals(250, second.journal());
    assertArrayEquals(new long[] {3}, second.positions().get(1));
    assertArrayEquals(new byte[] {9}, second.operators().get(2));
    assertArrayEquals(new long[] {2}, second.outputs().get("late"));
    try (var files = Files.list(dir)) {
      assertEquals(List.of("3.ckpt", "4.ckpt", "5.ckpt"), files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertEquals(6, store.nextEpoch());
  }

  @Test
  void aTornOrCorruptCheckpointIsReportedAndTheOneBeforeIsUsed() throws IOException {
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      Path trialDir = dir.resolve("t" + trial);
      CheckpointStore store = new CheckpointStore(trialDir);
      store.write(checkpoint(1));
      store.write(checkpoint(2));
      Path newest = trialDir.resolve("2.ckpt");
      byte[] bytes = Files.readAllBytes(newest);
      if (trial % 2 == 0) {
        Files.write(newest, java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length))); // torn at a random offset
      } else {
        int at = random.nextInt(bytes.length);
        bytes[at] ^= (byte) (1 + random.nextInt(255)); // one byte changed at a random offset
        Files.write(newest, bytes);
      }
      List<String> skipped = new ArrayList<>();
      Checkpoint back = store.latest((file, reason) -> skipped.add(file.getFileName() + ": " + reason)).orElseThrow();
      assertEquals(1, back.epoch(), "trial " + trial);
      assertEquals(1, skipped.size(), "trial " + trial);
      assertTrue(skipped.get(0).startsWith("2.ckpt: "), skipped.toString());
      assertEquals(3, store.nextEpoch(), "a damaged epoch is not reused");
    }
  }

  @Test
  void noCheckpointAndLeftoverTemporaryFilesMeanStartingAfresh() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("q1"));
    assertTrue(store.latest((file, reason) -> { throw new AssertionError(reason); }).isEmpty());
    Files.createDirectories(dir.resolve("q1"));
    Files.write(dir.resolve("q1/7.ckpt.tmp"), new byte[] {1, 2, 3}); // a write the process did not finish
    assertTrue(store.latest((file, reason) -> { throw new AssertionError(reason); }).isEmpty());
    store.write(checkpoint(1));
    store.deleteAll();
    assertTrue(Files.notExists(dir.resolve("q1")));
  }
}
