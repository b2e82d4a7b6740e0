package io.runnel.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.runtime.log.Rolling;
import io.runnel.runtime.query.SourceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCompactionTest {
  private static final Schema SCHEMA = Schema.of(new DataType.Field("k", DataType.of(TypeKind.BIGINT)), new DataType.Field("v", DataType.of(TypeKind.VARCHAR)));
  private static final int[] KEYS = {0};
  @TempDir Path dir;

  private static Batch changes() {
    return new BatchBuilder(SCHEMA, 8)
        .add(RowKind.INSERT, 1L, "a")
        .add(RowKind.INSERT, 2L, "b")
        .add(RowKind.UPDATE_BEFORE, 1L, "a")
        .add(RowKind.UPDATE_AFTER, 1L, "c")
        .add(RowKind.DELETE, 2L, "b")
        .add(RowKind.INSERT, 3L, "d")
        .add(RowKind.INSERT, 2L, "e")
        .add(RowKind.DELETE, 3L, "d")
        .build();
  }

  private static List<String> read(LogStore store, long from) {
    List<String> out = new ArrayList<>();
    try (SourceReader r = store.readerFrom(0, from, null)) {
      Batch b;
      while ((b = r.poll()) != null) {
        for (int i = 0; i < b.size(); i++) {
          out.add(b.kind(i) + Arrays.toString(b.row(i)));
        }
      }
    }
    return out;
  }

  @Test
  void theCompactedLogHoldsTheLatestRowPerKeyAndKeepsCounts() {
    try (LogStore store = LogStore.open(dir, SCHEMA, false)) {
      store.appendProduced("q1", changes(), new long[1]);
    }
    assertTrue(LogCompaction.compactIfGrown(dir, SCHEMA, KEYS, Rolling.DAILY), "8 rows for 2 live keys");
    assertTrue(Files.exists(dir.resolve(LogGenerations.POINTER)));
    try (LogStore store = LogStore.open(dir, SCHEMA, false)) {
      assertEquals(List.of(RowKind.INSERT + "[1, c]", RowKind.INSERT + "[2, e]"), read(store, 0));
      assertEquals(8, store.rowCount(), "row numbers go on from the old log's");
      assertEquals(8, store.produced("q1", 0));
      assertEquals(read(store, 0), read(store, 7), "a row inside the snapshot starts at the snapshot");
      long[] offered = new long[1];
      store.appendProduced("q1", changes(), offered); // a replay writes nothing again
      assertEquals(8, store.rowCount());
      store.append(new BatchBuilder(SCHEMA, 1).add(RowKind.UPDATE_AFTER, 1L, "f").build());
      assertEquals(List.of(RowKind.UPDATE_AFTER + "[1, f]"), read(store, 8));
    }
    assertFalse(LogCompaction.compactIfGrown(dir, SCHEMA, KEYS, Rolling.DAILY), "3 rows for 2 keys is not grown");
    LogCompaction.compact(dir, SCHEMA, KEYS, Rolling.DAILY);
    try (LogStore store = LogStore.open(dir, SCHEMA, false)) {
      assertEquals(List.of(RowKind.INSERT + "[2, e]", RowKind.INSERT + "[1, f]"), read(store, 0), "in the order of the keys' latest changes");
      assertEquals(9, store.rowCount());
      assertEquals(8, store.produced("q1", 0));
    }
    assertTrue(Files.isDirectory(dir.resolve("g2")));
    assertFalse(Files.exists(dir.resolve("g1")), "the old generation is deleted");
  }
}
