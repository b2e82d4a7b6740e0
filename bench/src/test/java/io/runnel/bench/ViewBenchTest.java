package io.runnel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view runner traces every measured change to its row, and the view ends up counting every row. */
class ViewBenchTest {
  @TempDir Path dir;

  @Test
  void everyMeasuredRowIsDeliveredOnceAndTheViewCountsEveryRow() throws Exception {
    ViewBench.Options o = new ViewBench.Options(2_000, 20_000, 500, 0.5, 1, 2_000, 0.2);
    ViewBench.Result r = ViewBench.run(o, dir);
    assertEquals(20_000, r.rowsMeasured());
    assertEquals(r.rowsMeasured(), r.delivery().count(), "one latency per measured row: its +U");
    assertEquals(r.rowsMeasured() / o.batch(), r.inserts().count());
    assertTrue(r.verified().startsWith("32,000 rows, 2,000 keys"), r.verified()); // prefill, warm-up, measured
    assertTrue(r.lookups().count() > 0 && r.baselineLookups().count() > 0);
  }

  @Test
  void keysArePermutedAndTracedBack() {
    ViewBench.Keys keys = new ViewBench.Keys(1_000);
    boolean[] seen = new boolean[1_000];
    for (long row = 0; row < 1_000; row++) {
      long k = keys.keyOf(row);
      seen[(int) k] = true;
      assertEquals(row, keys.rowOf(k, 1));
      assertEquals(row + 2_000, keys.rowOf(keys.keyOf(row + 2_000), 3));
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
    assertEquals(1_000 + 2 * 500, keys.changes(1_500));
    assertEquals(1_500, keys.rowsHeld(keys.changes(1_500)));
  }
}
