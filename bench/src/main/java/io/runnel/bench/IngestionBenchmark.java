package io.runnel.bench;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ingests a CSV file of N rows through the file connector while a standing query filters it, and shows
 * that no row is lost (rows out equals the rows the filter should pass, counted while writing the file)
 * and that the heap stays flat (heap after GC at 1 M rows and at N rows). Usage: {@code IngestionBenchmark
 * [rows, default 10000000]}.
 */
public final class IngestionBenchmark {
  private IngestionBenchmark() {}

  /** What one run measured. Heap figures are bytes used after a full GC; -1 if not sampled. */
  public record Result(long rows, long expected, long rowsIn, long rowsOut, long rowsAtCheckpoint, long heapAtCheckpoint, long heapAtEnd, double seconds) {
    public long lost() {
      return (expected - rowsOut) + (rows - rowsIn);
    }
  }

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = Files.createTempDirectory("runnel-ingest-");
    try {
      Result r = run(rows, dir);
      System.out.printf("file: %,d rows; the filter should pass %,d%n", r.rows(), r.expected());
      System.out.printf("%-22s %15s %15s %18s%n", "", "rows in", "rows out", "heap after GC");
      System.out.printf("%-22s %,15d %15s %,15d KiB%n", "at ~1 M rows", r.rowsAtCheckpoint(), "-", r.heapAtCheckpoint() / 1024);
      System.out.printf("%-22s %,15d %,15d %,15d KiB%n", "at end", r.rowsIn(), r.rowsOut(), r.heapAtEnd() / 1024);
      System.out.printf("rows lost: %d; %.1f s, %,.0f rows/s (file parse + log append + query, one process)%n", r.lost(), r.seconds(), r.rows() / r.seconds());
      if (r.lost() != 0) {
        System.out.println("FAILED: rows were lost");
        System.exit(1);
      }
    } finally {
      TempDirs.delete(dir);
    }
  }

  /** Writes the file under {@code dir}, ingests it while the query runs, and measures. */
  public static Result run(long rows, Path dir) throws Exception {
    long checkpoint = Math.min(1_000_000L, rows);
    Path csv = dir.resolve("bids.csv");
    long expected = writeFile(csv, rows);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long started = System.nanoTime();
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      runnel.execute("CREATE STREAM bids (auction BIGINT, price BIGINT, channel VARCHAR, dateTime TIMESTAMP(3))"
          + " WITH ('connector' = 'file', 'path' = '" + csv + "', 'format' = 'csv')");
      try (QueryHandle q = runnel.query("SELECT auction, price FROM bids WHERE price > 500000 AND channel <> 'Baidu'")) {
        LongAdder out = new LongAdder();
        q.subscribe(c -> out.increment());
        long heapAtCheckpoint = -1;
        long rowsAtCheckpoint = 0;
        while (!q.awaitTermination(Duration.ofMillis(20))) {
          if (heapAtCheckpoint < 0 && q.stats().rowsIn() >= checkpoint) {
            rowsAtCheckpoint = q.stats().rowsIn();
            heapAtCheckpoint = heapAfterGc(memory);
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(rows, expected, q.stats().rowsIn(), out.sum(), rowsAtCheckpoint, heapAtCheckpoint, heapAfterGc(memory), seconds);
      }
    }
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Writes deterministic rows and returns how many the benchmark's filter passes. */
  private static long writeFile(Path csv, long rows) throws IOException {
    String[] channels = {"Apple", "Google", "Baidu", "Facebook"};
    long passing = 0;
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      for (long i = 0; i < rows; i++) {
        long price = random.nextLong(1_000_000);
        String channel = channels[random.nextInt(4)];
        if (price > 500_000 && !channel.equals("Baidu")) {
          passing++;
        }
        long millis = 1436918400000L + i;
        w.write(Long.toString(1000 + i % 10_000));
        w.write(',');
        w.write(Long.toString(price));
        w.write(',');
        w.write(channel);
        w.write(',');
        w.write(java.time.LocalDateTime.ofEpochSecond(millis / 1000, (int) (millis % 1000) * 1_000_000, java.time.ZoneOffset.UTC).toString().replace('T', ' '));
        w.write('\n');
      }
    }
    return passing;
  }
}
