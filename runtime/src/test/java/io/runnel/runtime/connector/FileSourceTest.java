package io.runnel.runtime.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
  static final Schema SCHEMA = Schema.of(new DataType.Field("n", DataType.of(TypeKind.BIGINT)), new DataType.Field("s", DataType.of(TypeKind.VARCHAR)));
  @TempDir Path dir;

  record Error(long line, String reason, String raw) {}

  /** Every good row's n, in order; the errors go to {@code errors}. */
  static List<Long> read(Path file, String format, List<Error> errors) throws IOException {
    List<Long> rows = new ArrayList<>();
    try (FileSource source = new FileSource(file, format, Map.of(), SCHEMA, 1024, (f, line, reason, raw) -> errors.add(new Error(line, reason, raw)))) {
      for (Batch b = source.next(); b != null; b = source.next()) {
        for (int r = 0; r < b.size(); r++) {
          rows.add(b.column(0).getLong(r));
        }
      }
    }
    return rows;
  }

  @Test
  void theGoodRowsOfTheBatchBeforeABadByteAndAllAfterItArrive() throws Exception {
    Path file = dir.resolve("in.csv");
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 1; i <= 3001; i++) {
        out.write((i == 1501 ? "1501,caf" : i + ",ok").getBytes(StandardCharsets.UTF_8));
        if (i == 1501) {
          out.write(0xE9); // Latin-1 é: not UTF-8
        }
        out.write('\n');
      }
    }
    List<Error> errors = new ArrayList<>();
    List<Long> rows = read(file, "csv", errors);
    assertEquals(3000, rows.size());
    assertEquals(1500L, rows.get(1499));
    assertEquals(1502L, rows.get(1500));
    assertEquals(List.of(new Error(1501, "invalid UTF-8 at byte 9 of the line", "1501,caf\uFFFD")), errors);
  }

  @Test
  void aFiftyMegabyteLineIsSkippedWithoutHoldingItInMemory() throws Exception {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    Path file = dir.resolve("in.json");
    int size = 50 << 20;
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) 'x');
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("{\"n\": 1, \"s\": \"a\"}\n{\"n\": 2, \"s\": \"".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < size / chunk.length; i++) {
        out.write(chunk);
      }
      out.write("\"}\n{\"n\": 3, \"s\": \"c\"}".getBytes(StandardCharsets.UTF_8));
    }
    List<Error> errors = new ArrayList<>();
    long before = threads.getCurrentThreadAllocatedBytes();
    List<Long> rows = read(file, "json", errors);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(List.of(1L, 3L), rows);
    assertEquals(1, errors.size());
    assertEquals(2, errors.get(0).line());
    assertEquals("line of " + (size + 17) + " bytes is longer than the limit of 1048576 bytes", errors.get(0).reason());
    assertTrue(errors.get(0).raw().endsWith("x ... [cut: " + (size + 17) + " bytes in all]"), errors.get(0).raw());
    // reading the line whole would take at least its 50 MB, and a copy or two on top
    assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes");
  }
}
