package io.runnel.planner.physical;

/**
 * Query-level choices that shape the physical plan: {@code emitChanges} asks windows for early, updating
 * results; {@code allowedLateness} keeps a window's state that many milliseconds after it fires so that
 * late rows correct it; {@code miniBatch} lets unbounded GROUP BYs fold each batch's changes per group.
 */
public record PlanOptions(boolean emitChanges, long allowedLateness, boolean miniBatch) {
  public static final PlanOptions DEFAULT = new PlanOptions(false, 0, false);
}
