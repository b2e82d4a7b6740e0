package io.runnel.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.runtime.query.SourceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
  static final Schema SCHEMA = Schema.of(new DataType.Field("x", DataType.of(TypeKind.BIGINT)), new DataType.Field("s", DataType.of(TypeKind.VARCHAR)));
  @TempDir Path dir;

  static Batch batch(long from, long to) {
    BatchBuilder b = new BatchBuilder(SCHEMA, 8);
    for (long i = from; i < to; i++) {
      b.add(i, "v" + i);
    }
    return b.build();
  }

  static List<Long> drain(SourceReader reader) {
    List<Long> out = new ArrayList<>();
    Batch b;
    while ((b = reader.poll()) != null) {
      b.rows().forEach(r -> out.add((Long) r[0]));
    }
    return out;
  }

  @Test
  void readersFromTheStartSeeEverythingAndFromTheEndOnlyWhatComesLater() {
    try (LogStore store = LogStore.open(dir, SCHEMA, false)) {
      store.append(batch(0, 3));
      SourceReader fromStart = store.reader(true);
      SourceReader fromEnd = store.reader(false);
      store.append(batch(3, 5));
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L), drain(fromStart));
      assertEquals(List.of(3L, 4L), drain(fromEnd));
      assertNull(fromStart.poll());
      assertFalse(fromStart.exhausted(), "an unsealed log never runs out");
      fromStart.close();
      fromEnd.close();
    }
  }

  @Test
  void largeBatchesAreSplitIntoExcerptsAndCounted() {
    try (LogStore store = LogStore.open(dir, SCHEMA, false)) {
      store.append(batch(0, 10_000));
      assertEquals(10_000, store.rowCount());
      try (SourceReader r = store.reader(true)) {
        assertEquals(LogStore.MAX_ROWS, r.poll().size());
      }
    }
  }

  @Test
  void dataSurvivesReopening() {
    try (LogStore store = LogStore.open(dir, SCHEMA, false)) {
      store.append(batch(0, 7));
    }
    try (LogStore store = LogStore.open(dir, SCHEMA, false); SourceReader r = store.reader(true)) {
      assertEquals(7, store.rowCount());
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), drain(r));
    }
  }

  @Test
  void aWatermarkEntryHoldsNoRowsAndIsPassedInItsPlace() {
    try (LogStore store = LogStore.open(dir, SCHEMA, false)) {
      store.append(batch(0, 2));
      store.appendWatermark(5_000);
      store.append(batch(2, 3));
    }
    try (LogStore store = LogStore.open(dir, SCHEMA, false); SourceReader r = store.reader(true); SourceReader from = store.readerFrom(0, 2, null)) {
      assertEquals(3, store.rowCount(), "counted again when the log opens: the watermark is no row");
      assertEquals(2, r.poll().size());
      assertEquals(Long.MIN_VALUE, r.watermark());
      assertEquals(0, r.poll().size(), "the watermark is a poll of its own");
      assertEquals(5_000, r.watermark());
      assertEquals(2, r.position());
      assertEquals(List.of(2L), drain(r));
      assertEquals(List.of(2L), drain(from), "a reader from a row passes it as it skips");
      assertEquals(5_000, from.watermark());
    }
  }

  @Test
  void aSealedLogIsExhaustedOnceRead() {
    try (LogStore store = LogStore.open(dir, SCHEMA, true)) {
      SourceReader r = store.reader(true);
      store.append(batch(0, 2));
      store.seal();
      assertEquals(List.of(0L, 1L), drain(r));
      assertTrue(r.exhausted());
      r.close();
    }
  }
}
