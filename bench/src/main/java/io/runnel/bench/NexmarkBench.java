package io.runnel.bench;

import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.runtime.nexmark.NexmarkGenerator;
import io.runnel.runtime.nexmark.NexmarkQueries;
import io.runnel.runtime.nexmark.NexmarkStreams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The Nexmark throughput runner: {@code nexmark bench --query qN|cepN|ingest|all|cep --events N [--mode
 * inline|prefilled] [--parallelism P]}.
 * For each query it reports events/s, process CPU seconds (and the kernel's, the garbage collector's and the
 * JIT compiler's part of them), events per CPU-second, peak heap and heap after GC, beside two baselines
 * measured in the same run: the generator alone, and ingestion alone ({@value #INGEST}: the three streams
 * filled as for every query, read by a query that reads only the bids' event time and keeps no row, so
 * that what a query costs above it is its own work). It also reports the heap after GC taken while the query
 * runs, once it has read 70% of the bids (its state then is what it holds at that point of the stream). {@code
 * q5w} is the window aggregation inside q5, {@code q6t} the Top-1 of a join inside q6 (q6 without its OVER
 * window); {@code cep0} ... {@code cep3} are the CEP workloads (MATCH_RECOGNIZE
 * over the bids), which {@code --query cep} runs. {@code inline}: the generator fills the logs
 * while the query reads them; {@code prefilled}: the logs are filled first and the query then reads them
 * from disk. Output goes to a discarding sink: rows are counted, never turned into Java values. With
 * {@code --parallelism P} the streams have P partitions, filled by P generator threads, and the query runs
 * on P tasks. With {@code --checkpoint-interval 0,10 s,1 s} each query instead runs once per interval as a
 * persistent query ({@code INSERT INTO} a sink stream, or a table when its result is updating) that
 * checkpoints at that interval ({@code 0}: only when it ends), so that the cost of checkpoints is their
 * ratio against {@code 0} in the same run.
 */
public final class NexmarkBench {
  /**
   * One measurement. {@code kernelSeconds} is the part of {@code cpuSeconds} spent in the kernel on the
   * process's behalf (page faults of the memory-mapped logs, mostly); {@code gcSeconds} and {@code
   * jitSeconds} the parts spent by the garbage collector's threads and the JIT compiler's ({@link
   * ThreadCpu}); each NaN where the system does not say.
   */
  public record Result(String name, long events, long rowsOut, double seconds, double cpuSeconds, double kernelSeconds, double gcSeconds, double jitSeconds,
      long peakHeap, long heapAfterGc, long heapInRun) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double eventsPerCpuSecond() {
      return events / Math.max(cpuSeconds, 1e-9);
    }
  }

  /** The name of the ingestion-alone baseline, which {@code --query} also takes. */
  public static final String INGEST = "ingest";

  /** What the ingestion-alone baseline reads: each bid's event time, keeping none (no event time is NULL). */
  static final String INGEST_SQL = "SELECT `dateTime` FROM bid WHERE `dateTime` IS NULL";

  /** Every query of the main suite the engine runs, and q5w, the window aggregation inside q5: what {@code --query all} measures. */
  public static final List<String> ALL =
      List.of("q0", "q1", "q2", "q3", "q4", "q5", "q5w", "q6", "q7", "q8", "q9", "q11", "q12", "q13", "q14", "q15", "q16", "q17", "q18", "q19", "q20", "q21", "q22", "q23");

  /** The CEP workloads: what {@code --query cep} measures. */
  public static final List<String> CEP = List.copyOf(NexmarkQueries.cep().keySet());

  /** The queries {@code --query} names: {@code all}, {@code cep}, or names separated by commas. */
  public static List<String> queries(String query) {
    return query.equals("all") ? ALL : query.equals("cep") ? CEP : List.of(query.split(","));
  }

  private NexmarkBench() {}

  public static void main(String[] args) throws Exception {
    String query = "all";
    long events = 1_000_000;
    boolean prefilled = false;
    List<String> settings = new ArrayList<>();
    int parallelism = 1;
    List<String> checkpointIntervals = List.of();
    int repeat = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--query" -> query = args[i + 1];
        case "--events" -> events = Long.parseLong(args[i + 1]);
        case "--mode" -> prefilled = args[i + 1].equals("prefilled");
        case "--mini-batch" -> {
          if (Boolean.parseBoolean(args[i + 1])) {
            settings.add(MINI_BATCH);
          }
        }
        case "--set" -> settings.add(args[i + 1]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
        case "--checkpoint-interval" -> checkpointIntervals = List.of(args[i + 1].split(","));
        case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException(
            "Unknown argument " + args[i] + "; usage: nexmark bench --query qN|cepN|ingest|all|cep --events N [--mode inline|prefilled] [--mini-batch true] [--set option=value]... [--parallelism P]"
                + " [--checkpoint-interval 0,10 s,1 s [--repeat N]]");
      }
    }
    List<String> queries = queries(query);
    if (!checkpointIntervals.isEmpty()) {
      checkpoints(queries, events, checkpointIntervals, repeat);
      return;
    }
    // warm up the generator and the paths every query shares (connector, log, codec, task loop) on the first
    // query; a later query still compiles its own operators inside its measurement
    long warmup = Math.min(events, 300_000);
    generatorAlone(warmup);
    run(queries.get(0), warmup, prefilled, parallelism, settings);
    List<Result> results = new ArrayList<>();
    results.add(generatorAlone(events));
    if (!queries.contains(INGEST)) {
      results.add(run(INGEST, events, prefilled, parallelism, settings));
    }
    for (String q : queries) {
      results.add(run(q, events, prefilled, parallelism, settings));
    }
    print(results, (prefilled ? "prefilled" : "inline") + (settings.isEmpty() ? "" : ", " + String.join(", ", settings)) + (parallelism > 1 ? ", parallelism " + parallelism : ""));
  }

  /**
   * Each query as a persistent query at each checkpoint interval, {@code repeat} times, the intervals taking
   * turns in a rotating order so that none always runs first; each query is warmed up first. Printed: each
   * (query, interval)'s median run by CPU time, after the generator alone.
   */
  static void checkpoints(List<String> queries, long events, List<String> intervals, int repeat) throws Exception {
    List<Result> results = new ArrayList<>();
    results.add(generatorAlone(events));
    for (String q : queries) {
      persistent(q, Math.min(events, 1_000_000), intervals.get(0).strip()); // warm-up
      List<List<Result>> runs = new ArrayList<>();
      intervals.forEach(i -> runs.add(new ArrayList<>()));
      for (int r = 0; r < repeat; r++) {
        for (int k = 0; k < intervals.size(); k++) {
          int i = (k + r) % intervals.size();
          runs.get(i).add(persistent(q, events, intervals.get(i).strip()));
        }
      }
      for (List<Result> byInterval : runs) {
        byInterval.sort(java.util.Comparator.comparingDouble(Result::cpuSeconds));
        results.add(byInterval.get(byInterval.size() / 2));
      }
    }
    print(results, "persistent queries, inline, median of " + repeat);
  }

  /**
   * One query over the first {@code events} events as a persistent query ({@code INSERT INTO} a sink) that
   * checkpoints every {@code interval} (a duration; {@code 0}: only when it ends). Its result is written
   * to the sink's log, as a persistent query's always is.
   */
  public static Result persistent(String query, long events, String interval) throws Exception {
    String sql = NexmarkQueries.select(query);
    if (sql == null) {
      throw new IllegalArgumentException("No query " + query + " in the Nexmark suite");
    }
    Path dir = Files.createTempDirectory("runnel-nexmark-");
    try (Runnel runnel = Runnel.open(dir); CheckpointWatch watch = new CheckpointWatch(dir)) {
      String with = " WITH ('connector' = 'nexmark', 'events' = '" + events + "')";
      resetPeaks();
      long cpu = cpuNanos();
      long kernel = kernelNanos();
      ThreadCpu.Snapshot threads = ThreadCpu.snapshot();
      long started = System.nanoTime();
      runnel.executeAll(NexmarkStreams.PERSON_DDL + with + ";" + NexmarkStreams.AUCTION_DDL + with + ";" + NexmarkStreams.BID_DDL + with);
      if (!NexmarkQueries.setup(query).isEmpty()) {
        runnel.executeAll(NexmarkQueries.setup(query));
      }
      runnel.execute(sinkDdl(runnel, sql));
      runnel.execute("SET 'checkpoint.interval' = '" + interval + "'");
      // the streams are bounded: the statement returns once the query has written its whole result
      String inserted = ((StatementResult.Ok) runnel.execute("INSERT INTO bench_sink " + sql)).message();
      long rowsOut = Long.parseLong(inserted.replaceAll("^Inserted ([0-9]+) rows? .*$", "$1"));
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpuSeconds = (cpuNanos() - cpu) / 1e9;
      ThreadCpu.Snapshot after = ThreadCpu.snapshot();
      String name = query + " (checkpoints " + (interval.equals("0") ? "at end" : interval) + ": " + watch.summary() + ")";
      return new Result(name, events, rowsOut, seconds, cpuSeconds, kernelSeconds(kernel),
          after.secondsSince(threads, ThreadCpu.Kind.GC), after.secondsSince(threads, ThreadCpu.Kind.JIT), peakHeap(), heapAfterGc(), 0);
    } finally {
      TempDirs.delete(dir);
    }
  }

  /**
   * Watches the checkpoints a data directory's persistent queries write, from a thread of its own, every 50
   * ms: a bounded query's checkpoints are deleted as soon as it ends, so they are counted while it runs.
   * Epochs count from 1, so the greatest seen is how many were taken; the one a query takes at its end may
   * be deleted before it is seen.
   */
  static final class CheckpointWatch implements AutoCloseable {
    private final Path checkpoints;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long epoch;
    private volatile long bytes;

    CheckpointWatch(Path dataDir) {
      this.checkpoints = dataDir.resolve("checkpoints");
      this.thread = new Thread(this::run, "bench-checkpoint-watch");
      this.thread.setDaemon(true);
      this.thread.start();
    }

    private void run() {
      while (!stopped) {
        try (Stream<Path> files = Files.isDirectory(checkpoints) ? Files.walk(checkpoints, 2) : Stream.empty()) {
          for (Path f : files.toList()) {
            String name = f.getFileName().toString();
            if (name.matches("[0-9]+\\.ckpt")) {
              long e = Long.parseLong(name.substring(0, name.length() - ".ckpt".length()));
              if (e > epoch) {
                bytes = Files.size(f);
                epoch = e;
              }
            }
          }
        } catch (IOException | UncheckedIOException e) {
          // a file went away while it was listed: the next look sees the newer one
        }
        LockSupport.parkNanos(50_000_000L);
      }
    }

    /** Stops watching; {@code N seen, the last B MiB}. */
    String summary() {
      close();
      return epoch + " seen" + (epoch == 0 ? "" : String.format(", the last %,d MiB", bytes >> 20));
    }

    @Override
    public void close() {
      stopped = true;
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A sink for {@code sql}'s result: a stream, or a table (keyed by its first column) when the result is updating. */
  private static String sinkDdl(Runnel runnel, String sql) {
    List<io.runnel.Column> columns;
    boolean updating;
    try (QueryHandle probe = runnel.query(sql)) { // planned and started only to learn its columns
      columns = probe.columns();
      updating = probe.updating();
    }
    StringBuilder ddl = new StringBuilder(updating ? "CREATE TABLE bench_sink (" : "CREATE STREAM bench_sink (");
    for (io.runnel.Column c : columns) {
      ddl.append('`').append(c.name().replace("`", "``")).append("` ").append(c.type()).append(", ");
    }
    if (updating) {
      ddl.append("PRIMARY KEY (`").append(columns.get(0).name().replace("`", "``")).append("`))");
    } else {
      ddl.setLength(ddl.length() - 2);
      ddl.append(')');
    }
    return ddl.toString();
  }

  /** The generator alone: every event built, nothing else. */
  public static Result generatorAlone(long events) {
    resetPeaks();
    long cpu = cpuNanos();
    long kernel = kernelNanos();
    ThreadCpu.Snapshot threads = ThreadCpu.snapshot();
    long started = System.nanoTime();
    NexmarkGenerator generator = new NexmarkGenerator(10_000);
    // each event is kept until 1024 later ones replace it, so none can be optimized away, at the cost of a store
    NexmarkGenerator.Event[] kept = new NexmarkGenerator.Event[1024];
    for (long n = 0; n < events; n++) {
      kept[(int) (n & 1023)] = generator.event(n);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (cpuNanos() - cpu) / 1e9;
    ThreadCpu.Snapshot after = ThreadCpu.snapshot();
    String name = kept[0] == null ? "generator alone (none)" : "generator alone";
    return new Result(name, events, 0, seconds, cpuSeconds, kernelSeconds(kernel), after.secondsSince(threads, ThreadCpu.Kind.GC),
        after.secondsSince(threads, ThreadCpu.Kind.JIT), peakHeap(), heapAfterGc(), 0);
  }

  /** One query over the first {@code events} events. */
  public static Result run(String query, long events, boolean prefilled, boolean miniBatch) throws Exception {
    return run(query, events, prefilled, miniBatch, 1);
  }

  /** The setting {@code --mini-batch true} stands for. */
  static final String MINI_BATCH = "aggregate.mini-batch=true";

  /** One query over the first {@code events} events, on streams of {@code parallelism} partitions and as many tasks. */
  public static Result run(String query, long events, boolean prefilled, boolean miniBatch, int parallelism) throws Exception {
    return run(query, events, prefilled, parallelism, miniBatch ? List.of(MINI_BATCH) : List.of());
  }

  /** {@link #run(String, long, boolean, boolean, int)}, with session options {@code settings} ({@code option=value}) set first. */
  public static Result run(String query, long events, boolean prefilled, int parallelism, List<String> settings) throws Exception {
    String sql = query.equals(INGEST) ? INGEST_SQL : NexmarkQueries.select(query);
    if (sql == null) {
      throw new IllegalArgumentException("No query " + query + " in the Nexmark suite");
    }
    Path dir = Files.createTempDirectory("runnel-nexmark-");
    try (Runnel runnel = Runnel.open(dir)) {
      String with = " WITH ('connector' = 'nexmark', 'events' = '" + events + "', 'partitions' = '" + parallelism + "')";
      runnel.execute("SET 'parallelism' = '" + parallelism + "'");
      if (prefilled) {
        runnel.executeAll(NexmarkStreams.PERSON_DDL + with + ";" + NexmarkStreams.AUCTION_DDL + with + ";" + NexmarkStreams.BID_DDL + with);
        for (String stream : List.of("person", "auction", "bid")) {
          // a bounded query over a stream ends once the stream is complete
          try (QueryHandle fill = runnel.query("SELECT * FROM " + stream + " WHERE dateTime IS NULL", QueryOptions.fromEarliest())) {
            fill.awaitTermination(Duration.ofHours(1));
          }
        }
      }
      resetPeaks();
      long cpu = cpuNanos();
      long kernel = kernelNanos();
      ThreadCpu.Snapshot threads = ThreadCpu.snapshot();
      long started = System.nanoTime();
      if (!prefilled) {
        runnel.executeAll(NexmarkStreams.PERSON_DDL + with + ";" + NexmarkStreams.AUCTION_DDL + with + ";" + NexmarkStreams.BID_DDL + with);
      }
      for (String setting : settings) {
        int eq = setting.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("--set takes option=value, not " + setting);
        }
        runnel.execute("SET '" + setting.substring(0, eq).strip() + "' = '" + setting.substring(eq + 1).strip() + "'");
      }
      if (!NexmarkQueries.setup(query).isEmpty()) {
        runnel.executeAll(NexmarkQueries.setup(query)); // q12's view
      }
      long sampleAt = events * 46 / 50 * 7 / 10; // 70% of the bids (46 of every 50 events)
      long heapInRun = 0;
      long samplingCpu = 0;
      long samplingKernel = 0;
      double samplingGc = 0;
      long samplingNanos = 0;
      long rowsOut;
      // a blackhole sink, as in Flink's published runs: rows are counted, never turned into Java values
      try (QueryHandle q = runnel.query(sql, QueryOptions.fromEarliest().discardingResults())) {
        while (!q.awaitTermination(Duration.ofMillis(20))) {
          if (heapInRun == 0 && q.stats().rowsIn() >= sampleAt) {
            // the forced collections of the sample are the bench's own work: their time is not the query's
            long sampleCpu = cpuNanos();
            long sampleKernel = kernelNanos();
            ThreadCpu.Snapshot sampleThreads = ThreadCpu.snapshot();
            long sampleStarted = System.nanoTime();
            heapInRun = heapAfterGc();
            samplingCpu = cpuNanos() - sampleCpu;
            samplingKernel = kernelNanos() - sampleKernel;
            samplingGc = ThreadCpu.snapshot().secondsSince(sampleThreads, ThreadCpu.Kind.GC);
            samplingNanos = System.nanoTime() - sampleStarted;
          }
        }
        if (q.failure() != null) {
          throw new IllegalStateException(query + " failed", q.failure());
        }
        rowsOut = q.stats().rowsOut();
      }
      double seconds = (System.nanoTime() - started - samplingNanos) / 1e9;
      double cpuSeconds = (cpuNanos() - cpu - samplingCpu) / 1e9;
      ThreadCpu.Snapshot after = ThreadCpu.snapshot();
      // the sample's kernel and collection time is not the query's either (0 where the kernel's time is unknown: -1 - -1)
      return new Result(query.equals(INGEST) ? "ingestion alone" : query, events, rowsOut, seconds, cpuSeconds, kernelSeconds(kernel + samplingKernel), after.secondsSince(threads, ThreadCpu.Kind.GC) - samplingGc,
          after.secondsSince(threads, ThreadCpu.Kind.JIT), peakHeap(), heapAfterGc(), heapInRun);
    } finally {
      TempDirs.delete(dir);
    }
  }

  static void print(List<Result> results, String mode) {
    System.out.printf("Nexmark, %,d events, mode %s, JDK %s, %d cores%n", results.get(0).events(), mode, Runtime.version(), Runtime.getRuntime().availableProcessors());
    System.out.printf("%-16s %12s %12s %10s %12s %8s %9s %14s %14s %12s %14s %14s%n", "", "rows out", "events/s", "CPU s", "kernel CPU s", "GC CPU s", "JIT CPU s", "events/CPU-s",
        "vs generator", "peak heap", "heap after GC", "heap in run");
    double base = results.get(0).eventsPerCpuSecond();
    for (Result r : results) {
      System.out.printf("%-16s %,12d %,12.0f %10.2f %12.2f %8.2f %9.2f %,14.0f %13.2fx %9d MiB %11d MiB %11d MiB%n", r.name().strip(), r.rowsOut(), r.eventsPerSecond(),
          r.cpuSeconds(), r.kernelSeconds(), r.gcSeconds(), r.jitSeconds(), r.eventsPerCpuSecond(), r.eventsPerCpuSecond() / base, r.peakHeap() >> 20, r.heapAfterGc() >> 20,
          r.heapInRun() >> 20);
    }
  }

  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /**
   * The CPU time the kernel has spent for this process, from {@code /proc/self/stat} (its 15th field, in
   * the 1/100 s ticks Linux reports there); -1 where there is no such file.
   */
  static long kernelNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[12]) * 10_000_000L; // field 15 is the 13th after the command
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double kernelSeconds(long since) {
    long now = kernelNanos();
    return since < 0 || now < 0 ? Double.NaN : (now - since) / 1e9;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static long heapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
