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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills an engine running persistent queries ({@link CrashWorkload}) with SIGKILL at seeded random
 * moments, starts it again each time, and compares what its queries wrote, sys.late and sys.errors
 * included, with a run that was never killed: nothing lost, nothing written twice, in the same order
 * where the order does not depend on timing.
 * {@code -Drunnel.crash.kills=N} (default 5) sets the number of kills; {@code -Drunnel.crash.seed} the seed.
 */
class CrashRecoveryIT {
  private static final int KILLS = Integer.getInteger("runnel.crash.kills", 5);
  private static final long SEED = Long.getLong("runnel.crash.seed", 20261207L);
  private static final long ROWS = 3_000L + 400L * KILLS;
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** What the queries on one task wrote, compared in order. */
  private static final List<String> OUTPUTS =
      List.of(
          "SELECT * FROM counts",
          "SELECT * FROM busy",
          "SELECT * FROM totals",
          "SELECT rowtime, watermark, input FROM sys.late WHERE source LIKE 'q1/%'",
          // a view's changelog, read from its start, then its rows as a lookup of them all answers
          "SELECT * FROM user_stats EMIT CHANGES",
          "SELECT * FROM user_stats");
  /**
   * What is compared sorted. A query over two streams: which rows each window holds does not depend on how
   * the two were interleaved (none of its rows can be late), but the order of a window's groups does. A
   * query on two tasks: its first task gathers the rows of both in an order that depends on timing, and
   * each task writes its own late rows and errors. A query started again that consumed its input in
   * another order than before, and skipped rows by their count, would write some rows twice and lose others.
   */
  private static final List<String> SORTED =
      List.of(
          "SELECT * FROM mixed",
          "SELECT * FROM counts2",
          "SELECT * FROM wide_counts",
          "SELECT * FROM wide_totals",
          // a view on two tasks: its changes follow the order rows met in, its rows do not
          "SELECT * FROM wide_stats",
          // early results come when the clock says, so only the table's rows, the windows' final counts, are compared
          "SELECT * FROM early_counts",
          "SELECT source, rowtime, watermark, input FROM sys.late",
          // which partition of wide a batch went to, and so which task reported its error, depends on the run
          "SELECT reason, input FROM sys.errors");

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
    assertTrue(trimmedJournals(crashed) > 0, "checkpoints trimmed the input journals");
    Map<String, List<String>> expected = read(reference);
    Map<String, List<String>> actual = read(crashed);
    for (String sql : OUTPUTS) {
      assertTrue(!expected.get(sql).isEmpty(), "the workload gives rows for " + sql);
      assertEquals(expected.get(sql), actual.get(sql), sql + " after " + KILLS + " kills (seed " + SEED + ")");
    }
    for (String sql : SORTED) {
      assertTrue(!expected.get(sql).isEmpty(), "the workload gives rows for " + sql);
      List<String> want = sorted(expected.get(sql));
      List<String> got = sorted(actual.get(sql));
      assertEquals(want, got, () -> sql + " after " + KILLS + " kills (seed " + SEED + "), sorted: " + difference(want, got));
    }
  }

  /** How many input journals in {@code data} were trimmed: those with a base. */
  private static long trimmedJournals(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data.resolve("journal"))) {
      return files.filter(f -> f.getFileName().toString().equals("base")).count();
    }
  }

  /** The rows only one of two lists holds (as many times as it holds them more), the first 20 of each. */
  private static String difference(List<String> expected, List<String> actual) {
    List<String> missing = new ArrayList<>(expected);
    actual.forEach(missing::remove);
    List<String> extra = new ArrayList<>(actual);
    expected.forEach(extra::remove);
    return "missing " + missing.size() + " " + missing.subList(0, Math.min(20, missing.size()))
        + ", extra " + extra.size() + " " + extra.subList(0, Math.min(20, extra.size()));
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
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

  /** The rows of each of {@link #OUTPUTS} and {@link #SORTED} in the data directory {@code data}, as written. */
  private static Map<String, List<String>> read(Path data) throws InterruptedException {
    Map<String, List<String>> rows = new HashMap<>();
    try (Runnel runnel = Runnel.open(data)) {
      for (String sql : Stream.concat(OUTPUTS.stream(), SORTED.stream()).toList()) {
        try (QueryHandle q = runnel.query(sql, QueryOptions.fromEarliest())) {
          List<Change> changes = new CopyOnWriteArrayList<>();
          q.subscribe(changes::add);
          assertTrue(q.sync(WAIT));
          rows.put(sql, changes.stream().map(Change::toString).toList());
        }
      }
    }
    return rows;
  }
}
