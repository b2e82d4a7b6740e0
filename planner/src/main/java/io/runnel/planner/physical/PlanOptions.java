package io.runnel.planner.physical;

/**
 * Query-level choices that shape the physical plan: {@code emitChanges} asks windows for early, updating
 * results (a change per input row); {@code allowedLateness} keeps a window's state that many milliseconds
 * after it fires so that late rows correct it; {@code miniBatch} lets unbounded GROUP BYs fold each batch's
 * changes per group; {@code earlyFire} (milliseconds, 0 for none) has windows emit their changed results
 * each time processing time passes a multiple of it, before the final result at window end. With {@code
 * emitChanges} window aggregates emit per row and ignore {@code earlyFire}; session windows, which have no
 * per-row form, keep it. {@code stateTtl} (milliseconds of event time, 0 for none) frees the state a regular
 * join, GROUP BY, Top-N or deduplication keeps for a key once the watermark is that far past the watermark at
 * the key's last row.
 */
public record PlanOptions(boolean emitChanges, long allowedLateness, boolean miniBatch, long earlyFire, long stateTtl) {
  public static final PlanOptions DEFAULT = new PlanOptions(false, 0, false, 0, 0);

  public PlanOptions(boolean emitChanges, long allowedLateness, boolean miniBatch, long earlyFire) {
    this(emitChanges, allowedLateness, miniBatch, earlyFire, 0);
  }

  public PlanOptions(boolean emitChanges, long allowedLateness, boolean miniBatch) {
    this(emitChanges, allowedLateness, miniBatch, 0);
  }

  public PlanOptions {
    if (earlyFire < 0) {
      throw new IllegalArgumentException("the early-fire interval must not be negative");
    }
    if (stateTtl < 0) {
      throw new IllegalArgumentException("the state time-to-live must not be negative");
    }
  }
}
