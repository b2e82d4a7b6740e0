package io.runnel.runtime;

import io.runnel.operators.dag.Vertex;
import io.runnel.planner.PlannedQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What the runtime needs to know of a planned query to record and replay it. */
final class PlanFacts {
  private PlanFacts() {}

  /** What identifies a plan (and so the shape of its state): the plan as EXPLAIN prints it, hashed. */
  static String fingerprint(PlannedQuery plan) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(plan.explain().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * How many logs the query takes rows from, counting constant rows as one: with more than one, the order
   * in which it takes them depends on when rows arrived.
   */
  static int logsRead(PlannedQuery plan, Relations relations) {
    int logs = 0;
    for (Vertex v : plan.dag().vertices()) {
      if (v instanceof Vertex.Source s) {
        logs += relations.store(s.relation()).partitions();
      } else if (v instanceof Vertex.Values) {
        logs++;
      }
    }
    return logs;
  }

  /**
   * True when the query's output depends on processing time: an operator reads the clock ({@code
   * PROCTIME()}) or fires by it (processing-time windows, early results), or a source's watermark policy
   * consults it ({@code 'watermark.max-ahead'}, {@code 'watermark.idle-timeout'}). Its replay then needs the
   * times its task met, which its input journal records, even when it reads one log.
   */
  static boolean usesProcessingTime(PlannedQuery plan) {
    for (Vertex v : plan.dag().vertices()) {
      if (v instanceof Vertex.Transform t && (t.spec().readsClock() || t.spec().firesByClock())) {
        return true;
      }
      if (v instanceof Vertex.Source s && s.watermark() != null && (s.watermark().maxAheadMillis() > 0 || s.watermark().idleTimeoutMillis() > 0)) {
        return true;
      }
    }
    return false;
  }

  /** True when the query keeps an input journal: it reads more than one log, or uses processing time. */
  static boolean needsJournal(PlannedQuery plan, Relations relations) {
    return logsRead(plan, relations) > 1 || usesProcessingTime(plan);
  }

  /**
   * True when the query stamps rows with the clock ({@code PROCTIME()}) and also fires by it (a window on
   * processing time). Such a query runs on one task: on several, a row stamped by the task that read it would
   * be judged by the clock of the task its key goes to, which may have passed the row's window by the time
   * the row crosses, and the row would be late; on one task a row is stamped and judged by the same clock
   * reading. Other queries that act on the clock (early results, {@code 'watermark.max-ahead'}) run on
   * several tasks: each task journals its own times, and the replay of each meets them again.
   */
  static boolean stampsAndFiresByClock(PlannedQuery plan) {
    boolean stamps = false;
    boolean fires = false;
    for (Vertex v : plan.dag().vertices()) {
      if (v instanceof Vertex.Transform t) {
        stamps |= t.spec().readsClock();
        fires |= t.spec().firesByClock();
      }
    }
    return stamps && fires;
  }
}
