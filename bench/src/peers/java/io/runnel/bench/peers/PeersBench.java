package io.runnel.bench.peers;

import io.runnel.bench.NexmarkBench;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * Runnel beside Apache Flink in one run: {@code PeersBench [--query qN,...|all|cep] [--events N] [--parallelism P]
 * [--mini-batch true|false] [--split-distinct true|false] [--flink-sink blackhole|count] [--repeat N] [--out DIR] [--explain true]}. For each query it runs Runnel ({@link
 * NexmarkBench#run}, inline mode: the generator fills the logs while the query reads them) and then the same
 * query on Flink in a local mini-cluster in this JVM ({@link FlinkNexmark}), both over the first N events of the
 * same deterministic generator, both into a discarding sink, after a warm-up of both. It reports events per
 * second and events per CPU-second of the whole process (GC and background threads included) for each engine
 * and the ratio Runnel / Flink per CPU-second. With {@code --repeat N} each query runs N times on each engine,
 * the engines taking turns, and each engine's run of median CPU time is reported: on a machine whose speed
 * moves between runs, one slow run of either engine no longer moves the ratio. {@code --out DIR} writes {@code DIR/img/nexmark-peers.csv} and
 * the chart {@code DIR/img/nexmark-peers.svg}.
 *
 * <p>A query one engine cannot run is reported as failed on that engine, with the first line of its error,
 * and the others go on: q6 (in {@code all}) fails on Flink, whose OVER window does not take the retractions
 * of the Top-1 under it; its row shows Runnel's measure alone.
 */
public final class PeersBench {
  /** One engine's measurement of one query; {@code rowsOut} is -1 when not counted, {@code error} null when it ran. */
  record Measure(long events, long rowsOut, double seconds, double cpuSeconds, String error) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double eventsPerCpuSecond() {
      return events / Math.max(cpuSeconds, 1e-9);
    }

    boolean ok() {
      return error == null;
    }
  }

  /** A row of the report. */
  record Row(String query, Measure runnel, Measure flink) {
    double ratio() {
      return runnel.ok() && flink.ok() ? runnel.eventsPerCpuSecond() / flink.eventsPerCpuSecond() : Double.NaN;
    }
  }

  private PeersBench() {}

  public static void main(String[] args) throws Exception {
    String query = "all";
    long events = 1_000_000;
    int parallelism = 1;
    boolean miniBatch = true;
    boolean countRows = false;
    boolean explain = false;
    boolean splitDistinct = true;
    int repeat = 1;
    Path out = null;
    String usage = "usage: PeersBench [--query qN,...|all|cep] [--events N] [--parallelism P] [--mini-batch true|false] [--split-distinct true|false] [--flink-sink blackhole|count] [--repeat N] [--out DIR] [--explain true]";
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("No value for " + args[i] + "; " + usage);
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--query" -> query = value;
        case "--events" -> events = Long.parseLong(value.replace("_", "").replace(",", ""));
        case "--parallelism" -> parallelism = Integer.parseInt(value);
        case "--mini-batch" -> miniBatch = Boolean.parseBoolean(value);
        case "--flink-sink" -> countRows = value.equals("count");
        case "--out" -> out = Path.of(value);
        case "--explain" -> explain = Boolean.parseBoolean(value);
        case "--split-distinct" -> splitDistinct = Boolean.parseBoolean(value);
        case "--repeat" -> repeat = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; " + usage);
      }
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1; " + usage);
    }
    List<String> queries = NexmarkBench.queries(query);
    for (String q : queries) {
      if (FlinkNexmark.select(q) == null) {
        throw new IllegalArgumentException("No query " + q + " in the Nexmark suite");
      }
    }
    String flinkVersion = EnvironmentInformation.getVersion();
    String header = String.format(Locale.ROOT, "Nexmark, Runnel vs Apache Flink %s (local mini-cluster, parallelism %d), %,d events%s, mini-batch %s, split distinct %s, JDK %s, %d cores, %s",
        flinkVersion, parallelism, events, repeat > 1 ? ", median of " + repeat + " runs" : "", miniBatch ? "on" : "off", splitDistinct ? "on" : "off", Runtime.version(),
        Runtime.getRuntime().availableProcessors(), LocalDate.now());
    System.out.println(header);
    try (FlinkNexmark flink = new FlinkNexmark(parallelism, miniBatch, splitDistinct, countRows)) {
      if (explain) {
        for (String q : queries) {
          System.out.println("== " + q + " on Flink\n" + flink.explain(q, events));
        }
        System.exit(0);
      }
      // warm up both engines on the first query (the generator, the paths every query shares); a later query
      // still compiles its own operators inside its measurement, on both engines
      long warmup = Math.min(events, 300_000);
      System.out.println("warming up on " + queries.get(0) + " (" + warmup + " events each) ...");
      NexmarkBench.generatorAlone(warmup);
      runnel(queries.get(0), warmup, miniBatch);
      flink(flink, queries.get(0), warmup, countRows);

      // what a query costs whatever its input: q0 over 1,000 events (planning, deployment, start and stop)
      Measure fixedRunnel = runnel("q0", 1_000, miniBatch);
      Measure fixedFlink = flink(flink, "q0", 1_000, countRows);
      System.out.printf(Locale.ROOT, "fixed cost of a query (q0 over 1,000 events): Runnel %.2f CPU-s, %.2f s; Flink %.2f CPU-s, %.2f s%n", fixedRunnel.cpuSeconds(),
          fixedRunnel.seconds(), fixedFlink.cpuSeconds(), fixedFlink.seconds());

      NexmarkBench.Result generator = NexmarkBench.generatorAlone(events);
      Measure alone = new Measure(events, 0, generator.seconds(), generator.cpuSeconds(), null);
      // what every Runnel query pays before its own work: the streams filled and read, no row kept
      List<Measure> ingestRuns = new ArrayList<>();
      for (int i = 0; i < repeat; i++) {
        ingestRuns.add(runnel(NexmarkBench.INGEST, events, miniBatch));
      }
      Measure ingest = median(ingestRuns);
      System.out.printf(Locale.ROOT, "  ingestion alone: Runnel %s%n", ingest.ok() ? String.format(Locale.ROOT, "%.2f CPU-s", ingest.cpuSeconds()) : ingest.error());
      List<Row> rows = new ArrayList<>();
      for (String q : queries) {
        List<Measure> runnelRuns = new ArrayList<>();
        List<Measure> flinkRuns = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
          runnelRuns.add(runnel(q, events, miniBatch));
          flinkRuns.add(flink(flink, q, events, countRows));
          if (repeat > 1) {
            System.out.printf(Locale.ROOT, "  %s run %d: Runnel %.2f CPU-s, Flink %.2f CPU-s%n", q, i + 1, runnelRuns.get(i).cpuSeconds(), flinkRuns.get(i).cpuSeconds());
          }
        }
        Measure r = median(runnelRuns);
        Measure f = median(flinkRuns);
        Row row = new Row(q, r, f);
        rows.add(row);
        System.out.printf(Locale.ROOT, "  %s done: Runnel %s, Flink %s%n", q, r.ok() ? String.format(Locale.ROOT, "%.2f CPU-s", r.cpuSeconds()) : r.error(),
            f.ok() ? String.format(Locale.ROOT, "%.2f CPU-s", f.cpuSeconds()) : f.error());
      }
      print(header, alone, ingest, rows);
      System.out.printf(Locale.ROOT, "fixed cost of a query (q0 over 1,000 events): Runnel %.2f CPU-s, Flink %.2f CPU-s%n", fixedRunnel.cpuSeconds(), fixedFlink.cpuSeconds());
      if (out != null) {
        Path img = out.resolve("img");
        Files.createDirectories(img);
        Files.writeString(img.resolve("nexmark-peers.csv"), csv(alone, ingest, new Row("fixed cost (q0 over 1000 events)", fixedRunnel, fixedFlink), rows, flinkVersion, parallelism, miniBatch, repeat), StandardCharsets.UTF_8);
        String subtitle = String.format(Locale.ROOT, "%s, %,d events%s, Flink %s (mini-cluster, parallelism %d), JDK %s, %d cores", LocalDate.now(), events,
            repeat > 1 ? " (median of " + repeat + " runs)" : "", flinkVersion, parallelism, Runtime.version().feature(), Runtime.getRuntime().availableProcessors());
        Files.writeString(img.resolve("nexmark-peers.svg"), Chart.svg("Nexmark: events per CPU-second, Runnel and Apache Flink", subtitle, rows), StandardCharsets.UTF_8);
        System.out.println("wrote " + img.resolve("nexmark-peers.csv") + " and " + img.resolve("nexmark-peers.svg"));
      }
    }
    // Flink and Chronicle leave non-daemon threads behind
    System.exit(0);
  }

  /** The run of median CPU time (of an even number, the lower of the two middle ones); a failed run, if any. */
  static Measure median(List<Measure> runs) {
    for (Measure m : runs) {
      if (!m.ok()) {
        return m;
      }
    }
    List<Measure> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(Measure::cpuSeconds));
    return sorted.get((sorted.size() - 1) / 2);
  }

  static Measure runnel(String query, long events, boolean miniBatch) {
    // as before each Flink run: the garbage the other engine left is collected outside the measurement
    System.gc();
    try {
      NexmarkBench.Result r = NexmarkBench.run(query, events, false, miniBatch);
      return new Measure(events, r.rowsOut(), r.seconds(), r.cpuSeconds(), null);
    } catch (Exception | Error e) {
      return new Measure(events, -1, 0, 0, firstLine(e));
    }
  }

  static Measure flink(FlinkNexmark flink, String query, long events, boolean countRows) {
    System.gc();
    CountingSinkFactory.ROWS.reset();
    long cpu = cpuNanos();
    long started = System.nanoTime();
    try {
      flink.run(query, events);
    } catch (Exception | Error e) {
      return new Measure(events, -1, 0, 0, firstLine(e));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (cpuNanos() - cpu) / 1e9;
    return new Measure(events, countRows ? CountingSinkFactory.ROWS.sum() : -1, seconds, cpuSeconds, null);
  }

  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    return root.getClass().getSimpleName() + ": " + message;
  }

  /** CPU time of the whole process (every thread, GC included). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * The table, then for each query what 3x Flink's CPU time would leave Runnel, as a multiple of
   * {@code ingest}'s (Runnel's ingestion alone): below 1, less than ingesting the events costs.
   */
  static void print(String header, Measure alone, Measure ingest, List<Row> rows) {
    System.out.println();
    System.out.println(header);
    System.out.printf(Locale.ROOT, "%-16s %14s %14s %16s %14s %14s %16s %14s%n", "query", "Runnel rows", "Runnel ev/s", "Runnel ev/CPU-s", "Flink rows",
        "Flink ev/s", "Flink ev/CPU-s", "Runnel/Flink");
    System.out.printf(Locale.ROOT, "%-16s %14s %,14.0f %,16.0f%n", "generator alone", "", alone.eventsPerSecond(), alone.eventsPerCpuSecond());
    System.out.printf(Locale.ROOT, "%-16s %s%n", "ingestion alone", cells(ingest).stripTrailing());
    for (Row row : rows) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s ", row.query()));
      line.append(cells(row.runnel()));
      line.append(cells(row.flink()));
      line.append(Double.isNaN(row.ratio()) ? String.format(Locale.ROOT, "%14s", "-") : String.format(Locale.ROOT, "%13.2fx", row.ratio()));
      System.out.println(line);
    }
    if (ingest.ok()) {
      StringBuilder budget = new StringBuilder("Flink's CPU-s / 3, as a multiple of Runnel's ingestion alone (" + String.format(Locale.ROOT, "%.2f CPU-s", ingest.cpuSeconds()) + "):");
      for (Row row : rows) {
        if (row.flink().ok()) {
          budget.append(String.format(Locale.ROOT, " %s %.2f", row.query(), row.flink().cpuSeconds() / 3 / ingest.cpuSeconds()));
        }
      }
      System.out.println(budget);
    }
    for (Row row : rows) {
      if (!row.runnel().ok()) {
        System.out.println(row.query() + " failed on Runnel: " + row.runnel().error());
      }
      if (!row.flink().ok()) {
        System.out.println(row.query() + " failed on Flink: " + row.flink().error());
      }
    }
  }

  private static String cells(Measure m) {
    if (!m.ok()) {
      return String.format(Locale.ROOT, "%14s %14s %16s ", "failed", "-", "-");
    }
    return String.format(Locale.ROOT, "%14s %,14.0f %,16.0f ", m.rowsOut() < 0 ? "-" : String.format(Locale.ROOT, "%,d", m.rowsOut()), m.eventsPerSecond(),
        m.eventsPerCpuSecond());
  }

  static String csv(Measure alone, Measure ingest, Row fixed, List<Row> rows, String flinkVersion, int parallelism, boolean miniBatch, int repeat) {
    StringBuilder sb = new StringBuilder();
    sb.append("date,jdk,cores,flink_version,parallelism,mini_batch,runs,events,query,")
        .append("runnel_rows_out,runnel_seconds,runnel_cpu_seconds,runnel_events_per_second,runnel_events_per_cpu_second,")
        .append("flink_rows_out,flink_seconds,flink_cpu_seconds,flink_events_per_second,flink_events_per_cpu_second,ratio_per_cpu_second,error\n");
    String prefix = String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%s,%d,", LocalDate.now(), Runtime.version(), Runtime.getRuntime().availableProcessors(), flinkVersion,
        parallelism, miniBatch, repeat);
    sb.append(prefix).append(alone.events()).append(",generator alone,0,").append(numbers(alone)).append(",,,,,,,\n");
    if (ingest.ok()) {
      sb.append(prefix).append(ingest.events()).append(",ingestion alone,0,").append(numbers(ingest)).append(",,,,,,,\n");
    }
    List<Row> all = new ArrayList<>(rows);
    all.add(fixed);
    for (Row row : all) {
      sb.append(prefix).append(row.runnel().events()).append(',').append(row.query()).append(',');
      sb.append(row.runnel().rowsOut() < 0 ? "" : row.runnel().rowsOut()).append(',').append(row.runnel().ok() ? numbers(row.runnel()) : ",,,").append(',');
      sb.append(row.flink().rowsOut() < 0 ? "" : row.flink().rowsOut()).append(',').append(row.flink().ok() ? numbers(row.flink()) : ",,,").append(',');
      sb.append(Double.isNaN(row.ratio()) ? "" : String.format(Locale.ROOT, "%.3f", row.ratio())).append(',');
      String error = row.runnel().ok() ? row.flink().ok() ? "" : "flink: " + row.flink().error() : "runnel: " + row.runnel().error();
      sb.append('"').append(error.replace("\"", "'")).append("\"\n");
    }
    return sb.toString();
  }

  private static String numbers(Measure m) {
    return String.format(Locale.ROOT, "%.3f,%.3f,%.0f,%.0f", m.seconds(), m.cpuSeconds(), m.eventsPerSecond(), m.eventsPerCpuSecond());
  }
}
