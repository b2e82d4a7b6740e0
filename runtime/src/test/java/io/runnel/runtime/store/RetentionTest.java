package io.runnel.runtime.store;

import static io.runnel.runtime.store.LogStoreTest.SCHEMA;
import static io.runnel.runtime.store.LogStoreTest.batch;
import static io.runnel.runtime.store.LogStoreTest.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.runtime.log.Rolling;
import io.runnel.runtime.query.SourceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention drops whole roll cycles, and row numbers and producers' counts keep their meaning after it. */
class RetentionTest {
  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
  @TempDir Path dir;
  private final SetTimeProvider time = new SetTimeProvider(T0 * 1_000_000);
  private final Rolling rolling = Rolling.secondly(time);

  /** Rows 0-2 in the first second, 3-4 in the next, 5 in the one after: three files. */
  private LogStore threeCycles() {
    LogStore store = LogStore.open(dir, SCHEMA, false, rolling);
    store.append(batch(0, 3));
    time.currentTimeMillis(T0 + 1_000);
    store.append(batch(3, 5));
    time.currentTimeMillis(T0 + 2_000);
    store.append(batch(5, 6));
    return store;
  }

  private long logFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".cq4")).count();
    }
  }

  private static List<Long> from(LogStore store, long row) {
    try (SourceReader r = store.readerFrom(0, row, null)) {
      return drain(r);
    }
  }

  @Test
  void cyclesEntirelyOlderThanTheRetentionAreDroppedAndRowsKeepTheirNumbers() throws IOException {
    try (LogStore store = threeCycles()) {
      time.currentTimeMillis(T0 + 2_600);
      assertEquals(0, store.applyRetention(new Retention(2_000, 0)), "the first second ended only 1.6 s ago");
      time.currentTimeMillis(T0 + 3_100);
      assertEquals(3, store.applyRetention(new Retention(2_000, 0)));
      assertEquals(2, logFiles());
      assertEquals(6, store.rowCount(), "dropped rows still count");
      assertEquals(List.of(4L, 5L), from(store, 4), "row 4 is still row 4");
      assertEquals(List.of(3L, 4L, 5L), from(store, 1), "rows before the base are gone: the reader starts at it");
      for (long row : new long[] {1, 4}) {
        try (SourceReader r = store.readerFrom(0, row, null)) {
          drain(r);
          assertEquals(6, r.position(), "from row " + row);
        }
      }
    }
    try (LogStore store = LogStore.open(dir, SCHEMA, false, rolling)) {
      assertEquals(6, store.rowCount(), "the base survives reopening");
      assertEquals(List.of(5L), from(store, 5));
    }
  }

  @Test
  void theCycleBeingWrittenIsNeverDropped() throws IOException {
    try (LogStore store = threeCycles()) {
      time.currentTimeMillis(T0 + 3_600_000);
      assertEquals(5, store.applyRetention(new Retention(1_000, 0)));
      assertEquals(1, logFiles());
      try (SourceReader r = store.reader(true)) {
        assertEquals(List.of(5L), drain(r));
      }
      store.append(batch(6, 7));
      assertEquals(List.of(5L, 6L), from(store, 0));
      assertEquals(7, store.rowCount());
    }
  }

  @Test
  void theOldestCyclesGoWhileTheLogIsOverItsSize() throws IOException {
    try (LogStore store = threeCycles()) {
      assertEquals(0, store.applyRetention(new Retention(0, 1L << 30)));
      assertEquals(3, logFiles());
      assertEquals(5, store.applyRetention(new Retention(0, 1)), "all but the cycle being written");
      assertEquals(List.of(5L), from(store, 0));
      assertEquals(6, store.rowCount());
    }
  }

  @Test
  void aReaderInsideADroppedCycleGoesOnAtTheFirstRowLeft() {
    try (LogStore store = threeCycles(); SourceReader r = store.readerFrom(0, 1, null); SourceReader late = store.readerFrom(0, 0, null)) {
      assertEquals(List.of(1L, 2L), r.poll().rows().stream().map(row -> (Long) row[0]).toList());
      time.currentTimeMillis(T0 + 60_000);
      store.applyRetention(new Retention(1_000, 0));
      assertEquals(List.of(5L), drain(r));
      assertEquals(6, r.position());
      assertEquals(List.of(5L), drain(late), "created before the cut, polled after it");
      assertEquals(6, late.position());
    }
  }

  @Test
  void producersCountsSurviveACutSoAReplayingQueryDoesNotWriteAgain() {
    try (LogStore store = LogStore.open(dir, SCHEMA, false, rolling)) {
      store.appendProduced("q1", batch(0, 2), new long[1]);
      time.currentTimeMillis(T0 + 1_000);
      store.append(batch(100, 101)); // the newer cycle holds no row of q1
      time.currentTimeMillis(T0 + 5_000);
      assertEquals(2, store.applyRetention(new Retention(1_000, 0)));
      assertEquals(2, store.produced("q1", 0));
    }
    try (LogStore store = LogStore.open(dir, SCHEMA, false, rolling)) {
      assertEquals(2, store.produced("q1", 0), "the count is in the base");
      long[] offered = new long[1];
      store.appendProduced("q1", batch(0, 3), offered); // the query replays its output from the start
      assertEquals(List.of(100L, 2L), from(store, 0), "only the row the log never held is appended");
      assertEquals(3, store.produced("q1", 0));
      assertEquals(4, store.rowCount());
    }
  }

  @Test
  void filesACutCountedButDidNotDeleteAreDeletedOnOpen() throws IOException {
    Path first = dir.resolve("20240301-100000T.cq4");
    Path saved = dir.resolveSibling("saved.cq4");
    threeCycles().close();
    Files.copy(first, saved);
    try (LogStore store = LogStore.open(dir, SCHEMA, false, rolling)) {
      time.currentTimeMillis(T0 + 3_100);
      assertEquals(3, store.applyRetention(new Retention(2_000, 0)));
    }
    assertTrue(Files.notExists(first));
    // as if the process had stopped between writing the base and deleting the file
    Files.move(saved, first);
    try (LogStore store = LogStore.open(dir, SCHEMA, false, rolling)) {
      assertEquals(6, store.rowCount(), "the file before the base's first cycle is not counted twice");
      assertEquals(List.of(3L, 4L, 5L), from(store, 0));
    }
    assertTrue(Files.notExists(first));
  }
}
