package io.runnel.runtime.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.runtime.log.Rolling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trimming frees whole roll cycles, and entries keep their numbers after it, across reopening too. */
class InputJournalTrimTest {
  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
  @TempDir Path dir;
  private final SetTimeProvider time = new SetTimeProvider(T0 * 1_000_000);
  private final Rolling rolling = Rolling.secondly(time);

  /** Entries 0-2 in the first second, 3-4 in the next, 5 in the one after: three files. Entry n is a watermark n. */
  private InputJournal threeCycles() {
    InputJournal journal = InputJournal.open(dir, rolling);
    append(journal, 0, 3);
    time.currentTimeMillis(T0 + 1_000);
    append(journal, 3, 5);
    time.currentTimeMillis(T0 + 2_000);
    append(journal, 5, 6);
    return journal;
  }

  private static void append(InputJournal journal, long from, long to) {
    for (long n = from; n < to; n++) {
      journal.watermark(1, n);
    }
  }

  /** The values of the entries a replay from entry {@code from} gives. */
  private static List<Long> replay(InputJournal journal, long from) {
    List<Long> values = new ArrayList<>();
    try (InputJournal.Replay replay = journal.replay(from)) {
      for (InputJournal.Entry e = replay.next(); e != null; e = replay.next()) {
        values.add(e.value());
      }
    }
    return values;
  }

  private long cycleFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".cq4")).count();
    }
  }

  @Test
  void cyclesWhoseEntriesAllComeBeforeAnEntryAreFreedAndEntriesKeepTheirNumbers() throws IOException {
    try (InputJournal journal = threeCycles()) {
      journal.trim(4);
      assertEquals(2, cycleFiles(), "the first second's file is gone; the next one holds entry 4");
      assertEquals(3, journal.start());
      assertEquals(6, journal.size(), "trimmed entries still count");
      assertEquals(List.of(4L, 5L), replay(journal, 4), "entry 4 is still entry 4");
      assertEquals(List.of(3L, 4L, 5L), replay(journal, 3));
      assertThrows(IllegalArgumentException.class, () -> journal.replay(2), "entry 2 was freed");
      journal.watermark(1, 6);
      assertEquals(List.of(5L, 6L), replay(journal, 5));
    }
    try (InputJournal journal = InputJournal.open(dir, rolling)) {
      assertEquals(3, journal.start(), "the base survives reopening");
      assertEquals(7, journal.size());
      assertEquals(List.of(4L, 5L, 6L), replay(journal, 4));
      assertEquals(List.of(), replay(journal, 7));
    }
  }

  @Test
  void theCycleHoldingTheEntryIsKeptAndSoIsTheOneBeingWritten() throws IOException {
    try (InputJournal journal = threeCycles()) {
      journal.trim(2);
      assertEquals(3, cycleFiles(), "entry 2 is in the first second");
      journal.trim(3);
      assertEquals(2, cycleFiles(), "entry 3 is the next second's first");
      journal.trim(6);
      assertEquals(1, cycleFiles(), "nothing is needed any more but the cycle being written");
      assertEquals(5, journal.start());
      assertEquals(List.of(), replay(journal, 6));
      time.currentTimeMillis(T0 + 3_000);
      append(journal, 6, 8);
      assertEquals(List.of(5L, 6L, 7L), replay(journal, 5));
    }
  }

  @Test
  void aReplayStartsAtItsEntryInAnyCycle() {
    try (InputJournal journal = threeCycles()) {
      for (long from = 0; from <= 6; from++) {
        List<Long> expected = new ArrayList<>();
        for (long n = from; n < 6; n++) {
          expected.add(n);
        }
        assertEquals(expected, replay(journal, from), "from " + from);
      }
    }
    try (InputJournal journal = InputJournal.open(dir, rolling)) {
      assertEquals(6, journal.size(), "counted from the cycles' indexes");
      assertEquals(List.of(2L, 3L, 4L, 5L), replay(journal, 2));
    }
  }

  @Test
  void cyclesACrashLeftAfterTheBaseWasWrittenAreDeletedWhenTheJournalOpens() throws IOException {
    threeCycles().close();
    int second = (int) ((T0 + 1_000) / 1_000); // the cycle of entry 3: TEST_SECONDLY counts seconds from the epoch
    new JournalBase(3, second).write(dir); // a trim to entry 3 that stopped before deleting the first file
    assertEquals(3, cycleFiles());
    try (InputJournal journal = InputJournal.open(dir, rolling)) {
      assertEquals(2, cycleFiles());
      assertEquals(3, journal.start());
      assertEquals(6, journal.size());
      assertEquals(List.of(3L, 4L, 5L), replay(journal, 3));
    }
  }

  @Test
  void aJournalWrittenBeforeTrimmingOpensAtEntryZeroGoesOnRollingDailyAndIsTrimmedADayAtATime() throws IOException {
    Rolling daily = new Rolling(RollCycles.FAST_DAILY, time);
    try (InputJournal journal = InputJournal.open(dir, daily)) { // as journals were written: daily, no base
      append(journal, 0, 3);
      time.currentTimeMillis(T0 + 86_400_000L);
      append(journal, 3, 5);
    }
    assertTrue(Files.notExists(dir.resolve(JournalBase.FILE)));
    assertEquals(2, cycleFiles());
    try (InputJournal journal = InputJournal.open(dir)) {
      assertEquals(0, journal.start());
      assertEquals(5, journal.size());
      assertEquals(List.of(1L, 2L, 3L, 4L), replay(journal, 1));
      assertEquals(List.of(4L), replay(journal, 4));
      journal.trim(4);
      assertEquals(1, cycleFiles(), "the first day's file is freed");
      assertEquals(3, journal.start());
      append(journal, 5, 6);
      assertEquals(List.of(3L, 4L, 5L), replay(journal, 3));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).allMatch(n -> n.matches("[0-9]{8}F\\.cq4")), "no hourly file");
    }
    try (InputJournal journal = InputJournal.open(dir)) {
      assertEquals(3, journal.start());
      assertEquals(6, journal.size());
    }
  }
}
