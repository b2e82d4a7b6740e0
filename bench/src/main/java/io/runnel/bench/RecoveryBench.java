package io.runnel.bench;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Recovery of a persistent query that holds a large state: {@code bench recovery [--groups N] [--width W]
 * [--after M]}.
 *
 * <p>An engine on a temporary directory runs {@code INSERT INTO latest SELECT k, COUNT(*) AS n,
 * MAX(payload) AS payload FROM events GROUP BY k}, checkpointing only when it stops, and is given N rows of
 * distinct keys, each with a payload of W letters: N groups, each holding its key, its counts and a string
 * of W characters, which its checkpoint writes out (about W + 40 bytes a group). Once the query has taken
 * them all in, its handle is cancelled, which stops it with a checkpoint: the time that takes is the time
 * to write the checkpoint. M more rows, updating random groups, are appended after it: the input a query
 * that stopped at that checkpoint has not read (what a crash leaves, up to a checkpoint interval of it).
 * The engine is closed and opened again, and the bench measures the time from {@link Runnel#open} until
 * the query's {@link QueryHandle#sync} returns: its state read back from the checkpoint and the M rows
 * read and applied. It checks that the restored query read only those M rows.
 */
public final class RecoveryBench {
  private static final int BATCH = 10_000;

  /** The phases of a stop with a checkpoint, on the query's thread. */
  private static final List<PhaseSampler.Phase> CHECKPOINT_PHASES =
      List.of(
          new PhaseSampler.Phase("operators' state serialized", List.of("TaskState.capture")),
          new PhaseSampler.Phase("file written and forced to disk", List.of("AtomicFiles.write")),
          new PhaseSampler.Phase("file's bytes assembled (copies, CRC)", List.of("CheckpointStore.write")));

  /** The phases of {@link Runnel#open}, on the thread that opens the engine. */
  private static final List<PhaseSampler.Phase> OPEN_PHASES =
      List.of(
          new PhaseSampler.Phase("operators' state decoded", List.of("TaskState.restore")),
          new PhaseSampler.Phase("checkpoint file read, checked, parsed", List.of("CheckpointStore.latest")),
          new PhaseSampler.Phase("tables' logs read to decide on compaction", List.of("LogCompaction.compactIfGrown")));

  /** What to run. */
  public record Options(long groups, int width, long after) {
    public Options {
      if (groups <= 0 || width < 0 || after < 0) {
        throw new IllegalArgumentException("--groups must be positive, --width and --after not negative");
      }
    }
  }

  /**
   * What one run measured: seconds to fill the query, to write its checkpoint (a stop that takes one), to
   * open the engine again and then for the query to catch up; the checkpoint's size in bytes; the heap the
   * restored state takes (after a full collection, less what the engine took before); the rows the
   * restored query read.
   */
  public record Result(Options options, double fillSeconds, double checkpointSeconds, Map<String, PhaseSampler.Split> checkpointPhases, long checkpointBytes, double openSeconds,
      Map<String, PhaseSampler.Split> openPhases, double catchUpSeconds, double recoveryGcSeconds, long heapBytes, long rowsReadAfterRestore) {
    double recoverySeconds() {
      return openSeconds + catchUpSeconds;
    }
  }

  private RecoveryBench() {}

  public static void main(String[] args) throws Exception {
    long groups = 4_000_000;
    int width = 200;
    long after = 1_000_000;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--groups" -> groups = Long.parseLong(value);
        case "--width" -> width = Integer.parseInt(value);
        case "--after" -> after = Long.parseLong(value);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; usage: bench recovery [--groups N] [--width W] [--after M]");
      }
    }
    Path dir = Files.createTempDirectory("runnel-recovery-");
    try {
      print(run(new Options(groups, width, after), dir));
    } finally {
      TempDirs.delete(dir);
    }
  }

  /** Runs the bench on engines under {@code dir}. */
  public static Result run(Options o, Path dir) throws Exception {
    Payloads payloads = new Payloads(o.width());
    String id;
    double fillSeconds;
    double checkpointSeconds;
    Map<String, PhaseSampler.Split> checkpointPhases;
    long heapBefore = heapAfterGc();
    try (Runnel runnel = Runnel.open(dir)) {
      runnel.execute("CREATE STREAM events (k BIGINT, payload VARCHAR)");
      runnel.execute("CREATE TABLE latest (k BIGINT, n BIGINT, payload VARCHAR, PRIMARY KEY (k))");
      runnel.execute("SET 'checkpoint.interval' = '0'"); // one checkpoint, when the query stops
      QueryHandle query =
          ((StatementResult.PersistentQuery) runnel.execute("INSERT INTO latest SELECT k, COUNT(*) AS n, MAX(payload) AS payload FROM events GROUP BY k")).handle();
      id = query.id();
      long started = System.nanoTime();
      for (long k = 0; k < o.groups(); k += BATCH) {
        List<List<Object>> rows = new ArrayList<>(BATCH);
        for (long i = k; i < Math.min(o.groups(), k + BATCH); i++) {
          rows.add(List.of(i, payloads.next()));
        }
        runnel.insert("events", rows);
      }
      if (!query.sync(Duration.ofHours(1))) {
        throw new IllegalStateException("the query did not take in its rows");
      }
      fillSeconds = (System.nanoTime() - started) / 1e9;
      Thread task = PhaseSampler.thread("runnel-query-" + id);
      PhaseSampler writing = task == null ? null : new PhaseSampler(task, CHECKPOINT_PHASES);
      long stopping = System.nanoTime();
      query.cancel(); // it stops between two rounds and takes a checkpoint
      if (!query.awaitTermination(Duration.ofHours(1)) || query.failure() != null) {
        throw new IllegalStateException("the query did not stop cleanly", query.failure());
      }
      checkpointSeconds = (System.nanoTime() - stopping) / 1e9;
      checkpointPhases = writing == null ? Map.of() : writing.stop();
      SplittableRandom random = new SplittableRandom(11);
      for (long r = 0; r < o.after(); r += BATCH) {
        List<List<Object>> rows = new ArrayList<>(BATCH);
        for (long i = r; i < Math.min(o.after(), r + BATCH); i++) {
          rows.add(List.of(random.nextLong(o.groups()), payloads.next()));
        }
        runnel.insert("events", rows);
      }
    }
    long checkpointBytes = checkpointBytes(dir.resolve("checkpoints").resolve(id));
    heapAfterGc(); // the first engine's state is garbage now, collected before the clock starts
    Result result;
    Thread task;
    long gcBefore = gcMillis();
    PhaseSampler opening = new PhaseSampler(Thread.currentThread(), OPEN_PHASES);
    long openStarted = System.nanoTime();
    try (Runnel runnel = Runnel.open(dir)) {
      double openSeconds = (System.nanoTime() - openStarted) / 1e9;
      Map<String, PhaseSampler.Split> openPhases = opening.stop();
      long catchingUp = System.nanoTime();
      QueryHandle query = runnel.handle(id);
      if (!query.sync(Duration.ofHours(1))) {
        throw new IllegalStateException("the restored query did not catch up");
      }
      double catchUpSeconds = (System.nanoTime() - catchingUp) / 1e9;
      double gcSeconds = (gcMillis() - gcBefore) / 1e3;
      long rowsRead = query.stats().rowsIn();
      if (rowsRead != o.after()) {
        throw new IllegalStateException("the restored query read " + rowsRead + " rows, not the " + o.after() + " appended after its checkpoint");
      }
      long heap = heapAfterGc() - heapBefore;
      result = new Result(o, fillSeconds, checkpointSeconds, checkpointPhases, checkpointBytes, openSeconds, openPhases, catchUpSeconds, gcSeconds, heap, rowsRead);
      task = PhaseSampler.thread("runnel-query-" + id);
    }
    // closing waits 10 s at most for a query to stop, and its checkpoint at the stop can take longer: the
    // directory is deleted only once it is written
    if (task != null) {
      task.join();
    }
    return result;
  }

  /** The size of the newest checkpoint file in {@code dir}. */
  private static long checkpointBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> checkpoints = files.filter(f -> f.getFileName().toString().endsWith(".ckpt")).sorted().toList();
      if (checkpoints.isEmpty()) {
        throw new IllegalStateException("no checkpoint in " + dir);
      }
      return Files.size(checkpoints.get(checkpoints.size() - 1));
    }
  }

  /** Strings of {@code width} letters cut from a block of random ones at random places. */
  private static final class Payloads {
    private final char[] letters = new char[1 << 20];
    private final int width;
    private final SplittableRandom random = new SplittableRandom(5);

    Payloads(int width) {
      this.width = width;
      for (int i = 0; i < letters.length; i++) {
        letters[i] = (char) ('a' + random.nextInt(26));
      }
    }

    String next() {
      return new String(letters, random.nextInt(letters.length - width), width);
    }
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static long heapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void print(Result r) {
    Options o = r.options();
    System.out.printf("Recovery: GROUP BY over %,d keys, payloads of %,d letters, %,d rows after the checkpoint; JDK %s, %d cores, max heap %,d MiB, load average %.1f%n",
        o.groups(), o.width(), o.after(), Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf("%-52s %,12.2f s (%,.0f rows/s)%n", "fill: rows appended and taken in by the query", r.fillSeconds(), o.groups() / r.fillSeconds());
    System.out.printf("%-52s %,12d MiB (%,d bytes, %,.0f a group)%n", "checkpoint size", r.checkpointBytes() >> 20, r.checkpointBytes(), r.checkpointBytes() / (double) o.groups());
    System.out.printf("%-52s %,12.2f s%n", "checkpoint: stop with a checkpoint", r.checkpointSeconds());
    r.checkpointPhases().forEach((phase, s) -> System.out.printf("  %-50s %,12.2f s (its thread's CPU %,.2f s)%n", phase, s.seconds(), s.cpuSeconds()));
    System.out.printf("%-52s %,12.2f s%n", "recovery: Runnel.open", r.openSeconds());
    r.openPhases().forEach((phase, s) -> System.out.printf("  %-50s %,12.2f s (its thread's CPU %,.2f s)%n", phase, s.seconds(), s.cpuSeconds()));
    System.out.printf("%-52s %,12.2f s (%,d rows read)%n", "recovery: then until the query's sync returns", r.catchUpSeconds(), r.rowsReadAfterRestore());
    System.out.printf("%-52s %,12.2f s (of which collections %,.2f s)%n", "recovery: total", r.recoverySeconds(), r.recoveryGcSeconds());
    System.out.printf("%-52s %,12d MiB%n", "heap the restored engine holds (after GC)", r.heapBytes() >> 20);
  }
}
