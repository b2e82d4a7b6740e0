package io.runnel.tests.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills an engine running persistent queries ({@link CrashWorkload}) with SIGKILL at seeded random
 * moments, starts it again each time, and compares what its queries wrote, sys.late and sys.errors
 * included, with a run that was never killed: nothing lost, nothing written twice, in the same order.
 * {@code -Drunnel.crash.kills=N} (default 5) sets the number of kills; {@code -Drunnel.crash.seed} the seed.
 */
class CrashRecoveryIT {
  private static final int KILLS = Integer.getInteger("runnel.crash.kills", 5);
  private static final long SEED = Long.getLong("runnel.crash.seed", 20261207L);
  private static final long ROWS = 3_000L + 400L * KILLS;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> OUTPUTS =
      List.of(
          "SELECT * FROM counts",
          "SELECT * FROM busy",
          "SELECT * FROM totals",
          "SELECT rowtime, watermark, input FROM sys.late",
          "SELECT source, reason, input FROM sys.errors");
  /**
   * A query over two streams: which rows each window holds does not depend on how the two were interleaved
   * (none of its rows can be late), but the order of a window's groups does, so its rows are compared
   * sorted. A query started again that read its inputs in another order than before, and skipped rows by
   * their count, would write some rows twice and lose others.
   */
  private static final String MIXED = "SELECT * FROM mixed";

  @TempDir Path dir;

  @Test
  void killedAtRandomMomentsTheQueriesWriteExactlyWhatAnUnkilledRunWrites() throws Exception {
    Path reference = dir.resolve("reference");
    run(reference, "finish", -1);
    Path crashed = dir.resolve("crashed");
    Random random = new Random(SEED);
    for (int kill = 0; kill < KILLS; kill++) {
      run(crashed, "run", 200 + random.nextInt(1_500));
    }
    run(crashed, "finish", -1);
    for (String sql : OUTPUTS) {
      List<String> expected = read(reference, sql);
      assertTrue(!expected.isEmpty() || sql.contains("sys.errors"), "the workload gives rows for " + sql);
      assertEquals(expected, read(crashed, sql), sql + " after " + KILLS + " kills (seed " + SEED + ")");
    }
    List<String> expected = new ArrayList<>(read(reference, MIXED));
    List<String> actual = new ArrayList<>(read(crashed, MIXED));
    assertTrue(!expected.isEmpty(), "the workload gives rows for " + MIXED);
    expected.sort(null);
    actual.sort(null);
    assertEquals(expected, actual, MIXED + " after " + KILLS + " kills (seed " + SEED + "), sorted");
  }

  /**
   * Runs the workload on {@code data}; kills it with SIGKILL {@code killAfterMillis} after it is set up (and
   * so while it appends rows and its queries run), or waits for it to finish.
   */
  private static void run(Path data, String mode, long killAfterMillis) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc") || arg.startsWith("-Dchronicle")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), CrashWorkload.class.getName(), data.toString(), Long.toString(ROWS), mode));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.add(line);
        }
      } catch (IOException e) {
        // the process was killed
      }
    });
    reader.start();
    try {
      if (killAfterMillis >= 0) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (output.stream().noneMatch(l -> l.startsWith("READY")) && process.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        if (process.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
          throw new AssertionError("the workload ended before it was killed: " + output);
        }
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
      } else {
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the workload did not finish: " + output);
        assertEquals(0, process.exitValue(), "the workload failed: " + output);
        reader.join(5_000);
        assertTrue(output.contains("FINISHED"), output.toString());
      }
    } finally {
      process.destroyForcibly();
      reader.join(5_000);
    }
  }

  private static List<String> read(Path data, String sql) throws InterruptedException {
    try (Runnel runnel = Runnel.open(data);
        QueryHandle q = runnel.query(sql, QueryOptions.fromEarliest())) {
      List<Change> changes = new CopyOnWriteArrayList<>();
      q.subscribe(changes::add);
      assertTrue(q.sync(WAIT));
      List<String> rows = new ArrayList<>();
      for (Change c : changes) {
        rows.add(c.toString());
      }
      return rows;
    }
  }
}
