package io.runnel.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.runtime.journal.InputJournal;
import io.runnel.runtime.log.Rolling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query's journals are trimmed once a checkpoint is written, to the entry the oldest checkpoint kept
 * needs: whichever kept checkpoint is restored, its entries are there.
 */
class CheckpointingTrimTest {
  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
  private static final int TASKS = 2;
  @TempDir Path dir;
  private final SetTimeProvider time = new SetTimeProvider(T0 * 1_000_000);
  private final Rolling rolling = Rolling.secondly(time);
  private final List<String> failures = new ArrayList<>();
  private List<InputJournal> journals = List.of();

  @AfterEach
  void closeJournals() {
    journals.forEach(InputJournal::close);
  }

  private Path journalDir(int task) {
    return dir.resolve("journal").resolve(Integer.toString(task));
  }

  private CheckpointStore store() {
    return new CheckpointStore(dir.resolve("checkpoints"));
  }

  /** Opens the journals, as a query starting again does, and its checkpointing. */
  private Checkpointing start() {
    journals.forEach(InputJournal::close);
    journals = List.of(InputJournal.open(journalDir(0), rolling), InputJournal.open(journalDir(1), rolling));
    return new Checkpointing(store(), "plan", 0, List.of(Map.of(), Map.of()), journals, (reason, e) -> failures.add(reason));
  }

  /** At second {@code second}: each task journals two entries (watermarks of the second), then a checkpoint. */
  private void secondThenCheckpoint(Checkpointing checkpointing, int second) {
    time.currentTimeMillis(T0 + second * 1_000L);
    List<Checkpoint.Task> parts = new ArrayList<>();
    for (int task = 0; task < TASKS; task++) {
      journals.get(task).watermark(1, second);
      journals.get(task).watermark(2, second);
      parts.add(checkpointing.part(task, Map.of(), Map.of(), new long[0], Map.of()));
    }
    checkpointing.taken(parts, 0);
  }

  private long cycleFiles(int task) throws IOException {
    try (Stream<Path> files = Files.list(journalDir(task))) {
      return files.filter(p -> p.toString().endsWith(".cq4")).count();
    }
  }

  /** The seconds (watermark values of vertex 1) task {@code task}'s journal replays from entry {@code from}. */
  private List<Long> replayedSeconds(int task, long from) {
    List<Long> seconds = new ArrayList<>();
    try (InputJournal.Replay replay = journals.get(task).replay(from)) {
      for (InputJournal.Entry e = replay.next(); e != null; e = replay.next()) {
        if (e.vertex() == 1) {
          seconds.add(e.value());
        }
      }
    }
    return seconds;
  }

  @Test
  void eachCheckpointTrimsTheJournalsToTheEntryOfTheOldestKept() throws IOException {
    Checkpointing checkpointing = start();
    // at second s, checkpoint s + 1 at entry 2s + 2; the last three are kept
    long[] files = {1, 1, 2, 2, 2};
    long[] start = {0, 2, 2, 4, 6};
    for (int second = 0; second < 5; second++) {
      secondThenCheckpoint(checkpointing, second);
      for (int task = 0; task < TASKS; task++) {
        assertEquals(files[second], cycleFiles(task), "after second " + second);
        assertEquals(start[second], journals.get(task).start(), "after second " + second);
        assertEquals(2L * second + 2, journals.get(task).size());
      }
    }
    // checkpoint 1 needs the entries from 2 on, all in second 1's file: second 0's goes at checkpoint 2;
    // checkpoint 3 (entry 6) is the oldest kept after checkpoint 5, and its entries are in second 3's file
    assertEquals(List.of(), failures);
  }

  @Test
  void whenTheNewerCheckpointsDoNotReadBackTheOldestKeptIsRestoredAndReplaysItsEntries() throws IOException {
    Checkpointing checkpointing = start();
    for (int second = 0; second < 5; second++) {
      secondThenCheckpoint(checkpointing, second); // checkpoints 1 to 5; 3, 4 and 5 kept, at entries 6, 8 and 10
    }
    for (long epoch : new long[] {4, 5}) {
      Files.write(dir.resolve("checkpoints/" + epoch + ".ckpt"), new byte[] {1, 2, 3}); // torn
    }
    Checkpointing restarted = start();
    assertNotNull(restarted.restored());
    assertEquals(3, restarted.restored().epoch());
    for (int task = 0; task < TASKS; task++) {
      assertEquals(6, restarted.replayFrom(task));
      assertEquals(List.of(3L, 4L), replayedSeconds(task, restarted.replayFrom(task)), "what came after checkpoint 3, exactly");
    }
  }

  @Test
  void aCrashAfterACheckpointIsWrittenAndBeforeTheTrimRecoversFromIt() throws IOException {
    Checkpointing checkpointing = start();
    for (int second = 0; second < 3; second++) {
      secondThenCheckpoint(checkpointing, second);
    }
    // checkpoint 4 written, and the process dies before trimming: the store has it, the journals are whole
    time.currentTimeMillis(T0 + 3_000);
    List<Checkpoint.Task> parts = new ArrayList<>();
    for (int task = 0; task < TASKS; task++) {
      journals.get(task).watermark(1, 3);
      journals.get(task).watermark(2, 3);
      parts.add(checkpointing.part(task, Map.of(), Map.of(), new long[0], Map.of()));
    }
    store().write(new Checkpoint(4, "plan", parts));
    time.currentTimeMillis(T0 + 4_000);
    journals.forEach(j -> j.watermark(1, 4)); // after checkpoint 4, before the crash
    Checkpointing restarted = start();
    assertEquals(4, restarted.restored().epoch());
    for (int task = 0; task < TASKS; task++) {
      assertEquals(4, cycleFiles(task), "nothing was trimmed after checkpoint 4: seconds 1 to 4");
      assertEquals(8, restarted.replayFrom(task));
      assertEquals(List.of(4L), replayedSeconds(task, 8), "what came after checkpoint 4");
    }
    // the query started from checkpoint 4 knows only it: checkpoint 3, kept, holds trimming back
    secondThenCheckpoint(restarted, 5); // checkpoint 5; 3, 4 and 5 kept
    for (int task = 0; task < TASKS; task++) {
      assertEquals(2, journals.get(task).start(), "checkpoint 3 needs entry 6, and it was not read");
    }
    secondThenCheckpoint(restarted, 6); // checkpoint 6; 4 (entry 8), 5 and 6 kept
    for (int task = 0; task < TASKS; task++) {
      assertEquals(8, journals.get(task).start());
      assertEquals(List.of(4L, 5L, 6L), replayedSeconds(task, 8));
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void withoutACheckpointNothingIsTrimmedAndAJournalTrimmedBeforeIsNotReplayed() throws IOException {
    Checkpointing checkpointing = start();
    for (int second = 0; second < 3; second++) {
      time.currentTimeMillis(T0 + second * 1_000L);
      journals.forEach(j -> j.watermark(1, 0));
    }
    for (int task = 0; task < TASKS; task++) {
      assertEquals(3, cycleFiles(task));
      assertEquals(0, checkpointing.replayFrom(task));
    }
    for (int second = 3; second < 7; second++) {
      secondThenCheckpoint(checkpointing, second);
    }
    assertTrue(journals.get(0).start() > 0);
    // every checkpoint lost (or of another plan): the start of the input journals is gone with them
    store().deleteAll();
    Checkpointing restarted = start();
    for (int task = 0; task < TASKS; task++) {
      assertEquals(journals.get(task).size(), restarted.replayFrom(task), "nothing is replayed");
    }
    assertEquals(1, failures.size());
    assertTrue(failures.get(0).startsWith("the input journal no longer holds its first entries"), failures.get(0));
  }
}
