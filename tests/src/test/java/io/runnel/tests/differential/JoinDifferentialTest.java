package io.runnel.tests.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Runnel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of joins: for small random bounded relations and a random join query over them (see
 * {@link RandomJoins}), Runnel's final result of the query run as a streaming query (its changes applied to
 * a multiset) equals Calcite's result of the same SQL text run as a batch over the same rows ({@link
 * CalciteBatch}), compared as multisets of {@link Multisets#normalize normalized} rows, NULLs and duplicates
 * included.
 *
 * <p>Why: a streaming join keeps both sides' rows and emits as rows arrive, retracting an outer join's padded
 * row when its first match comes and bringing it back when the last match goes (a table's row replaced, an
 * aggregate's row updated); an interval or window join frees rows as the watermark passes and pads them then.
 * Hand-written examples cover a few such orders; random relations (NULL keys, duplicate keys, keys of
 * different types, empty sides) and random conditions reach the corners, and a batch engine's answer is the
 * reference.
 *
 * <p>Each case is generated from its own seed, made of the run's seed and the case number, so that one case
 * can be run alone. System properties: {@code runnel.joindiff.cases} (how many cases, 500 by default), {@code
 * runnel.joindiff.seed} (the run's seed, 1 by default), {@code runnel.joindiff.case} (run only this case). A
 * failure names the seed and the case, and gives the SQL, every relation's rows, and the rows that only one
 * side has.
 *
 * <p>Runnel reads a case's rows from CSV files, each a bounded stream or table read whole (the end of the
 * input then passes every window and interval), or, for about half the cases without a window join or an
 * outer interval join, takes them inserted in small interleaved chunks, the query taking each before the
 * next; some cases run on two tasks (rows meeting by key across them), over relations of one to three
 * partitions.
 *
 * <p>All cases share one engine and one Calcite connection: each case's relations are streams and tables named
 * after the case ({@code j17_a}, ...), dropped once it is checked, and Calcite tables of the same names. To
 * keep the run short, helper threads create a case's relations and compute Calcite's result while Runnel runs
 * the query of the case before.
 */
class JoinDifferentialTest {
  static final int CASES = Integer.getInteger("runnel.joindiff.cases", 500);
  static final long SEED = Long.getLong("runnel.joindiff.seed", 1L);
  static final Integer ONLY = Integer.getInteger("runnel.joindiff.case");
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir static Path dir;
  static Runnel engine;
  static CalciteBatch calcite;
  static ExecutorService creating;
  static ExecutorService batch;
  static final Map<Integer, Prepared> prepared = new ConcurrentHashMap<>();
  static final Map<String, Integer> features = new TreeMap<>();
  static int checked;
  static int nonEmpty;
  static long calciteNanos;
  static final AtomicLong calciteCpuNanos = new AtomicLong();
  static final AtomicLong creatingCpuNanos = new AtomicLong();
  static long runnelNanos;

  /** A case under way on the helper threads: its relations being created in the engine, its batch result being computed. */
  record Prepared(Future<?> created, Future<Expected> expected) {}

  /** Calcite's result, and how long Calcite took. */
  record Expected(Map<List<Object>, Integer> rows, long nanos) {}

  static long started;
  static long startedCpu;

  /** CPU time of the current thread so far. */
  static long threadCpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** CPU time of this JVM so far (all threads, the compiler's and the collector's too), or 0 where it is not known. */
  static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }

  @BeforeAll
  static void setUp() throws Exception {
    started = System.nanoTime();
    startedCpu = cpuNanos();
    engine = Runnel.open(dir.resolve("data"));
    calcite = new CalciteBatch();
    creating = helper("join-differential-create");
    batch = helper("join-differential-calcite");
  }

  static ExecutorService helper(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (checked > 0) {
      System.out.printf("JoinDifferentialTest: seed %d, %d cases (%d with rows in the result) in %.1f s, %.1f s of CPU"
              + " (%.1f s Calcite's, %.1f s creating relations); per case %.1f ms for Calcite's batch query and %.1f ms for"
              + " Runnel's query%n  features: %s%n",
          SEED, checked, nonEmpty, (System.nanoTime() - started) / 1e9, (cpuNanos() - startedCpu) / 1e9,
          calciteCpuNanos.get() / 1e9, creatingCpuNanos.get() / 1e9, calciteNanos / 1e6 / checked, runnelNanos / 1e6 / checked, features);
    }
    for (ExecutorService helper : new ExecutorService[] {creating, batch}) {
      if (helper != null) {
        helper.shutdownNow();
        helper.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
    if (calcite != null) {
      calcite.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> streamingJoinsEqualCalciteBatchJoins() {
    IntStream numbers = ONLY != null ? IntStream.of(ONLY) : IntStream.range(0, CASES);
    Stream<DynamicTest> cases = numbers.mapToObj(n -> DynamicTest.dynamicTest("seed " + SEED + ", case " + n, () -> check(n)));
    if (ONLY != null || CASES < 300) {
      return cases;
    }
    // a check of the generator: a run of this many cases uses every feature, and most cases' results have rows
    return Stream.concat(cases, Stream.of(DynamicTest.dynamicTest("the cases use every feature, and most have rows", () -> {
      assertEquals(new TreeSet<>(RandomJoins.FEATURES), new TreeSet<>(features.keySet()), "features used");
      assertTrue(nonEmpty >= checked * 0.6, nonEmpty + " of " + checked + " cases have rows in the result");
    })));
  }

  /**
   * Case {@code n} of the run: generated from a seed of its own, mixed from the run's seed and {@code n} (the
   * first draws of Randoms with nearby seeds are close, which would make consecutive cases alike).
   */
  static RandomJoins.JoinCase generate(int n) {
    return RandomJoins.generate(new Random(new SplittableRandom(SEED * 1_000_003L + n).nextLong()), "j" + n);
  }

  /**
   * Starts case {@code n} on the helper threads: one writes its files and creates its relations in the engine,
   * the other runs its query in Calcite. The check of a case starts the next one, so that both run while Runnel
   * runs the query of the case at hand.
   */
  static Prepared prepare(int n, RandomJoins.JoinCase c) {
    return prepared.computeIfAbsent(n, k -> new Prepared(
        creating.submit(() -> {
          long cpu = threadCpuNanos();
          for (RandomJoins.Relation r : c.relations()) {
            Path csv = null;
            if (c.inserts().isEmpty()) {
              csv = dir.resolve(r.name() + ".csv");
              CsvFiles.write(csv, r.rows());
            }
            engine.execute(r.ddl(csv));
          }
          creatingCpuNanos.addAndGet(threadCpuNanos() - cpu);
          return null;
        }),
        batch.submit(() -> {
          long start = System.nanoTime();
          long cpu = threadCpuNanos();
          for (RandomJoins.Relation r : c.relations()) {
            calcite.add(r.name(), r.calciteTable());
          }
          try {
            return new Expected(calcite.run(c.sql()), System.nanoTime() - start);
          } finally {
            for (RandomJoins.Relation r : c.relations()) {
              calcite.remove(r.name());
            }
            calciteCpuNanos.addAndGet(threadCpuNanos() - cpu);
          }
        })));
  }

  static void check(int n) throws Exception {
    RandomJoins.JoinCase c = generate(n);
    Prepared p = prepare(n, c);
    if (ONLY == null && n + 1 < CASES) {
      prepare(n + 1, generate(n + 1));
    }
    check(c, p, n, "seed " + SEED + ", case " + n + " (-Drunnel.joindiff.seed=" + SEED + " -Drunnel.joindiff.case=" + n + ")");
  }

  /**
   * Runs case {@code c} (started as {@code p} under number {@code n}) in Runnel and compares its final result
   * with Calcite's; a failure starts with {@code where}. Drops the case's relations.
   */
  static void check(RandomJoins.JoinCase c, Prepared p, int n, String where) throws Exception {
    boolean passed = false;
    try {
      Expected expected = get(p.expected(), where + ": Calcite cannot run the query", c);
      get(p.created(), where + ": the relations cannot be created", c);
      long start = System.nanoTime();
      Map<List<Object>, Integer> actual = assertTimeoutPreemptively(TIMEOUT, () -> runnel(c));
      runnelNanos += System.nanoTime() - start;
      calciteNanos += expected.nanos();
      checked++;
      nonEmpty += expected.rows().isEmpty() ? 0 : 1;
      c.features().forEach(f -> features.merge(f, 1, Integer::sum));
      if (!expected.rows().equals(actual)) {
        throw new AssertionError(where + ": Runnel's final result differs from Calcite's\n" + c.describe() + "\n"
            + Multisets.difference(expected.rows(), actual));
      }
      passed = true;
    } catch (AssertionError e) {
      if (e.getMessage() != null && e.getMessage().startsWith(where)) {
        throw e;
      }
      throw new AssertionError(where + ": " + e.getMessage() + "\n" + c.describe(), e);
    } finally {
      try {
        p.created().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // reported above
      }
      prepared.remove(n);
      try {
        for (RandomJoins.Relation r : c.relations()) {
          engine.execute("DROP " + (r.table() ? "TABLE" : "STREAM") + " IF EXISTS " + r.name());
        }
      } catch (RuntimeException e) {
        if (passed) {
          throw e;
        } // else the case's own failure is what to report
      }
    }
  }

  /**
   * Under a watermark of no delay a row may come at the watermark's own time (a second row of the same time),
   * and the interval join must still hold the rows it may meet: b's {@code ('y', 07)} is kept while a's
   * watermark stands at 07 (with a's {@code ('x', 07)}), until it passes 07, so a's {@code ('y', 07)}, which
   * comes then, meets it, as in Calcite's batch result. {@link RandomJoins} keeps times strictly rising under
   * a watermark of no delay all the same: a window closes when the watermark reaches its last millisecond.
   */
  @Test
  void aRowAtTheWatermarksTimeStillMeetsTheRowOnItsBound() throws Exception {
    List<RandomJoins.Column> columns = List.of(new RandomJoins.Column("k", RandomJoins.Type.VARCHAR), new RandomJoins.Column("ts", RandomJoins.Type.TIMESTAMP));
    LocalDateTime seven = LocalDateTime.of(2024, 1, 1, 0, 0, 7);
    LocalDateTime nine = LocalDateTime.of(2024, 1, 1, 0, 0, 9);
    RandomJoins.Relation a = new RandomJoins.Relation("jw_a", columns, false, 1, 0, List.of(List.of("x", seven), List.of("y", seven)));
    RandomJoins.Relation b = new RandomJoins.Relation("jw_b", columns, false, 1, 0, List.of(List.of("y", seven), List.of("z", nine)));
    RandomJoins.JoinCase c = new RandomJoins.JoinCase(List.of(a, b),
        "SELECT a.k, a.ts, b.ts FROM jw_a AS a JOIN jw_b AS b ON a.k = b.k AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '2' SECOND",
        Set.of("interval join"), 1, List.of(new RandomJoins.Chunk(1, 0, 2), new RandomJoins.Chunk(0, 0, 1), new RandomJoins.Chunk(0, 1, 2)));
    check(c, prepare(-1, c), -1, "a row at the watermark's time");
  }

  /** Runnel's final result for case {@code c}: over its files, or over its rows inserted chunk by chunk. */
  static Map<List<Object>, Integer> runnel(RandomJoins.JoinCase c) throws InterruptedException {
    engine.execute("SET 'parallelism' = '" + c.parallelism() + "'");
    if (c.inserts().isEmpty()) {
      return StreamingResult.of(engine, c.sql(), TIMEOUT);
    }
    List<StreamingResult.Insert> inserts = c.inserts().stream()
        .map(k -> {
          RandomJoins.Relation r = c.relations().get(k.relation());
          return new StreamingResult.Insert(r.name(), r.rows().subList(k.from(), k.to()));
        })
        .toList();
    return StreamingResult.fed(engine, c.sql(), inserts, TIMEOUT);
  }

  /** The value of {@code future}; its failure as an AssertionError that starts with {@code failure} and describes the case. */
  static <T> T get(Future<T> future, String failure, RandomJoins.JoinCase c) throws Exception {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(failure + ": " + e.getCause() + "\n" + c.describe(), e.getCause());
    }
  }
}
