package io.runnel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recovery runner restores from the checkpoint it measured and reads only the rows after it. */
class RecoveryBenchTest {
  @TempDir Path dir;

  @Test
  void theRestoredQueryReadsOnlyTheRowsAfterItsCheckpoint() throws Exception {
    RecoveryBench.Result r = RecoveryBench.run(new RecoveryBench.Options(20_000, 50, 5_000), dir);
    assertEquals(5_000, r.rowsReadAfterRestore());
    assertTrue(r.checkpointBytes() > 20_000 * 50, "each group's payload is in the checkpoint: " + r.checkpointBytes());
    assertTrue(r.openPhases().containsKey("operators' state decoded"), r.openPhases().toString());
  }
}
