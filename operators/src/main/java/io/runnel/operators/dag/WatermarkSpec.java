package io.runnel.operators.dag;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.expr.Expr;

/**
 * How a source derives its watermark. {@code expression} (the stream's {@code WATERMARK FOR} expression)
 * gives each row's candidate; the watermark is the largest candidate so far. {@code rowtime} is the index
 * of the event-time column the watermark is declared for (-1 when there is none to judge rows by): a row
 * whose time is at or behind the watermark of the rows before it is judged against that watermark, however
 * the rows were batched. {@code idleTimeoutMillis}
 * (0: never) is how long a source may go without rows before it stops holding back the watermark of the
 * queries reading it. {@code maxAheadMillis} (0: no bound) is how far past the later of the watermark and
 * the clock a candidate may be before it is taken for a bad timestamp: the row still flows, but it does not
 * advance the watermark, and it is reported.
 */
public record WatermarkSpec(Expr expression, int rowtime, long idleTimeoutMillis, long maxAheadMillis) {
  public WatermarkSpec {
    requireNonNull(expression, "expression is null");
    if (rowtime < -1) {
      throw new IllegalArgumentException("rowtime must be a column index or -1: " + rowtime);
    }
    if (idleTimeoutMillis < 0 || maxAheadMillis < 0) {
      throw new IllegalArgumentException("negative idle timeout or bound: " + idleTimeoutMillis + ", " + maxAheadMillis);
    }
  }
}
