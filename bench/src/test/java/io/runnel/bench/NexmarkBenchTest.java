package io.runnel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.runtime.nexmark.NexmarkGenerator;
import org.junit.jupiter.api.Test;

/** The runner measures what it says: every event generated, the query's full result counted. */
class NexmarkBenchTest {
  @Test
  void q2CountsExactlyTheBidsOfAuctionsDivisibleBy123() throws Exception {
    long events = 30_000;
    long expected = 0;
    NexmarkGenerator generator = new NexmarkGenerator(10_000);
    for (long n = 0; n < events; n++) {
      if (generator.event(n) instanceof NexmarkGenerator.Bid b && b.auction() % 123 == 0) {
        expected++;
      }
    }
    for (boolean prefilled : new boolean[] {false, true}) {
      NexmarkBench.Result r = NexmarkBench.run("q2", events, prefilled, false);
      assertEquals(expected, r.rowsOut(), prefilled ? "prefilled" : "inline");
      assertEquals(events, r.events());
      assertTrue(r.seconds() > 0 && r.cpuSeconds() > 0);
      // the collector's and the compiler's parts are parts of the process's time (NaN off Linux)
      assertTrue(Double.isNaN(r.gcSeconds()) || r.gcSeconds() + r.jitSeconds() <= r.cpuSeconds() + 0.15, r.toString()); // whole ticks a thread
    }
  }

  /** The ingestion baseline fills the streams as a query's run does and keeps no row; a name the runner knows. */
  @Test
  void ingestionAloneReadsTheBidsAndKeepsNone() throws Exception {
    NexmarkBench.Result r = NexmarkBench.run(NexmarkBench.INGEST, 30_000, false, false);
    assertEquals("ingestion alone", r.name());
    assertEquals(0, r.rowsOut());
    assertEquals(30_000, r.events());
    assertTrue(r.cpuSeconds() > 0, r.toString());
  }

  /**
   * q6t is q6 without its OVER window, a name the runner knows: each change of its Top-1 is one change into
   * q6's window, which emits at least that row's own result for it.
   */
  @Test
  void q6tIsTheTopOneUnderQ6sWindow() throws Exception {
    long top = NexmarkBench.run("q6t", 30_000, false, false).rowsOut();
    long q6 = NexmarkBench.run("q6", 30_000, false, false).rowsOut();
    assertTrue(top > 0, "the Top-1 has winners");
    assertTrue(q6 >= top, "q6 emits " + q6 + " rows for " + top + " changes of its input");
  }

  /** As a persistent query that checkpoints, a query writes the same number of rows as its SELECT gives. */
  @Test
  void aPersistentQueryWritesTheRowsItsSelectGivesAtAnyCheckpointInterval() throws Exception {
    long events = 30_000;
    long rows = NexmarkBench.run("q5w", events, false, false).rowsOut();
    assertTrue(rows > 0);
    for (String interval : new String[] {"0", "1 ms"}) {
      NexmarkBench.Result r = NexmarkBench.persistent("q5w", events, interval);
      assertEquals(rows, r.rowsOut(), interval);
      assertTrue(r.name().startsWith("q5w (checkpoints "), r.name());
      if (interval.equals("0")) {
        assertTrue(r.name().contains("at end: 0 seen") || r.name().contains("at end: 1 seen"), "at most the one at the end: " + r.name());
      }
    }
  }
}
