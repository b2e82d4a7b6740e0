package io.runnel.tests.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.EngineConfig;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.Session;
import io.runnel.StatementResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of {@code MATCH_RECOGNIZE}: for random rows and a random query over them (see {@link
 * RandomMatchCases}), Runnel's answer, run as a streaming query over a bounded stream (the end of the input
 * decides what it completes), equals that of a reference, partition by partition and in order (a
 * partition's matches come in a defined order; partitions interleave freely).
 *
 * <p>Two references. Calcite's batch {@code MATCH_RECOGNIZE} (its enumerable implementation) runs right only
 * a narrow part of the clause ({@link CalciteMatches} lists what it gets wrong or cannot run): a
 * concatenation of variables, one DEFINE over the row's own columns and PREV. For the cases of that kind
 * (about a third), the matches Calcite finds, as AFTER MATCH SKIP picks them, must be Runnel's: each output
 * row's {@code id}, {@code CLASSIFIER()} and {@code MATCH_NUMBER()} under ALL ROWS PER MATCH, each match's
 * first and last {@code id} and number under ONE ROW PER MATCH. Every case, those included, is also run by
 * the hand model, {@link MatchModel}: SQL:2016's definition written as a brute-force search, with the
 * measures evaluated on the match found; its whole answer, every measure included, must be Runnel's, and
 * on Calcite's cases its matches must be Calcite's (which keeps the model honest).
 *
 * <p>Each case is generated from its own seed, made of the run's seed and the case number, so that one case
 * can be run alone. System properties: {@code runnel.mr.cases} (how many cases, 500 by default), {@code
 * runnel.mr.seed} (the run's seed, 1 by default), {@code runnel.mr.case} (run only this case). A failure
 * names the seed and the case, and gives the query, the rows, the model's matches and the first difference.
 *
 * <p>Runnel runs the cases in turn in three ways: reading the rows in one batch; one row a batch, so that the
 * watermark moves after every row and the matcher decides as it goes; and on two tasks, the partitions split
 * between them. Each case's rows are a CSV file read by a stream of its own, dropped once Runnel has
 * answered. To keep the run short, two worker threads run cases (model, Calcite, Runnel) a few ahead of the
 * checks, which take them in order.
 */
class MatchRecognizeDifferentialTest {
  static final int CASES = Integer.getInteger("runnel.mr.cases", 500);
  static final long SEED = Long.getLong("runnel.mr.seed", 1L);
  static final Integer ONLY = Integer.getInteger("runnel.mr.case");
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** Steps of the model's search per partition before a case counts as too large to check. */
  static final long BUDGET = 200_000;
  /** Cases run at once, and how far the runs go ahead of the checks. */
  static final int WORKERS = 2;
  static final int AHEAD = 6;

  @TempDir static Path dir;
  static Runnel engine;
  static Runnel rowByRow; // reads a batch of one row at a time: the watermark moves after every row
  static Session twoTasks; // of engine: its queries run on two tasks, partitions split between them
  static CalciteMatches calcite;
  static ExecutorService workers;
  static final Map<Integer, Future<Run>> runs = new ConcurrentHashMap<>();
  static final Map<String, Integer> features = new TreeMap<>();
  static int checked;
  static int withCalcite;
  static int failing; // cases whose query fails (a skip to a match's first row, or to a variable with no row)
  static int tooLarge;
  static int answered; // cases whose answer has rows
  static int outputRows;
  static long started;
  static long startedCpu;
  static long slowest; // the longest a Runnel query took, and which
  static String slowestCase;

  /** How Runnel runs a case: the rows read in one batch, or one row a batch, or on two tasks. */
  enum Mode {
    ONE_BATCH,
    ROW_BY_ROW,
    TWO_TASKS;

    /** Case {@code n}'s mode: the cases take them in turn. */
    static Mode of(int n) {
      return values()[n % values().length];
    }
  }

  /** A case as run: the model's outcome (null when too large), Calcite's (null unless a Calcite case), Runnel's answer. */
  record Run(MatchCase c, Mode mode, MatchModel.Outcome model, MatchModel.Outcome calcite, Answer runnel, long runnelNanos) {}

  /** What Runnel answered: each partition's rows in order, by partition key, and the query's failure. */
  record Answer(Map<List<Object>, List<List<Object>>> rows, Throwable failure) {}

  @BeforeAll
  static void setUp() throws Exception {
    started = System.nanoTime();
    startedCpu = JoinDifferentialTest.cpuNanos();
    engine = Runnel.open(dir.resolve("data"));
    rowByRow = Runnel.open(dir.resolve("data-row-by-row"), EngineConfig.defaults().withBatchSize(1));
    twoTasks = engine.session();
    twoTasks.executeAll("SET 'scan.startup.mode' = 'earliest'; SET 'parallelism' = '2'");
    calcite = new CalciteMatches();
    workers = Executors.newFixedThreadPool(WORKERS, r -> {
      Thread t = new Thread(r, "match-differential");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (checked > 0) {
      System.out.printf("MatchRecognizeDifferentialTest: seed %d, %d cases (%d also against Calcite, %d whose query fails, %d too large"
              + " for the model and left out), %d with rows in the answer, %d rows in all, in %.1f s, %.1f s of CPU; the slowest"
              + " query took %.1f s (%s)%n  features: %s%n",
          SEED, checked, withCalcite, failing, tooLarge, answered, outputRows, (System.nanoTime() - started) / 1e9,
          (JoinDifferentialTest.cpuNanos() - startedCpu) / 1e9, slowest / 1e9, slowestCase, features);
    }
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    if (calcite != null) {
      calcite.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (rowByRow != null) {
      rowByRow.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> runnelAnswersAsCalciteAndTheStandardsDefinition() {
    IntStream numbers = ONLY != null ? IntStream.of(ONLY) : IntStream.range(0, CASES);
    Stream<DynamicTest> cases = numbers.mapToObj(n -> DynamicTest.dynamicTest("seed " + SEED + ", case " + n, () -> check(n)));
    if (ONLY != null || CASES < 300) {
      return cases;
    }
    // a check of the generator: a run of this many cases uses every construct, and most answers have rows
    return Stream.concat(cases, Stream.of(DynamicTest.dynamicTest("the cases use every construct, and most answers have rows", () -> {
      for (String f : List.of("alternation", "reluctant quantifier", "PERMUTE", "exclusion", "anchor ^", "anchor $", "empty pattern ()",
          "SUBSET", "FINAL", "RUNNING", "CLASSIFIER", "MATCH_NUMBER in DEFINE", "MATCH_NUMBER in MEASURES", "IS NULL",
          "ORDER BY ts, id", "ORDER BY ts, id DESC", "ORDER BY ts, x", "ORDER BY ts, s DESC", "no PARTITION BY", "PARTITION BY k, s", "checked by Calcite",
          "input filtered", "answer filtered", "columns selected", "hundreds of rows",
          "PREV in DEFINE", "NEXT in DEFINE", "FIRST in DEFINE", "LAST in DEFINE", "aggregate in DEFINE",
          "PREV in MEASURES", "NEXT in MEASURES", "FIRST in MEASURES", "LAST in MEASURES", "aggregate in MEASURES")) {
        assertTrue(features.containsKey(f), "some case uses " + f + ": " + features.keySet());
      }
      for (MatchCase.RowsPerMatch r : MatchCase.RowsPerMatch.values()) {
        assertTrue(features.containsKey(r.name()), "some case uses " + r);
      }
      for (MatchCase.SkipMode s : MatchCase.SkipMode.values()) {
        assertTrue(features.containsKey("SKIP " + s), "some case uses SKIP " + s);
      }
      assertTrue(tooLarge <= CASES / 50, tooLarge + " cases too large for the model");
      assertTrue(failing <= CASES / 10, failing + " cases whose query fails");
      assertTrue(answered >= (checked - failing) / 2, answered + " of " + (checked - failing) + " answers have rows");
    })));
  }

  /** Case {@code n} of the run, from a seed of its own mixed from the run's seed and {@code n}. */
  static MatchCase generate(int n) {
    return RandomMatchCases.generate(new Random(new SplittableRandom(SEED * 1_000_003L + n).nextLong()), "mr" + n);
  }

  /** Starts case {@code n} on a worker, unless it is under way. */
  static Future<Run> start(int n) {
    return runs.computeIfAbsent(n, k -> workers.submit(() -> run(generate(n), Mode.of(n))));
  }

  /**
   * Runs case {@code c}: the model; Calcite, for a case of its kind; then Runnel, in {@code mode}, over a
   * stream of its own reading the case's rows from a CSV file, dropped afterwards.
   */
  static Run run(MatchCase c, Mode mode) throws Exception {
    MatchModel.Outcome model;
    try {
      model = MatchModel.run(c, BUDGET);
    } catch (MatchModel.TooLarge e) {
      return new Run(c, mode, null, null, null, 0);
    }
    MatchModel.Outcome reference = null;
    if (c.calcite()) {
      try {
        reference = calcite.matches(c);
      } catch (java.sql.SQLException | RuntimeException e) {
        throw new AssertionError("Calcite cannot run " + CalciteMatches.sql(c) + ": " + e, e);
      }
    }
    Runnel runnel = mode == Mode.ROW_BY_ROW ? rowByRow : engine;
    Path csv = dir.resolve(c.name() + ".csv");
    CsvFiles.write(csv, c.rows().stream().map(MatchCase.Row::values).toList());
    runnel.execute(c.ddl(csv));
    Answer answer;
    long begun = System.nanoTime();
    try {
      QueryHandle q = mode == Mode.TWO_TASKS
          ? ((StatementResult.Query) twoTasks.execute(c.sql())).handle()
          : runnel.query(c.sql(), QueryOptions.fromEarliest());
      answer = answer(c, q);
    } catch (AssertionError | RuntimeException e) {
      try {
        runnel.execute("DROP STREAM IF EXISTS " + c.name());
      } catch (RuntimeException dropped) {
        e.addSuppressed(dropped);
      }
      throw e;
    }
    long nanos = System.nanoTime() - begun;
    runnel.execute("DROP STREAM IF EXISTS " + c.name());
    return new Run(c, mode, model, reference, answer, nanos);
  }

  static void check(int n) throws Exception {
    Future<Run> future = start(n);
    for (int ahead = n + 1; ONLY == null && ahead < Math.min(CASES, n + 1 + AHEAD); ahead++) {
      start(ahead);
    }
    String where = "seed " + SEED + ", case " + n + ", " + Mode.of(n) + " (-Drunnel.mr.seed=" + SEED + " -Drunnel.mr.case=" + n + ")";
    Run run;
    try {
      run = future.get(TIMEOUT.toMillis() * (AHEAD + 2), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(where + ": " + e.getCause().getMessage() + "\n" + generate(n).describe(), e.getCause());
    } finally {
      runs.remove(n);
    }
    check(run, where);
  }

  static void check(Run run, String where) {
    MatchCase c = run.c();
    MatchModel.Outcome model = run.model();
    if (model == null) {
      tooLarge++;
      return;
    }
    Answer actual = run.runnel();
    checked++;
    if (run.runnelNanos() > slowest) {
      slowest = run.runnelNanos();
      slowestCase = where;
    }
    c.features().forEach(f -> features.merge(f, 1, Integer::sum));
    features.merge("run " + run.mode(), 1, Integer::sum);
    String context = "\n" + c.describe() + "\nthe model's matches:" + MatchModel.describe(model.matches(), c);
    if (run.calcite() != null) {
      withCalcite++;
      MatchModel.Outcome reference = run.calcite();
      assertEquals(reference.matches(), model.matches(), where + ": the model's matches differ from Calcite's (" + CalciteMatches.sql(c) + ")" + context);
      assertEquals(reference.error() != null, model.error() != null, where + ": the model fails where Calcite does not, or the reverse" + context);
      if (reference.error() == null) {
        assertEquals(projection(c, calciteRows(c, reference)), projection(c, actual.rows()),
            where + ": Runnel's matches differ from Calcite's (" + CalciteMatches.sql(c) + ")" + context);
      }
    }
    if (model.error() != null) {
      failing++;
      assertTrue(actual.failure() != null, where + ": Runnel's query does not fail, and " + model.error() + context);
      return;
    }
    if (actual.failure() != null) {
      throw new AssertionError(where + ": Runnel's query fails: " + actual.failure() + context, actual.failure());
    }
    Map<List<Object>, List<List<Object>>> expected = normalized(model.output());
    expected.forEach((k, rows) -> outputRows += rows.size());
    answered += expected.isEmpty() ? 0 : 1;
    if (!expected.equals(actual.rows())) {
      throw new AssertionError(where + ": Runnel's answer differs from the model's" + context + "\n" + difference(expected, actual.rows()));
    }
  }

  /** The answer of query {@code q} of case {@code c}, run to the end of its input. */
  static Answer answer(MatchCase c, QueryHandle q) throws InterruptedException {
    List<Change> changes = Collections.synchronizedList(new ArrayList<>());
    try {
      // a subscriber, not the blocking iterator: that one notices the end of the query only when its poll times out
      q.subscribe(changes::add);
      assertTrue(q.awaitTermination(TIMEOUT), "Runnel's query does not end within " + TIMEOUT.toSeconds() + " s");
      if (q.failure() == null) {
        assertEquals(0, q.stats().lateRows(), "no row is late: rows come in order of time, ties a second within the watermark");
      }
      Map<List<Object>, List<List<Object>>> rows = new LinkedHashMap<>();
      List<String> columns = c.outputColumns();
      synchronized (changes) { // delivered on the query's threads, which have ended
        for (Change change : changes) {
          assertEquals("+I", change.kind().shortString(), "MATCH_RECOGNIZE only inserts: " + change);
          List<Object> row = change.values().stream().map(Multisets::normalize).toList();
          rows.computeIfAbsent(c.key(row, columns), k -> new ArrayList<>()).add(row);
        }
      }
      return new Answer(rows, q.failure());
    } finally {
      q.cancel();
      q.awaitTermination(TIMEOUT); // then its stream can be dropped
    }
  }

  /** Rows normalized as Runnel's are (partition keys too), partitions without rows left out. */
  static Map<List<Object>, List<List<Object>>> normalized(Map<List<Object>, List<List<Object>>> output) {
    Map<List<Object>, List<List<Object>>> result = new LinkedHashMap<>();
    output.forEach((k, rows) -> {
      if (!rows.isEmpty()) {
        result.put(normalized(k), rows.stream().map(MatchRecognizeDifferentialTest::normalized).toList());
      }
    });
    return result;
  }

  private static List<Object> normalized(List<Object> row) {
    return row.stream().map(Multisets::normalize).toList();
  }

  /**
   * The rows Calcite's matches answer, up to the columns {@link #projection} keeps: under ALL ROWS PER MATCH
   * the input columns (of which only {@code id} is read) and {@code cls, mn}; under ONE ROW PER MATCH the
   * partition key, {@code first_id, last_id, mn}.
   */
  static Map<List<Object>, List<List<Object>>> calciteRows(MatchCase c, MatchModel.Outcome matches) {
    Map<List<Object>, List<MatchCase.Row>> partitions = c.partitions();
    Map<List<Object>, List<List<Object>>> rows = new LinkedHashMap<>();
    matches.matches().forEach((k, list) -> {
      List<MatchCase.Row> partition = partitions.get(k);
      for (MatchModel.Match m : list) {
        if (c.rowsPerMatch().allRows()) {
          for (MatchModel.Matched r : m.rows()) {
            List<Object> row = new ArrayList<>(partition.get(r.row()).values());
            row.add(r.variable());
            row.add(m.number());
            rows.computeIfAbsent(k, x -> new ArrayList<>()).add(row);
          }
        } else {
          List<Object> row = new ArrayList<>(k);
          row.add(partition.get(m.rows().get(0).row()).id());
          row.add(partition.get(m.rows().get(m.rows().size() - 1).row()).id());
          row.add(m.number());
          rows.computeIfAbsent(k, x -> new ArrayList<>()).add(row);
        }
      }
    });
    return normalized(rows);
  }

  /** The columns of a Calcite case's answer that Calcite's matches decide: {@code id, cls, mn}, or {@code first_id, last_id, mn}. */
  static Map<List<Object>, List<List<Object>>> projection(MatchCase c, Map<List<Object>, List<List<Object>>> rows) {
    int p = c.partitionBy().size();
    int[] columns = c.rowsPerMatch().allRows() ? new int[] {1, 6, 7} : new int[] {p, p + 1, p + 2};
    Map<List<Object>, List<List<Object>>> result = new LinkedHashMap<>();
    rows.forEach((k, list) -> result.put(k, list.stream().map(r -> IntStream.of(columns).mapToObj(r::get).toList()).toList()));
    return result;
  }

  /** Each partition whose rows differ, and its first differing row. */
  static String difference(Map<List<Object>, List<List<Object>>> expected, Map<List<Object>, List<List<Object>>> actual) {
    StringBuilder text = new StringBuilder();
    List<List<Object>> keys = new ArrayList<>(expected.keySet());
    actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(keys::add);
    for (List<Object> k : keys) {
      List<List<Object>> e = expected.getOrDefault(k, List.of());
      List<List<Object>> a = actual.getOrDefault(k, List.of());
      if (!e.equals(a)) {
        int i = 0;
        while (i < e.size() && i < a.size() && e.get(i).equals(a.get(i))) {
          i++;
        }
        text.append("partition ").append(k).append(", row ").append(i).append(": model ").append(i < e.size() ? e.get(i) : "(no more rows)")
            .append(", Runnel ").append(i < a.size() ? a.get(i) : "(no more rows)")
            .append("\n  model's rows:  ").append(e).append("\n  Runnel's rows: ").append(a).append('\n');
      }
    }
    return text.toString();
  }
}
