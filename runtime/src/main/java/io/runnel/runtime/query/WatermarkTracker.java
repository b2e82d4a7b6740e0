package io.runnel.runtime.query;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Column;
import io.runnel.operators.dag.WatermarkSpec;
import io.runnel.operators.expr.EvalContext;
import io.runnel.operators.expr.Evaluator;
import io.runnel.operators.expr.ExprCompiler;
import io.runnel.operators.types.Timestamps;
import io.runnel.runtime.journal.TaskClock;

/**
 * A source partition's watermark: the largest value its {@code WATERMARK FOR} expression has taken over the
 * rows read so far, leaving out candidates too far ahead of the later of the watermark and the clock (each
 * such row is reported and counted). Monotonic: it never goes back. Also tells when the source has gone
 * idle. The clock is the task's: it is read (and so recorded) only for a candidate further ahead of the
 * watermark than the bound, the one case where the clock decides.
 *
 * <p>A batch is taken in segments ({@link #begin}, then {@link #advance} until it returns the batch's size):
 * a segment ends before a row whose event time is at or behind the watermark of the rows before it, when
 * that watermark has moved since the segment began. The task delivers the watermark between segments, so
 * such a row is judged against the watermark of exactly the rows before it in its partition, and whether
 * it is late does not depend on how rows were batched. Rows ahead of the watermark never end a segment,
 * so ordered input is taken whole.
 */
final class WatermarkTracker {
  private final WatermarkSpec spec;
  private final Evaluator evaluator;
  private final EvalContext context;
  private final String source;
  private final ErrorSink errors;
  private final TaskClock clock;
  private final QueryCounters counters;
  private long watermark = Long.MIN_VALUE;
  /** The largest event time of the rows whose watermark candidate was taken: the newest the partition has given. */
  private long newest = Long.MIN_VALUE;
  /** {@link #watermark} as other threads see it, published once per segment. */
  private volatile long published = Long.MIN_VALUE;
  private long lastRowAt;
  private Batch batch; // the batch being taken in segments
  private Column candidates;

  WatermarkTracker(WatermarkSpec spec, String source, ErrorSink errors, TaskClock clock, QueryCounters counters) {
    this.spec = spec;
    this.evaluator = ExprCompiler.compile(spec.expression());
    this.context = new EvalContext(source, errors);
    this.source = source;
    this.errors = errors;
    this.clock = clock;
    this.counters = counters;
    this.lastRowAt = clock.now();
  }

  /** Starts taking {@code next}: evaluates its candidates once. */
  void begin(Batch next) {
    batch = next;
    candidates = evaluator.evaluate(next, context);
    lastRowAt = clock.now();
  }

  /**
   * Advances over the rows of the current batch from {@code from}, and returns where the segment starting
   * there ends: the batch's size, or the first row after {@code from} to be judged against the watermark
   * reached so far rather than the one the segment began with.
   */
  int advance(int from) {
    long begun = watermark;
    int rowtime = spec.rowtime();
    Column times = rowtime >= 0 ? batch.column(rowtime) : null;
    long bound = spec.maxAheadMillis();
    for (int i = from; i < batch.size(); i++) {
      if (i > from && watermark > begun && times != null && !times.isNull(i) && times.getLong(i) <= watermark) {
        publish();
        return i;
      }
      if (candidates.isNull(i)) {
        continue;
      }
      long candidate = candidates.getLong(i);
      // within the bound of the watermark, a candidate is within it of the later of watermark and clock too
      if (bound > 0 && candidate > watermark + bound && farAhead(candidate, bound, i)) {
        continue;
      }
      watermark = Math.max(watermark, candidate);
      if (times != null && !times.isNull(i)) {
        newest = Math.max(newest, times.getLong(i));
      }
    }
    publish();
    int size = batch.size();
    batch = null; // taken whole: nothing of it is kept
    candidates = null;
    return size;
  }

  /** Makes the watermark and the newest event time visible to other threads. */
  private void publish() {
    published = watermark;
    if (newest > counters.newestEventTime) {
      counters.newestEventTime = newest;
    }
  }

  /** True (and the row reported) when {@code candidate} is more than {@code bound} past the clock as well. */
  private boolean farAhead(long candidate, long bound, int row) {
    long now = clock.millis();
    if (candidate <= now + bound) {
      return false;
    }
    counters.farAheadRows++;
    errors.report(
        source,
        "watermark candidate " + Timestamps.format(candidate) + " is more than " + bound + " ms past the watermark ("
            + (watermark == Long.MIN_VALUE ? "none yet" : Timestamps.format(watermark)) + ") and the clock (" + Timestamps.format(now)
            + "); the row is kept but does not advance the watermark",
        batch.format(row));
    return true;
  }

  /** Goes on from a watermark a checkpoint recorded, or one written into the log. */
  void restore(long recorded) {
    watermark = Math.max(watermark, recorded);
    published = watermark;
  }

  /** The watermark, for the task's thread. */
  long current() {
    return watermark;
  }

  /** The watermark as of the last segment taken, for any thread. */
  long published() {
    return published;
  }

  /** True when the watermark has an idle timeout. */
  boolean timesOut() {
    return spec.idleTimeoutMillis() > 0;
  }

  /** True when the source has had no rows for its idle timeout (never, without one). */
  boolean idle() {
    return spec.idleTimeoutMillis() > 0 && clock.now() - lastRowAt >= spec.idleTimeoutMillis();
  }
}
