package io.runnel.bench;

import com.sun.management.OperatingSystemMXBean;
import io.runnel.Runnel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./runnel bench idle [--queries N] [--seconds S] [--parallelism P]}: the CPU an engine takes while
 * nothing happens, with N persistent queries (each {@code INSERT INTO out_i SELECT ... FROM src WHERE k =
 * i}) registered and caught up, as CPU-seconds per second (cores kept busy), beside the same engine with
 * none; with P above 1, each query runs on P tasks over a stream of P partitions.
 */
public final class IdleBench {
  private IdleBench() {}

  public static void main(String[] args) throws Exception {
    int queries = 1_000;
    int seconds = 10;
    int parallelism = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--queries" -> queries = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; usage: bench idle [--queries N] [--seconds S] [--parallelism P]");
      }
    }
    System.out.printf("Idle engine, JDK %s, %d cores, queries on %d task(s)%n", Runtime.version(), Runtime.getRuntime().availableProcessors(), parallelism);
    for (int n : new int[] {0, queries}) {
      Path dir = Files.createTempDirectory("runnel-idle-");
      try (Runnel runnel = Runnel.open(dir)) {
        runnel.executeAll("SET 'parallelism' = '" + parallelism + "'; CREATE STREAM src (k BIGINT, v BIGINT) WITH ('partitions' = '" + parallelism + "')");
        for (int i = 0; i < n; i++) {
          runnel.executeAll("CREATE STREAM out_" + i + " (k BIGINT, v BIGINT); INSERT INTO out_" + i + " SELECT k, v FROM src WHERE k = " + i);
        }
        Thread.sleep(3_000); // started and caught up
        long threads = Thread.activeCount();
        long cpu = cpuNanos();
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double busy = (cpuNanos() - cpu) / (double) (System.nanoTime() - started);
        System.out.printf("%,6d persistent queries: %.3f CPU-s per second idle (%d threads)%n", n, busy, threads);
      } finally {
        TempDirs.delete(dir);
      }
    }
  }

  private static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
