package io.runnel.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.log.SmallDisk;
import io.runnel.runtime.query.SourceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log on a disk that fills up: appends are refused before they write, and the log stays whole. */
class LogStoreDiskFullTest {
  private static final int ROWS_PER_INSERT = 200;

  @TempDir Path tmp;

  @Test
  void aFullDiskRefusesAppendsWithItsCodeAndTheLogHoldsEveryAcceptedRowOnce() throws Exception {
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      try (SmallDisk disk = SmallDisk.mount(tmp, 4)) {
        Path filler = disk.dir().resolve("filler");
        Files.write(filler, new byte[1 << 20]);
        Path logDir = disk.dir().resolve("s");
        List<Long> accepted = new ArrayList<>();
        long next = 0;
        try (LogStore store = LogStore.open(logDir, LogStoreTest.SCHEMA, false)) {
          RunnelException refused = null;
          while (refused == null) {
            try {
              store.append(LogStoreTest.batch(next, next + ROWS_PER_INSERT));
              for (long i = next; i < next + ROWS_PER_INSERT; i++) {
                accepted.add(i);
              }
            } catch (RunnelException e) {
              refused = e;
            }
            next += ROWS_PER_INSERT;
          }
          assertEquals(ErrorCode.DISK_FULL, refused.code(), refused.getMessage());
          assertTrue(refused.getMessage().contains(logDir.toString()) && refused.getMessage().contains("bytes free"), refused.getMessage());
          assertTrue(accepted.size() > 10 * ROWS_PER_INSERT, "the disk held only " + accepted.size() + " rows");
          // a second try is refused as well: the first left nothing behind that would make room
          long refusedFrom = next;
          RunnelException again = org.junit.jupiter.api.Assertions.assertThrows(
              RunnelException.class, () -> store.append(LogStoreTest.batch(refusedFrom, refusedFrom + ROWS_PER_INSERT)));
          assertEquals(ErrorCode.DISK_FULL, again.code());
          next += ROWS_PER_INSERT;

          Files.delete(filler); // space is back
          for (int i = 0; i < 5; i++, next += ROWS_PER_INSERT) {
            store.append(LogStoreTest.batch(next, next + ROWS_PER_INSERT));
            for (long r = next; r < next + ROWS_PER_INSERT; r++) {
              accepted.add(r);
            }
          }
          assertEquals(accepted.size(), store.rowCount());
          try (SourceReader r = store.reader(true)) {
            assertEquals(accepted, LogStoreTest.drain(r));
          }
        }
        // and so it reads after reopening: no excerpt is corrupt, no refused row is there
        try (LogStore store = LogStore.open(logDir, LogStoreTest.SCHEMA, false); SourceReader r = store.reader(true)) {
          assertEquals(accepted.size(), store.rowCount());
          assertEquals(accepted, LogStoreTest.drain(r));
        }
      }
    });
  }
}
