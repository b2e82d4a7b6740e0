package io.runnel.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Where one thread's time goes, by phase: a sampler thread takes the watched thread's stack every
 * millisecond or so and gives the time since its last sample, elapsed and the thread's own CPU time, to
 * the first phase whose marker (a class and method, such as {@code LogCompaction.compact}) is on the stack,
 * or to {@code other}. A stack is taken at a safepoint, so the time of a garbage collection pause goes to
 * the phase it interrupted: the elapsed split holds pauses and waiting for a core, which is what a user
 * waits through; the CPU split is the thread's own work.
 */
final class PhaseSampler implements AutoCloseable {
  private static final long PERIOD_NANOS = 1_000_000L;

  /** A phase: its label, and the frames ({@code SimpleClassName.method}) that mark it, any of them. */
  record Phase(String label, List<String> markers) {}

  private final Thread watched;
  private final List<Phase> phases;
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private final Map<String, Long> cpuNanos = new LinkedHashMap<>();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Thread sampler;
  private volatile boolean stopped;

  PhaseSampler(Thread watched, List<Phase> phases) {
    this.watched = watched;
    this.phases = phases;
    phases.forEach(p -> nanos.put(p.label(), 0L));
    nanos.put("other", 0L);
    cpuNanos.putAll(nanos);
    this.sampler = new Thread(this::run, "bench-phase-sampler");
    this.sampler.setDaemon(true);
    this.sampler.start();
  }

  private void run() {
    long last = System.nanoTime();
    long lastCpu = Math.max(0, threads.getThreadCpuTime(watched.getId()));
    while (!stopped && watched.isAlive()) {
      LockSupport.parkNanos(PERIOD_NANOS);
      StackTraceElement[] stack = watched.getStackTrace();
      long now = System.nanoTime();
      long cpu = threads.getThreadCpuTime(watched.getId()); // -1 once the thread has ended
      String phase = phaseOf(stack);
      synchronized (nanos) {
        nanos.merge(phase, now - last, Long::sum);
        if (cpu >= 0) {
          cpuNanos.merge(phase, cpu - lastCpu, Long::sum);
        }
      }
      last = now;
      lastCpu = Math.max(lastCpu, cpu);
    }
  }

  private String phaseOf(StackTraceElement[] stack) {
    for (Phase p : phases) {
      for (StackTraceElement frame : stack) {
        String cls = frame.getClassName();
        String name = cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethodName();
        if (p.markers().contains(name)) {
          return p.label();
        }
      }
    }
    return "other";
  }

  /** Time spent in a phase, in seconds: elapsed, and the watched thread's CPU. */
  record Split(double seconds, double cpuSeconds) {}

  /** Stops sampling; returns the time by phase, in the order given, {@code other} last. */
  Map<String, Split> stop() {
    stopped = true;
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<String, Split> splits = new LinkedHashMap<>();
    synchronized (nanos) {
      nanos.forEach((label, n) -> splits.put(label, new Split(n / 1e9, cpuNanos.get(label) / 1e9)));
    }
    return splits;
  }

  @Override
  public void close() {
    stop();
  }

  /** The live thread named {@code name}, or null. */
  static Thread thread(String name) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
