package io.runnel.runtime.query;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Column;
import io.runnel.operators.dag.WatermarkSpec;
import io.runnel.operators.expr.EvalContext;
import io.runnel.operators.expr.Evaluator;
import io.runnel.operators.expr.ExprCompiler;
import io.runnel.operators.types.Timestamps;
import java.time.Clock;

/**
 * A source's watermark: the largest value its {@code WATERMARK FOR} expression has taken over the rows
 * read so far, leaving out candidates too far ahead of the later of the watermark and the clock (each such
 * row is reported and counted). Monotonic: it never goes back. Also tells when the source has gone idle.
 */
final class WatermarkTracker {
  private final WatermarkSpec spec;
  private final Evaluator evaluator;
  private final EvalContext context;
  private final String source;
  private final ErrorSink errors;
  private final Clock clock;
  private final QueryCounters counters;
  private long watermark = Long.MIN_VALUE;
  private long lastRowAt;

  WatermarkTracker(WatermarkSpec spec, String source, ErrorSink errors, Clock clock, QueryCounters counters) {
    this.spec = spec;
    this.evaluator = ExprCompiler.compile(spec.expression());
    this.context = new EvalContext(source, errors);
    this.source = source;
    this.errors = errors;
    this.clock = clock;
    this.counters = counters;
    this.lastRowAt = clock.millis();
  }

  /** Advances with the rows of {@code batch}; returns the (possibly unchanged) watermark. */
  long observe(Batch batch) {
    Column column = evaluator.evaluate(batch, context);
    long now = clock.millis();
    lastRowAt = now;
    long bound = spec.maxAheadMillis();
    for (int i = 0; i < batch.size(); i++) {
      if (column.isNull(i)) {
        continue;
      }
      long candidate = column.getLong(i);
      if (bound > 0 && candidate > Math.max(watermark, now) + bound) {
        counters.farAheadRows++;
        errors.report(
            source,
            "watermark candidate " + Timestamps.format(candidate) + " is more than " + bound + " ms past the watermark ("
                + (watermark == Long.MIN_VALUE ? "none yet" : Timestamps.format(watermark)) + ") and the clock (" + Timestamps.format(now)
                + "); the row is kept but does not advance the watermark",
            batch.format(i));
        continue;
      }
      watermark = Math.max(watermark, candidate);
    }
    return watermark;
  }

  long current() {
    return watermark;
  }

  /** True when the source has had no rows for its idle timeout (never, without one). */
  boolean idle() {
    return spec.idleTimeoutMillis() > 0 && clock.millis() - lastRowAt >= spec.idleTimeoutMillis();
  }
}
