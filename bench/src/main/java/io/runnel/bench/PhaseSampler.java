package io.runnel.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Where one thread's wall-clock time goes, by phase: a sampler thread takes the watched thread's stack
 * every millisecond or so and gives the time since its last sample to the first phase whose marker (a
 * class and method, such as {@code LogCompaction.compact}) is on the stack, or to {@code other}. A stack is
 * taken at a safepoint, so the time of a garbage collection pause goes to the phase it interrupted: the
 * split is of elapsed time, pauses and waiting for a core included, which is what a user waits through.
 */
final class PhaseSampler implements AutoCloseable {
  private static final long PERIOD_NANOS = 1_000_000L;

  /** A phase: its label, and the frames ({@code SimpleClassName.method}) that mark it, any of them. */
  record Phase(String label, List<String> markers) {}

  private final Thread watched;
  private final List<Phase> phases;
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private final Thread sampler;
  private volatile boolean stopped;

  PhaseSampler(Thread watched, List<Phase> phases) {
    this.watched = watched;
    this.phases = phases;
    phases.forEach(p -> nanos.put(p.label(), 0L));
    nanos.put("other", 0L);
    this.sampler = new Thread(this::run, "bench-phase-sampler");
    this.sampler.setDaemon(true);
    this.sampler.start();
  }

  private void run() {
    long last = System.nanoTime();
    while (!stopped && watched.isAlive()) {
      LockSupport.parkNanos(PERIOD_NANOS);
      StackTraceElement[] stack = watched.getStackTrace();
      long now = System.nanoTime();
      synchronized (nanos) {
        nanos.merge(phaseOf(stack), now - last, Long::sum);
      }
      last = now;
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

  /** Stops sampling; returns seconds by phase, in the order given, {@code other} last. */
  Map<String, Double> stop() {
    stopped = true;
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    synchronized (nanos) {
      nanos.forEach((label, n) -> seconds.put(label, n / 1e9));
    }
    return seconds;
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
