package io.runnel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingestion benchmark's own check, at a size fit for every build: every row arrives, none is lost. */
class IngestionBenchmarkTest {
  @TempDir Path dir;

  @Test
  void aSmallRunLosesNoRow() throws Exception {
    IngestionBenchmark.Result r = IngestionBenchmark.run(20_000, dir);
    assertEquals(20_000, r.rowsIn());
    assertEquals(r.expected(), r.rowsOut());
    assertTrue(r.expected() > 5_000 && r.expected() < 10_000, "the filter passes about 3/8 of the rows: " + r.expected());
    assertEquals(0, r.lost());
  }
}
