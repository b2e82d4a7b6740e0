package io.runnel.runtime;

import io.runnel.operators.dag.Vertex;
import io.runnel.operators.window.SessionAggregateSpec;
import io.runnel.operators.window.WindowAggregateSpec;
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
   * True when what the query does depends on the processing-time clock, which no journal records yet:
   * windows over {@code PROCTIME()}, early results, or a source's {@code watermark.max-ahead}. Such a
   * query runs on one task: on several, a task that replays would wait for elements another task sent by
   * the clock and does not send again.
   */
  static boolean actsOnClock(PlannedQuery plan) {
    for (Vertex v : plan.dag().vertices()) {
      if (v instanceof Vertex.Source s && s.watermark() != null && s.watermark().maxAheadMillis() > 0) {
        return true;
      }
      if (v instanceof Vertex.Transform t) {
        if (t.spec() instanceof WindowAggregateSpec w && (w.processingTime() || (w.earlyFire() > 0 && !w.emitChanges()))) {
          return true;
        }
        if (t.spec() instanceof SessionAggregateSpec s && s.earlyFire() > 0) {
          return true;
        }
      }
    }
    return false;
  }
}
