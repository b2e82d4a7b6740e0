package io.runnel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void threadsAreToldApartByTheNameLinuxKeeps() {
    assertEquals(ThreadCpu.Kind.GC, ThreadCpu.kindOf("GC Thread#0"));
    assertEquals(ThreadCpu.Kind.GC, ThreadCpu.kindOf("G1 Conc#0"));
    assertEquals(ThreadCpu.Kind.GC, ThreadCpu.kindOf("G1 Refine#0"));
    assertEquals(ThreadCpu.Kind.JIT, ThreadCpu.kindOf("C2 CompilerThre"));
    assertEquals(ThreadCpu.Kind.JIT, ThreadCpu.kindOf("C1 CompilerThre"));
    assertEquals(ThreadCpu.Kind.OTHER, ThreadCpu.kindOf("runnel-nexmark-"));
    assertEquals(ThreadCpu.Kind.OTHER, ThreadCpu.kindOf("java"));
  }

  @Test
  void ticksAreUserPlusSystemTime() {
    // a thread whose name holds spaces and a parenthesis: the fields are counted from the last ')'
    String stat = "4242 (C2 Compiler) x) S 1 2 3 4 5 6 7 8 9 10 120 30 0 0 20 0 1 0 100 0 0";
    assertEquals(150, ThreadCpu.ticks(stat));
  }

  /** Collections run on the collector's threads: forcing some must show in its part. */
  @Test
  void forcedCollectionsShowAsTheCollectorsTime() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
    ThreadCpu.Snapshot before = ThreadCpu.snapshot();
    byte[][] keep = new byte[2048][];
    ThreadCpu.Snapshot after = before;
    // thread times move in ticks of 10 ms: collect until one shows, up to a bound a working split never nears
    for (int round = 0; round < 600 && !(after.secondsSince(before, ThreadCpu.Kind.GC) > 0); round++) {
      for (int i = 0; i < keep.length; i++) {
        keep[i] = new byte[4096 + round];
      }
      System.gc();
      after = ThreadCpu.snapshot();
    }
    assertTrue(after.secondsSince(before, ThreadCpu.Kind.GC) > 0, "GC: " + after.secondsSince(before, ThreadCpu.Kind.GC) + " s, kept " + keep.length);
    assertTrue(after.secondsSince(before, ThreadCpu.Kind.JIT) >= 0);
  }
}
