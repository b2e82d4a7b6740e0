package io.runnel.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of the JVM's own threads by what they do, read from {@code /proc/self/task}: the garbage
 * collector's threads and the JIT compiler's. Those threads live as long as the JVM, so two snapshots give
 * what each kind spent in between; the engine's threads come and go with their queries, and their part is
 * the rest of the process's time. Linux only: elsewhere a snapshot is empty and the split unknown.
 */
final class ThreadCpu {
  /** What a thread does, by the name Linux keeps for it (the first 15 characters of the Java name). */
  enum Kind {
    GC,
    JIT,
    OTHER
  }

  private static final Path TASKS = Path.of("/proc/self/task");
  private static final long NANOS_PER_TICK = 10_000_000L; // Linux reports thread times in 1/100 s

  /** Nanoseconds of CPU, by kind, of the threads alive when taken; null where the system does not say. */
  record Snapshot(Map<Kind, Long> nanos) {
    /** What each kind spent since {@code earlier}, in seconds; NaN where either snapshot is unknown. */
    double secondsSince(Snapshot earlier, Kind kind) {
      if (nanos == null || earlier == null || earlier.nanos == null) {
        return Double.NaN;
      }
      return (nanos.getOrDefault(kind, 0L) - earlier.nanos.getOrDefault(kind, 0L)) / 1e9;
    }
  }

  private ThreadCpu() {}

  static Kind kindOf(String name) {
    if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return Kind.GC;
    }
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return Kind.JIT;
    }
    return Kind.OTHER;
  }

  static Snapshot snapshot() {
    if (!Files.isDirectory(TASKS)) {
      return new Snapshot(null);
    }
    Map<Kind, Long> nanos = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          nanos.merge(kindOf(name), ticks(Files.readString(task.resolve("stat"))) * NANOS_PER_TICK, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended while we looked: it is none of the long-lived ones
        }
      }
    } catch (IOException e) {
      return new Snapshot(null);
    }
    return new Snapshot(nanos);
  }

  /** User plus system ticks of a {@code stat} line: its 14th and 15th fields. */
  static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 are the 12th and 13th after the name
  }
}
