package io.runnel.tests.differential;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.runnel.Runnel;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of streaming against batch: for random bounded inputs in event-time order, the final
 * result of each window and group-by query run by Runnel as a streaming query (its changes applied to a
 * multiset) equals the result of the same SQL run once, as a batch, by Calcite's own executor (its JDBC
 * driver, see {@link CalciteBatch}) over the same rows.
 *
 * <p>Why: a streaming engine emits results incrementally (updates and retractions for GROUP BY, one final
 * row per window once the watermark passes it), and it is exactly this incremental machinery that can go
 * wrong while every hand-written example still passes. A batch engine computes the same relational answer
 * directly, so any difference in the final results is a bug on one side.
 *
 * <p>Input: per seed, 200 to 2,000 rows {@code (k BIGINT, v BIGINT, s VARCHAR, ts TIMESTAMP(3))} sorted by
 * {@code ts} (equal timestamps occur), {@code k} in 1..5, {@code v} in -100..1000 with about 10% NULL,
 * {@code s} from a few strings (one with a comma, one empty) with about 10% NULL, {@code ts} from
 * 2024-01-01 00:00:00 over a few minutes (6 to 13 for the 8 seeds), with bursts, pauses longer than the
 * 5-second session gap and pauses of exactly that gap (touching sessions). Runnel reads them
 * from a CSV file (a bounded stream with {@code WATERMARK FOR ts AS ts - INTERVAL '1' SECOND}, so no row
 * is late and the end of the file closes every window); Calcite scans them from memory.
 *
 * <p>Dialects: where Runnel's Flink dialect and what Calcite can execute differ, a case carries two
 * texts with the same meaning. Window table functions TUMBLE and HOP are written alike (HOP takes the
 * slide, then the size, in both). Calcite plans but cannot execute the group-window forms {@code GROUP BY
 * TUMBLE(ts, ...)} and {@code GROUP BY HOP(ts, ...)} ("cannot translate call $TUMBLE"), so its text for
 * those is the equivalent window table function. Sessions are computed on Calcite's side with LAG and a
 * running SUM (see {@link #sessions}), not with its SESSION table function: in Calcite 1.42 that function
 * merges each key's windows in hash-map order ({@code SortedMultiMap} is a {@code HashMap}), so it returns
 * overlapping, wrong sessions, and it would not merge sessions that only touch, as Runnel and Flink do.
 *
 * <p>Left out: CUMULATE windows (Calcite has no CUMULATE table function), APPROX_COUNT_DISTINCT
 * (approximate by design), and anything on processing time (its windows depend on when rows arrive).
 *
 * <p>Normalization: both sides' values go through {@link Multisets#normalize}: every number becomes a {@link
 * BigDecimal} with trailing fractional zeros stripped, so that equal numbers compare equal whatever Java
 * type a side or its JDBC accessor chose (the SQL types agree here: COUNT, SUM and AVG over BIGINT are
 * BIGINT on both sides, AVG truncating toward zero), and timestamps become UTC {@link LocalDateTime}s
 * (Calcite's are read with a UTC calendar; the comparison also passes with the JVM in another zone).
 * Nothing else is changed: rows are compared as multisets, NULLs and duplicates included.
 */
class DifferentialTest {
  static final int SEEDS = 8;
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);
  static final long START = LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  static final String[] STRINGS = {"a", "b", "c", "Ab", "x y", "c,d", ""};

  /** One input row; {@code v} and {@code s} may be null. */
  record Event(long k, Long v, String s, long tsMillis) {
    /** Its values in column order, {@code ts} as a UTC {@link LocalDateTime}. */
    List<Object> values() {
      return Arrays.asList(k, v, s, LocalDateTime.ofInstant(Instant.ofEpochMilli(tsMillis), ZoneOffset.UTC));
    }
  }

  /** A query under comparison: its text in Runnel's dialect and in Calcite's (the same text unless they differ). */
  static final String RANGE_10 = "(PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW)";

  record Case(String name, String runnel, String calcite) {
    Case(String name, String sql) {
      this(name, sql, sql);
    }
  }

  static final String TUMBLE_10 = "TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))";

  static final List<Case> CASES = List.of(
      new Case("group_by_aggregates",
          "SELECT k, COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v), AVG(v), MIN(s), MAX(s) FROM events GROUP BY k"),
      new Case("global_aggregates",
          "SELECT COUNT(*), COUNT(s), SUM(v), AVG(v), COUNT(DISTINCT s), COUNT(DISTINCT k) FROM events"),
      new Case("count_distinct",
          "SELECT k, COUNT(DISTINCT s), COUNT(DISTINCT v), COUNT(*) FROM events GROUP BY k"),
      new Case("filter_clause",
          "SELECT s, COUNT(*) FILTER (WHERE v > 500), SUM(v) FILTER (WHERE k IN (1, 2)),"
              + " MAX(v) FILTER (WHERE s IS NOT NULL AND k <> 3), COUNT(*) FROM events GROUP BY s"),
      new Case("having",
          "SELECT k, s, SUM(v), COUNT(*) FROM events GROUP BY k, s HAVING MOD(COUNT(*), 3) = 0"),
      new Case("select_distinct",
          "SELECT DISTINCT k, s FROM events"),
      new Case("where_projection",
          "SELECT k, v * 2 + 1, UPPER(s), CHAR_LENGTH(s), COALESCE(s, 'none'),"
              + " CASE WHEN v IS NULL THEN -1 ELSE MOD(v, 7) END, ts"
              + " FROM events WHERE (v > 100 AND s <> 'b') OR k = 5"),
      new Case("aggregate_of_aggregate",
          "SELECT n, COUNT(*) FROM (SELECT k, s, COUNT(*) AS n FROM events GROUP BY k, s) GROUP BY n"),
      new Case("min_max_of_updates",
          "SELECT s, MIN(n), MAX(n), SUM(n), COUNT(DISTINCT n), MAX(top) FROM"
              + " (SELECT k, s, COUNT(*) AS n, MAX(v) AS top FROM events GROUP BY k, s) GROUP BY s"),
      // RANGE frames only: rows of equal time are peers, so the result does not depend on their order
      new Case("over_range",
          "SELECT k, v, ts, COUNT(*) OVER " + RANGE_10 + ", SUM(v) OVER " + RANGE_10 + ", MIN(v) OVER " + RANGE_10 + ", MAX(s) OVER " + RANGE_10 + " FROM events",
          "SELECT k, v, ts, COUNT(*) OVER w, SUM(v) OVER w, MIN(v) OVER w, MAX(s) OVER w FROM events"
              + " WINDOW w AS (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW)"),
      new Case("over_unbounded",
          "SELECT k, ts, SUM(v) OVER (ORDER BY ts), COUNT(v) OVER (ORDER BY ts) FROM events"),
      new Case("tumble_tvf",
          "SELECT k, window_start, window_end, COUNT(*), SUM(v), MAX(v), AVG(v), AVG(v - 450) FROM " + TUMBLE_10
              + " GROUP BY k, window_start, window_end"),
      new Case("hop_tvf",
          "SELECT window_start, window_end, COUNT(*), COUNT(DISTINCT k), MIN(v), COUNT(*) FILTER (WHERE s = 'a')"
              + " FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '15' SECOND))"
              + " GROUP BY window_start, window_end"),
      new Case("session_tvf",
          "SELECT k, window_start, window_end, COUNT(*), SUM(v), MAX(s)"
              + " FROM TABLE(SESSION(TABLE events PARTITION BY k, DESCRIPTOR(ts), INTERVAL '5' SECOND))"
              + " GROUP BY k, window_start, window_end",
          sessions("COUNT(*), SUM(v), MAX(s)")),
      new Case("group_window_tumble",
          "SELECT k, TUMBLE_START(ts, INTERVAL '10' SECOND), TUMBLE_END(ts, INTERVAL '10' SECOND), COUNT(*), AVG(v)"
              + " FROM events GROUP BY k, TUMBLE(ts, INTERVAL '10' SECOND)",
          "SELECT k, window_start, window_end, COUNT(*), AVG(v) FROM " + TUMBLE_10
              + " GROUP BY k, window_start, window_end"),
      new Case("group_window_hop",
          "SELECT HOP_START(ts, INTERVAL '5' SECOND, INTERVAL '15' SECOND), HOP_END(ts, INTERVAL '5' SECOND,"
              + " INTERVAL '15' SECOND), s, COUNT(*), SUM(v) FROM events"
              + " GROUP BY s, HOP(ts, INTERVAL '5' SECOND, INTERVAL '15' SECOND)",
          "SELECT window_start, window_end, s, COUNT(*), SUM(v)"
              + " FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '15' SECOND))"
              + " GROUP BY s, window_start, window_end"),
      new Case("group_window_session",
          "SELECT k, SESSION_START(ts, INTERVAL '5' SECOND), SESSION_END(ts, INTERVAL '5' SECOND),"
              + " COUNT(DISTINCT s), MIN(v) FROM events GROUP BY k, SESSION(ts, INTERVAL '5' SECOND)",
          sessions("COUNT(DISTINCT s), MIN(v)")),
      new Case("window_over_where",
          "SELECT window_start, window_end, s, COUNT(*), SUM(v) FROM "
              + "TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '20' SECOND))"
              + " WHERE v IS NOT NULL AND v < 500 GROUP BY window_start, window_end, s"),
      new Case("window_having",
          "SELECT k, window_end, COUNT(*), MIN(s) FROM " + TUMBLE_10
              + " GROUP BY k, window_start, window_end HAVING COUNT(*) > 3"),
      new Case("aggregate_of_windows",
          "SELECT k, MAX(n), MIN(n), COUNT(*) FROM (SELECT k, window_start, COUNT(*) AS n FROM " + TUMBLE_10
              + " GROUP BY k, window_start, window_end) GROUP BY k"),
      new Case("union_all",
          "SELECT k, v, ts FROM events WHERE v > 800 UNION ALL SELECT k, v, ts FROM events WHERE s = 'a'"));

  /**
   * Calcite's text for per-k sessions with a 5-second gap, selecting {@code k, start, end} and then
   * {@code aggregates}: a row starts a new session unless it comes at most the gap after the previous
   * row of its key (Runnel's rule: sessions that touch merge); a session ends the gap after its last row.
   * Ties in {@code ts} get the same session number, as the running SUM's default RANGE frame includes
   * all rows with an equal {@code ts}.
   */
  static String sessions(String aggregates) {
    return "SELECT k, MIN(ts), MAX(ts) + INTERVAL '5' SECOND, " + aggregates
        + " FROM (SELECT k, v, s, ts, SUM(starts) OVER (PARTITION BY k ORDER BY ts) AS session"
        + " FROM (SELECT k, v, s, ts, CASE WHEN ts <= LAG(ts) OVER (PARTITION BY k ORDER BY ts)"
        + " + INTERVAL '5' SECOND THEN 0 ELSE 1 END AS starts FROM events) AS marked) AS numbered"
        + " GROUP BY k, session";
  }

  @TempDir static Path dir;
  static Runnel engine;
  static final Map<Integer, List<Event>> inputs = new LinkedHashMap<>();
  static CalciteBatch calcite;

  @BeforeAll
  static void setUp() throws Exception {
    engine = Runnel.open(dir.resolve("data"));
    calcite = new CalciteBatch();
    for (int seed = 1; seed <= SEEDS; seed++) {
      List<Event> events = generate(new Random(seed * 7919L));
      inputs.put(seed, events);
      Path csv = dir.resolve("events_" + seed + ".csv");
      CsvFiles.write(csv, events.stream().map(Event::values).toList());
      engine.execute("CREATE STREAM events_" + seed
          + " (k BIGINT, v BIGINT, s VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
          + " WITH ('connector' = 'file', 'path' = '" + csv.toAbsolutePath() + "', 'format' = 'csv')");
    }
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (calcite != null) {
      calcite.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> streamingResultsEqualCalciteBatchResults() {
    return CASES.stream()
        .flatMap(c -> inputs.keySet().stream().map(seed -> DynamicTest.dynamicTest(
            c.name() + ", seed " + seed + ": streaming result equals Calcite's batch result",
            () -> compare(c, seed))));
  }

  static void compare(Case c, int seed) throws Exception {
    Map<List<Object>, Integer> expected = calcite.run(c.calcite(), inputs.get(seed));
    assertTrue(!expected.isEmpty(), c.name() + " has a result for seed " + seed + " (else the case tests nothing)");
    String sql = c.runnel().replaceAll("\\bevents\\b", "events_" + seed);
    Map<List<Object>, Integer> actual = assertTimeoutPreemptively(QUERY_TIMEOUT, () -> runnel(sql));
    if (!expected.equals(actual)) {
      fail(c.name() + ", seed " + seed + ": Runnel's final result differs from Calcite's\n"
          + "Runnel: " + c.runnel() + "\nCalcite: " + c.calcite() + "\n" + Multisets.difference(expected, actual));
    }
  }

  /** Runs {@code sql} as a streaming query to its end and applies its changes: the final multiset of rows. */
  static Map<List<Object>, Integer> runnel(String sql) throws InterruptedException {
    return StreamingResult.of(engine, sql, QUERY_TIMEOUT);
  }

  /** Rows in event-time order: equal timestamps, bursts, and pauses shorter, equal to and longer than the session gap. */
  static List<Event> generate(Random random) {
    int n = 200 + random.nextInt(1801);
    long span = 120_000 + random.nextInt(180_001);
    long meanStep = Math.max(1, span / n);
    List<Event> events = new ArrayList<>(n);
    long ts = START + random.nextInt(1000);
    for (int i = 0; i < n; i++) {
      double r = random.nextDouble();
      if (r < 0.1) {
        ts += 0; // the previous row's timestamp again
      } else if (r < 0.12) {
        ts += 5_000; // exactly the session gap: a session that touches the one before
      } else if (r < 0.15) {
        ts += 4_000 + random.nextInt(8_000); // a pause around the session gap
      } else {
        ts += random.nextLong(2 * meanStep + 1);
      }
      long k = 1 + random.nextInt(5);
      Long v = random.nextDouble() < 0.1 ? null : (long) (random.nextInt(1101) - 100);
      String s = random.nextDouble() < 0.1 ? null : STRINGS[random.nextInt(STRINGS.length)];
      events.add(new Event(k, v, s, ts));
    }
    return events;
  }
}
