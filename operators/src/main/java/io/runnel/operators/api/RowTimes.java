package io.runnel.operators.api;

import io.runnel.operators.batch.Batch;

/**
 * The event time of a row that an operator orders by time: a row without one is reported as an error, a
 * row at or behind the watermark is late and goes to the late sink; either has no place in the order.
 */
public final class RowTimes {
  /** What {@link #timeOf} gives for a row that has no place in the order. */
  public static final long NONE = Long.MIN_VALUE;

  private RowTimes() {}

  /** Row {@code r}'s time in column {@code column}, or {@link #NONE} once reported as an error or late ({@code late} forces it). */
  public static long timeOf(OperatorContext context, Batch batch, int r, int column, long watermark, boolean late) {
    if (batch.column(column).isNull(r)) {
      context.errors().report(context.name(), "the event time " + batch.schema().name(column) + " is NULL: the row has no place in the order", batch.format(r));
      return NONE;
    }
    long ts = batch.column(column).getLong(r);
    if (ts <= watermark || late) {
      context.late().late(context.name(), ts, watermark, batch.format(r));
      return NONE;
    }
    return ts;
  }
}
