package io.runnel.bench;

import io.runnel.Change;
import io.runnel.MaterializedView;
import io.runnel.Runnel;
import io.runnel.ViewListener;
import io.runnel.ViewPosition;
import io.runnel.ViewSubscription;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A materialized view kept up to date at a steady rate of updates, read meanwhile: {@code bench view [--keys
 * K] [--rate R] [--batch B] [--seconds S] [--warmup W] [--lookup-rate L] [--baseline-seconds S]}.
 *
 * <p>An engine on a temporary directory holds a stream {@code updates (k BIGINT, v BIGINT)} and the view
 * {@code SELECT k, COUNT(*) AS n, SUM(v) AS total FROM updates GROUP BY k}, first given one row for each
 * of its K keys. A writer then appends R rows a second through {@link Runnel#insert}, B rows at a time at
 * even intervals (a batch that falls behind its time is sent at once, so that the rate is kept on average),
 * for W seconds of warm-up and S measured seconds. Meanwhile:
 *
 * <ul>
 *   <li>one thread looks up random keys ({@link MaterializedView#lookup}), L a second (10,000 by default)
 *       or, with {@code 0}, as many as it can, and records each lookup's time. Paced lookups fall at times
 *       that owe nothing to the writer, so their percentiles say how long a lookup waits when it comes; a
 *       thread that looks up as fast as it can meets a stall (a batch being applied, a collection) with one
 *       lookup only and does the others meanwhile, so its percentiles understate waits and say rather how
 *       many lookups a thread gets done;
 *   <li>a subscriber ({@link MaterializedView#subscribe}) records, for each change that gives a key its new
 *       row, the time from the start of the {@code insert} call that appended the row behind it to the
 *       moment the change reaches the listener;
 *   <li>every 10 ms the bench reads how many changes the view's rows hold ({@link MaterializedView#position})
 *       and records how far they lag behind the rows offered so far, in rows and in time.
 * </ul>
 *
 * <p>How a change is traced to its row: row {@code i} of the stream (the prefill included) has key {@code
 * (i mod K) * STRIDE mod K}, a permutation of the keys, so each key comes back once every K rows and the
 * {@code n}-th row of key {@code k} is row {@code (n - 1) * K + j}, where {@code j} is the place of {@code k}
 * in the permutation. The change {@code +U[k, n, total]} is the one that row caused (with K at least B, no
 * two rows of one batch share a key, so no change stands for two rows), and the row's batch gives the time
 * its {@code insert} started. The same arithmetic tells how many rows the view's rows hold from how many
 * changes they hold: a key's first row gives one change ({@code +I}), every later one two ({@code -U},
 * {@code +U}); the bench checks that count, and every key's count and total, at the end.
 *
 * <p>Before the writer starts, the lookup thread runs alone for a while: the lookups a second one thread
 * achieves on the same view with no writer, the baseline the rest is read against.
 */
public final class ViewBench {
  private static final long SAMPLE_NANOS = 10_000_000L;

  /** What to run. */
  public record Options(int keys, long rate, int batch, double warmupSeconds, double seconds, long lookupRate, double baselineSeconds) {
    public Options {
      if (keys < batch || keys % batch != 0) {
        throw new IllegalArgumentException("--keys must be a multiple of --batch, so that no two rows of a batch share a key and batches line up with the keys' first rows");
      }
      if (rate <= 0 || batch <= 0 || seconds <= 0 || warmupSeconds < 0 || lookupRate < 0 || baselineSeconds <= 0) {
        throw new IllegalArgumentException("rates, sizes and times must be positive");
      }
    }

    static Options defaults() {
      return new Options(100_000, 100_000, 1_000, 5, 30, 10_000, 5);
    }
  }

  /**
   * What one run measured. Latencies are nanoseconds; {@code lagRows} and {@code lagNanos} are the view's
   * rows behind the rows offered, sampled every 10 ms.
   */
  public record Result(
      Options options,
      LatencyHistogram baselineLookups,
      double baselineLookupsPerSecond,
      LatencyHistogram lookups,
      double lookupsPerSecond,
      LatencyHistogram delivery,
      LatencyHistogram inserts,
      LatencyHistogram lagNanos,
      LatencyHistogram lagRows,
      long rowsMeasured,
      double updatesPerSecond,
      double cpuCores,
      long gcCount,
      long gcMillis,
      String verified) {}

  private ViewBench() {}

  public static void main(String[] args) throws Exception {
    Options d = Options.defaults();
    int keys = d.keys();
    long rate = d.rate();
    int batch = d.batch();
    double warmup = d.warmupSeconds();
    double seconds = d.seconds();
    long lookupRate = d.lookupRate();
    double baseline = d.baselineSeconds();
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--keys" -> keys = Integer.parseInt(value);
        case "--rate" -> rate = Long.parseLong(value);
        case "--batch" -> batch = Integer.parseInt(value);
        case "--seconds" -> seconds = Double.parseDouble(value);
        case "--warmup" -> warmup = Double.parseDouble(value);
        case "--lookup-rate" -> lookupRate = Long.parseLong(value);
        case "--baseline-seconds" -> baseline = Double.parseDouble(value);
        default -> throw new IllegalArgumentException(
            "Unknown argument " + args[i] + "; usage: bench view [--keys K] [--rate R] [--batch B] [--seconds S] [--warmup W] [--lookup-rate L (0: as fast as one thread can)] [--baseline-seconds S]");
      }
    }
    Options options = new Options(keys, rate, batch, warmup, seconds, lookupRate, baseline);
    Path dir = Files.createTempDirectory("runnel-view-");
    try {
      print(run(options, dir));
    } finally {
      TempDirs.delete(dir);
    }
  }

  /** Runs the bench on an engine under {@code dir}. */
  public static Result run(Options o, Path dir) throws Exception {
    Keys keys = new Keys(o.keys());
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM updates (k BIGINT, v BIGINT)");
      runnel.execute("CREATE MATERIALIZED VIEW v AS SELECT k, COUNT(*) AS n, SUM(v) AS total FROM updates GROUP BY k");
      MaterializedView view = runnel.view("v");
      long totalBatches = o.keys() / o.batch() + (long) Math.ceil((o.warmupSeconds() + o.seconds()) * o.rate() / o.batch());
      AtomicLongArray insertStarted = new AtomicLongArray(Math.toIntExact(totalBatches + 1));
      // every key gets its first row (the view's rows: K), before anything is measured
      long firstRow = o.keys();
      for (long row = 0; row < firstRow; row += o.batch()) {
        runnel.insert("updates", keys.rows(row, o.batch()));
      }
      if (!view.sync(Duration.ofMinutes(2))) {
        throw new IllegalStateException("the view did not take in its first rows");
      }

      // the baseline: one thread looking up as fast as it can, nothing else running
      Lookups alone = new Lookups(view, o.keys(), 0);
      alone.runFor(Math.min(1.0, o.baselineSeconds())); // compiled before it is measured
      alone = new Lookups(view, o.keys(), 0);
      alone.runFor(o.baselineSeconds());

      long warmupRows = (long) (o.warmupSeconds() * o.rate()) / o.batch() * o.batch();
      long measuredRows = (long) (o.seconds() * o.rate()) / o.batch() * o.batch();
      long firstMeasuredRow = firstRow + warmupRows;
      long endRow = firstMeasuredRow + measuredRows;
      Subscriber subscriber = new Subscriber(keys, o.batch(), insertStarted, firstMeasuredRow, endRow);
      ViewSubscription subscription = view.subscribe(subscriber);
      subscriber.awaitSnapshot();

      Writer writer = new Writer(runnel, keys, o, insertStarted, firstRow, endRow, firstMeasuredRow);
      Lookups lookups = new Lookups(view, o.keys(), o.lookupRate());
      Thread lookupThread = new Thread(lookups::runUntilStopped, "bench-lookups");
      writer.start();
      lookupThread.start();

      // the lag: sampled every 10 ms while the measured rows are written
      LatencyHistogram lagNanos = new LatencyHistogram();
      LatencyHistogram lagRows = new LatencyHistogram();
      while (writer.offered() < firstMeasuredRow) {
        LockSupport.parkNanos(SAMPLE_NANOS);
      }
      lookups.measuring = true;
      long gcCount = gcCount();
      long gcMillis = gcMillis();
      long cpu = cpuNanos();
      long measureStarted = System.nanoTime();
      while (writer.offered() < endRow && writer.isAlive()) {
        long offered = writer.offered();
        long now = System.nanoTime();
        long held = keys.rowsHeld(view.position().change());
        if (held < offered) {
          lagRows.record(offered - held);
          lagNanos.record(now - insertStarted.get((int) (held / o.batch())));
        } else {
          lagRows.record(0);
          lagNanos.record(0);
        }
        LockSupport.parkNanos(SAMPLE_NANOS);
      }
      lookups.measuring = false;
      writer.join();
      if (writer.failure != null) {
        throw new IllegalStateException("the writer failed", writer.failure);
      }
      double measureSeconds = (writer.measuredEnded - writer.measuredStarted) / 1e9;
      double cpuCores = (cpuNanos() - cpu) / 1e9 / ((System.nanoTime() - measureStarted) / 1e9);
      gcCount = gcCount() - gcCount;
      gcMillis = gcMillis() - gcMillis;
      lookups.stop();
      lookupThread.join();

      if (!view.sync(Duration.ofMinutes(2))) {
        throw new IllegalStateException("the view did not catch up with its updates");
      }
      subscriber.awaitChanges(keys.changes(endRow) - keys.changes(firstRow), Duration.ofMinutes(2));
      subscription.close();
      String verified = verify(view, keys, endRow);
      return new Result(o, alone.histogram, alone.perSecond(), lookups.histogram, lookups.perSecond(), subscriber.latency, writer.inserts, lagNanos, lagRows, measuredRows,
          measuredRows / measureSeconds, cpuCores, gcCount, gcMillis, verified);
    }
  }

  /** Checks that the view's rows count every row written and nothing else: each key's count and total. */
  private static String verify(MaterializedView view, Keys keys, long rows) {
    long expectedChanges = keys.changes(rows);
    if (view.position().change() != expectedChanges) {
      throw new IllegalStateException("the view holds " + view.position().change() + " changes, not the " + expectedChanges + " its rows make");
    }
    List<List<Object>> all = view.scan();
    if (all.size() != keys.count) {
      throw new IllegalStateException("the view holds " + all.size() + " rows, not " + keys.count);
    }
    for (List<Object> r : all) {
      long k = (Long) r.get(0);
      int j = keys.placeOf(k);
      long n = (rows - 1 - j) / keys.count + 1;
      long total = n * j + keys.count * n * (n - 1) / 2; // rows j, j + K, j + 2K, ...; v is the row's number
      if ((Long) r.get(1) != n || (Long) r.get(2) != total) {
        throw new IllegalStateException("key " + k + ": " + r + ", expected n = " + n + ", total = " + total);
      }
    }
    return String.format("%,d rows, %,d keys, %,d changes: every count and total right", rows, keys.count, expectedChanges);
  }

  /** Which key each row of the stream has, and back. */
  static final class Keys {
    private static final long STRIDE = 48_271;
    final int count;
    private final long stride;
    private final long inverse;

    Keys(int count) {
      this.count = count;
      long s = STRIDE % count;
      while (BigInteger.valueOf(s).gcd(BigInteger.valueOf(count)).intValue() != 1) {
        s++;
      }
      this.stride = s;
      this.inverse = count == 1 ? 0 : BigInteger.valueOf(s).modInverse(BigInteger.valueOf(count)).longValue();
    }

    long keyOf(long row) {
      return (row % count) * stride % count;
    }

    /** The place of key {@code k} in the permutation: rows {@code j}, {@code j + K}, ... have key {@code k}. */
    int placeOf(long k) {
      return (int) (k * inverse % count);
    }

    /** The row whose change gave key {@code k} its {@code n}-th row. */
    long rowOf(long k, long n) {
      return (n - 1) * count + placeOf(k);
    }

    /** How many changes the first {@code rows} rows make: one for a key's first row, two for each later one. */
    long changes(long rows) {
      return rows <= count ? rows : count + 2 * (rows - count);
    }

    /** How many rows the first {@code changes} changes stand for (a row's two changes are applied together). */
    long rowsHeld(long changes) {
      return changes <= count ? changes : count + (changes - count) / 2;
    }

    /** Rows {@code first} to {@code first + n - 1}: the key, and the row's number as the value. */
    List<List<Object>> rows(long first, int n) {
      List<List<Object>> rows = new ArrayList<>(n);
      for (long i = first; i < first + n; i++) {
        rows.add(List.of(keyOf(i), i));
      }
      return rows;
    }
  }

  /** Appends the updates at the rate asked for, recording when each batch's insert started and how long it took. */
  private static final class Writer extends Thread {
    private final Runnel runnel;
    private final Keys keys;
    private final Options o;
    private final AtomicLongArray insertStarted;
    private final long firstRow;
    private final long endRow;
    private final long firstMeasuredRow;
    final LatencyHistogram inserts = new LatencyHistogram();
    private volatile long offered;
    volatile long measuredStarted;
    volatile long measuredEnded;
    volatile Throwable failure;

    Writer(Runnel runnel, Keys keys, Options o, AtomicLongArray insertStarted, long firstRow, long endRow, long firstMeasuredRow) {
      super("bench-writer");
      this.runnel = runnel;
      this.keys = keys;
      this.o = o;
      this.insertStarted = insertStarted;
      this.firstRow = firstRow;
      this.endRow = endRow;
      this.firstMeasuredRow = firstMeasuredRow;
      this.offered = firstRow;
    }

    /** Rows whose insert has started. */
    long offered() {
      return offered;
    }

    @Override
    public void run() {
      try {
        long period = 1_000_000_000L * o.batch() / o.rate();
        long started = System.nanoTime();
        for (long row = firstRow, b = 0; row < endRow; row += o.batch(), b++) {
          List<List<Object>> rows = keys.rows(row, o.batch());
          long due = started + b * period;
          for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
            LockSupport.parkNanos(due - now);
          }
          long t = System.nanoTime();
          insertStarted.set((int) (row / o.batch()), t);
          if (row == firstMeasuredRow) {
            measuredStarted = t;
          }
          offered = row + o.batch();
          runnel.insert("updates", rows);
          long done = System.nanoTime();
          if (row >= firstMeasuredRow) {
            inserts.record(done - t);
          }
        }
        measuredEnded = System.nanoTime();
      } catch (Throwable t) {
        failure = t;
      }
    }
  }

  /** One thread looking up random keys, as fast as it can or at a given rate. */
  private static final class Lookups {
    private final MaterializedView view;
    private final int keys;
    private final long rate;
    final LatencyHistogram histogram = new LatencyHistogram();
    volatile boolean measuring = true;
    private volatile boolean stopped;
    private long measuredNanos;

    Lookups(MaterializedView view, int keys, long rate) {
      this.view = view;
      this.keys = keys;
      this.rate = rate;
    }

    void runFor(double seconds) {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      loop(end);
    }

    void runUntilStopped() {
      measuring = false;
      loop(Long.MAX_VALUE);
    }

    void stop() {
      stopped = true;
    }

    private void loop(long end) {
      SplittableRandom random = new SplittableRandom(7);
      long period = rate == 0 ? 0 : 1_000_000_000L / rate;
      long next = System.nanoTime();
      long measuredFrom = 0;
      boolean wasMeasuring = false;
      while (!stopped) {
        if (period > 0) {
          next += period;
          for (long now = System.nanoTime(); now < next; now = System.nanoTime()) {
            LockSupport.parkNanos(next - now);
          }
        }
        long key = random.nextInt(keys);
        long t = System.nanoTime();
        if (t >= end) {
          break;
        }
        Optional<List<Object>> found = view.lookup(key);
        long took = System.nanoTime() - t;
        if (found.isEmpty()) {
          throw new IllegalStateException("key " + key + " is missing from the view");
        }
        boolean m = measuring;
        if (m && !wasMeasuring) {
          measuredFrom = t;
        } else if (!m && wasMeasuring) {
          measuredNanos += t - measuredFrom;
        }
        wasMeasuring = m;
        if (m) {
          histogram.record(took);
        }
      }
      if (wasMeasuring) {
        measuredNanos += Math.min(end, System.nanoTime()) - measuredFrom;
      }
    }

    double perSecond() {
      return histogram.count() / Math.max(1e-9, measuredNanos / 1e9);
    }
  }

  /** Records, for each change that gives a key its new row, the time from its row's insert to this moment. */
  private static final class Subscriber implements ViewListener {
    private final Keys keys;
    private final int batch;
    private final AtomicLongArray insertStarted;
    private final long firstMeasuredRow;
    private final long endRow;
    final LatencyHistogram latency = new LatencyHistogram();
    private final Object progress = new Object();
    private long changes; // guarded by progress
    private boolean snapshot; // guarded by progress
    private Throwable failure; // guarded by progress

    Subscriber(Keys keys, int batch, AtomicLongArray insertStarted, long firstMeasuredRow, long endRow) {
      this.keys = keys;
      this.batch = batch;
      this.insertStarted = insertStarted;
      this.firstMeasuredRow = firstMeasuredRow;
      this.endRow = endRow;
    }

    @Override
    public void snapshot(ViewPosition position, List<List<Object>> rows) {
      synchronized (progress) {
        snapshot = true;
        progress.notifyAll();
      }
    }

    @Override
    public void change(ViewPosition position, Change change) {
      long now = System.nanoTime();
      if (change.kind().isAccumulate()) {
        long row = keys.rowOf((Long) change.values().get(0), (Long) change.values().get(1));
        if (row >= firstMeasuredRow && row < endRow) {
          latency.record(now - insertStarted.get((int) (row / batch)));
        }
      }
      synchronized (progress) {
        changes++;
        progress.notifyAll();
      }
    }

    @Override
    public void failed(Throwable t) {
      synchronized (progress) {
        failure = t;
        progress.notifyAll();
      }
    }

    void awaitSnapshot() throws InterruptedException {
      synchronized (progress) {
        while (!snapshot && failure == null) {
          progress.wait();
        }
      }
    }

    /** Waits for {@code n} changes after the snapshot. */
    void awaitChanges(long n, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (progress) {
        while (changes < n && failure == null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new IllegalStateException("the subscriber saw " + changes + " changes of " + n);
          }
          progress.wait(Math.max(1, left / 1_000_000L));
        }
        if (failure != null) {
          throw new IllegalStateException("the subscription failed", failure);
        }
      }
    }
  }

  static void print(Result r) {
    Options o = r.options();
    System.out.printf("Materialized view, %,d keys, %,d updates/s in batches of %,d, %.0f s measured after %.0f s of warm-up; JDK %s, %d cores, load average %.1f%n",
        o.keys(), o.rate(), o.batch(), o.seconds(), o.warmupSeconds(), Runtime.version(), Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println(r.verified());
    System.out.printf("%-46s %14s %12s   %s%n", "", "count", "per second", "p50 / p99 / p99.9 / max (us)");
    System.out.printf("%-46s %,14d %,12.0f   %s%n", "lookups, one thread, no writer", r.baselineLookups().count(), r.baselineLookupsPerSecond(), r.baselineLookups().summaryMicros());
    System.out.printf("%-46s %,14d %,12.0f   %s%n", "lookups, one thread, " + (o.lookupRate() == 0 ? "unpaced" : "paced") + ", writer running", r.lookups().count(),
        r.lookupsPerSecond(), r.lookups().summaryMicros());
    System.out.printf("%-46s %,14d %,12.0f   %s%n", "updates appended (time of each insert call)", r.rowsMeasured(), r.updatesPerSecond(), r.inserts().summaryMicros());
    System.out.printf("%-46s %,14d %12s   %s%n", "subscriber: insert call to change delivered", r.delivery().count(), "", r.delivery().summaryMicros());
    System.out.printf("%-46s %,14d %12s   %s%n", "view's rows behind the writer, in time", r.lagNanos().count(), "", r.lagNanos().summaryMicros());
    System.out.printf("%-46s %,14d %12s   %,d / %,d / %,d / %,d rows%n", "view's rows behind the writer, in rows", r.lagRows().count(), "", r.lagRows().percentile(0.5),
        r.lagRows().percentile(0.99), r.lagRows().percentile(0.999), r.lagRows().max());
    System.out.printf("while measured: %.2f cores busy (process CPU), %d collections taking %,d ms (%s)%n", r.cpuCores(), r.gcCount(), r.gcMillis(), collectors());
  }

  private static String collectors() {
    return String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
