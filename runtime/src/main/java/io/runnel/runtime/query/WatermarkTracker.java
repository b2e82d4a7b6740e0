package io.runnel.runtime.query;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Column;
import io.runnel.operators.expr.EvalContext;
import io.runnel.operators.expr.Evaluator;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.ExprCompiler;

/**
 * A source's watermark: the largest value its {@code WATERMARK FOR} expression has taken over the rows
 * read so far. Monotonic: it never goes back.
 */
final class WatermarkTracker {
  private final Evaluator evaluator;
  private final EvalContext context;
  private long watermark = Long.MIN_VALUE;

  WatermarkTracker(Expr expression, String source, ErrorSink errors) {
    this.evaluator = ExprCompiler.compile(expression);
    this.context = new EvalContext(source, errors);
  }

  /** Advances with the rows of {@code batch}; returns the (possibly unchanged) watermark. */
  long observe(Batch batch) {
    Column column = evaluator.evaluate(batch, context);
    for (int i = 0; i < batch.size(); i++) {
      if (!column.isNull(i)) {
        watermark = Math.max(watermark, column.getLong(i));
      }
    }
    return watermark;
  }

  long current() {
    return watermark;
  }
}
