package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.EngineConfig;
import io.runnel.Runnel;
import io.runnel.parser.Durations;
import io.runnel.runtime.journal.InputJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A persistent query whose output depends on processing time (early results, a {@code PROCTIME()} window, a
 * watermark bound by the clock) writes after a crash exactly what it would have written without one: its
 * journal holds the times its task met, and the replay meets them again. On one task and on two (over a
 * stream of two partitions, whose rows cross between the tasks by key): each task journals its own times.
 */
class ProcessingTimeReplayTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static final String EARLY_FIRE =
      "CREATE STREAM bids (auction BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts){WITH};"
          + "CREATE TABLE early (auction BIGINT, window_end TIMESTAMP(3), n BIGINT, PRIMARY KEY (auction, window_end));"
          + "SET 'checkpoint.interval' = '0';"
          + "SET 'window.early-fire' = '5 s';"
          + "INSERT INTO early SELECT auction, window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
          + " GROUP BY auction, window_start, window_end";

  private static final String PROCTIME_WINDOW =
      "CREATE STREAM clicks (usr VARCHAR){WITH};"
          + "CREATE STREAM counts (usr VARCHAR, n BIGINT, window_start TIMESTAMP(3));"
          + "CREATE VIEW timed AS SELECT usr, PROCTIME() AS p FROM clicks;"
          + "SET 'checkpoint.interval' = '0';"
          + "INSERT INTO counts SELECT usr, COUNT(*), window_start FROM TABLE(TUMBLE(TABLE timed, DESCRIPTOR(p), INTERVAL '10' SECOND))"
          + " GROUP BY usr, window_start, window_end";

  private static final String MAX_AHEAD =
      "CREATE STREAM events (k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('watermark.max-ahead' = '1 min'{AND});"
          + "CREATE STREAM totals (k VARCHAR, n BIGINT, window_start TIMESTAMP(3));"
          + "SET 'checkpoint.interval' = '0';"
          + "INSERT INTO totals SELECT k, COUNT(*), window_start FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
          + " GROUP BY k, window_start, window_end";

  private static final List<String> EARLY_STEPS =
      List.of(
          "INSERT INTO bids VALUES (1, TIMESTAMP '2024-01-01 00:00:01')",
          "+5 s",
          "INSERT INTO bids VALUES (1, TIMESTAMP '2024-01-01 00:00:02'), (2, TIMESTAMP '2024-01-01 00:00:03')",
          "+2 s",
          "crash", // before any checkpoint: the query replays its journal from the start
          "restart",
          "INSERT INTO bids VALUES (2, TIMESTAMP '2024-01-01 00:00:04')",
          "+3 s",
          "+5 s",
          "INSERT INTO bids VALUES (1, TIMESTAMP '2024-01-01 00:00:05')",
          "crash",
          "+4 s",
          "INSERT INTO bids VALUES (3, TIMESTAMP '2024-01-01 00:00:06')",
          "+1 s",
          "crash",
          "INSERT INTO bids VALUES (3, TIMESTAMP '2024-01-01 00:01:30')",
          "+5 s");

  @ParameterizedTest(name = "on {0} task(s)")
  @ValueSource(ints = {1, 2})
  void earlyResultsAreWrittenAsWithoutACrash(int tasks) throws Exception {
    List<String> expected = run(EARLY_FIRE, tasks, EARLY_STEPS, false, "SELECT * FROM early");
    assertEquals(
        "+5 s: [[1, 2024-01-01T00:01, 3], [2, 2024-01-01T00:01, 2], [3, 2024-01-01T00:01, 1], [3, 2024-01-01T00:02, 1]]",
        expected.get(expected.size() - 1),
        "early results as the clock passed multiples of 5 s; the window at 00:01 final, the one at 00:02 early");
    assertEquals(expected, run(EARLY_FIRE, tasks, EARLY_STEPS, true, "SELECT * FROM early"));
  }

  @ParameterizedTest(name = "on {0} task(s)")
  @ValueSource(ints = {1, 2})
  void aProcessingTimeWindowIsWrittenAsWithoutACrash(int tasks) throws Exception {
    List<String> steps =
        List.of(
            "INSERT INTO clicks VALUES ('a'), ('b')",
            "+4 s",
            "INSERT INTO clicks VALUES ('a')",
            "+7 s", // 00:00:11: [0 s, 10 s) fires
            "INSERT INTO clicks VALUES ('a')",
            "crash",
            "+5 s", // while it is down, [10 s, 20 s) ends: the replay must not put the row in a later window
            "INSERT INTO clicks VALUES ('b')",
            "restart",
            "+9 s",
            "crash",
            "INSERT INTO clicks VALUES ('b')",
            "+10 s");
    List<String> expected = run(PROCTIME_WINDOW, tasks, steps, false, "SELECT * FROM counts");
    assertEquals(
        "+10 s: [[a, 1, 2024-01-01T00:00:10], [a, 2, 2024-01-01T00:00], [b, 1, 2024-01-01T00:00:10], [b, 1, 2024-01-01T00:00:20], [b, 1, 2024-01-01T00:00]]",
        expected.get(expected.size() - 1));
    assertEquals(expected, run(PROCTIME_WINDOW, tasks, steps, true, "SELECT * FROM counts"));
  }

  @ParameterizedTest(name = "on {0} task(s)")
  @ValueSource(ints = {1, 2})
  void aWatermarkBoundByTheClockIsMetAsWithoutACrash(int tasks) throws Exception {
    List<String> steps =
        List.of(
            "INSERT INTO events VALUES ('a', TIMESTAMP '2024-01-01 00:00:01'), ('far', TIMESTAMP '2024-01-01 00:05:00')",
            "INSERT INTO events VALUES ('a', TIMESTAMP '2024-01-01 00:00:12')",
            "+10 min", // the row at 00:05 is within the bound of the clock now, but was not when it was read
            "crash",
            "INSERT INTO events VALUES ('a', TIMESTAMP '2024-01-01 00:00:13'), ('b', TIMESTAMP '2024-01-01 00:00:21')",
            // each INSERT goes to the next partition: on two, this moves the other one's watermark past 00:00:20 too
            "INSERT INTO events VALUES ('c', TIMESTAMP '2024-01-01 00:00:22')");
    List<String> expected = run(MAX_AHEAD, tasks, steps, false, "SELECT * FROM totals");
    assertEquals(
        "INSERT INTO events VALUES ('c', TIMESTAMP '2024-01-01 00:00:22'): [[a, 1, 2024-01-01T00:00], [a, 2, 2024-01-01T00:00:10]]",
        expected.get(expected.size() - 1),
        "the row at 00:05 never moved the watermark");
    assertEquals(expected, run(MAX_AHEAD, tasks, steps, true, "SELECT * FROM totals"));
  }

  @Test
  void theJournalRecordsOnlyTheTicksThatGaveSomething() throws Exception {
    List<String> steps = new ArrayList<>(List.of("INSERT INTO bids VALUES (1, TIMESTAMP '2024-01-01 00:00:01')"));
    for (int i = 0; i < 20; i++) {
      steps.add("+1 s"); // one early row at 00:00:05; the other rounds and ticks give nothing
    }
    run(EARLY_FIRE, 1, steps, false, "SELECT * FROM early");
    List<InputJournal.Kind> kinds = new ArrayList<>();
    try (InputJournal journal = InputJournal.open(dir.resolve("plain/journal/q1"));
        InputJournal.Replay replay = journal.replay(0)) {
      for (InputJournal.Entry e = replay.next(); e != null; e = replay.next()) {
        kinds.add(e.kind());
      }
    }
    assertEquals(
        List.of(InputJournal.Kind.TIME, InputJournal.Kind.TICK, InputJournal.Kind.ROWS, InputJournal.Kind.WATERMARK, InputJournal.Kind.TICK),
        kinds,
        "the time the operators opened at, the last tick before the rows, the rows and their watermark, the one tick that emitted");
  }

  /**
   * Runs {@code setup} and then {@code steps} on an engine with a clock of its own, each step followed by
   * the query catching up: an insert, {@code +<duration>} (the clock moves), {@code restart} (the engine
   * stops and opens again: the query checkpoints and resumes), or {@code crash} (as restart, but the
   * checkpoint the stop took is deleted, as if the process had died: the query resumes from the one
   * before, or from the start, and replays its journal). Without {@code crashes}, a restart or a crash does
   * nothing: the run is uninterrupted. Returns, for each step, what {@code result} holds after it.
   */
  private List<String> run(String setup, int tasks, List<String> steps, boolean crashes, String result) throws Exception {
    Path data = dir.resolve(crashes ? "crashed" : "plain");
    ManualClock clock = new ManualClock();
    EngineConfig config = EngineConfig.defaults().withClock(clock);
    Runnel runnel = Runnel.open(data, config);
    List<String> contents = new ArrayList<>();
    try {
      runnel.executeAll(onTasks(setup, tasks));
      // the query has had a round before the first step: whether its first rows come after a tick must not
      // depend on how soon its thread started
      assertTrue(runnel.handle("q1").sync(WAIT), "q1 started");
      // a window on PROCTIME() stays on one task: a row stamped by one task's clock could be late by another's
      boolean several = tasks > 1 && !setup.equals(PROCTIME_WINDOW);
      assertEquals(several, Files.isDirectory(data.resolve("journal/q1/1")), "a journal per task, on " + tasks);
      for (String step : steps) {
        if (step.startsWith("+")) {
          clock.advance(Duration.ofMillis(Durations.parseMillis(step.substring(1))));
        } else if (step.equals("restart") || step.equals("crash")) {
          if (crashes) {
            runnel.close();
            if (step.equals("crash")) {
              deleteNewestCheckpoint(data.resolve("checkpoints/q1"));
            }
            runnel = Runnel.open(data, config);
          }
        } else {
          runnel.execute(step);
        }
        assertTrue(runnel.handle("q1").sync(WAIT), "q1 caught up after " + step);
        contents.add(step + ": " + content(runnel, result));
      }
      return contents;
    } finally {
      runnel.close();
    }
  }

  /**
   * What {@code sql} holds now: the rows its changes leave, sorted. A table's log is compacted when the
   * engine opens, so its changes are not compared, only what they add up to.
   */
  private static List<String> content(Runnel runnel, String sql) throws InterruptedException {
    List<String> rows = new ArrayList<>();
    for (Change c : Subscriptions.changes(runnel, sql)) {
      if (c.kind().isAccumulate()) {
        rows.add(c.values().toString());
      } else {
        rows.remove(c.values().toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  /**
   * {@code setup} for a query on {@code tasks} tasks: its stream gets as many partitions ({@code {WITH}}
   * stands for a WITH clause, {@code {AND}} for one more option of one), and the query that parallelism.
   */
  private static String onTasks(String setup, int tasks) {
    String partitions = "'partitions' = '" + tasks + "'";
    return "SET 'parallelism' = '" + tasks + "';" + setup.replace("{WITH}", tasks == 1 ? "" : " WITH (" + partitions + ")").replace("{AND}", tasks == 1 ? "" : ", " + partitions);
  }

  private static void deleteNewestCheckpoint(Path checkpoints) throws IOException {
    try (Stream<Path> files = Files.list(checkpoints)) {
      Files.delete(files.max((a, b) -> Long.compare(epoch(a), epoch(b))).orElseThrow());
    }
  }

  private static long epoch(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().replace(".ckpt", ""));
  }
}
