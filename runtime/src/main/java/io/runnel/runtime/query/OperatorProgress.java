package io.runnel.runtime.query;

import io.runnel.planner.PlanOperator;

/**
 * What one operator of a running query has done so far, over all its tasks: rows handed to it (0 for a
 * source) and emitted (a source: read), the watermark it passed on (the least over its tasks;
 * Long.MIN_VALUE before any, Long.MAX_VALUE at the end of input), and its state as its operator estimates
 * it ({@link io.runnel.operators.api.Operator#stateEntries}, {@link io.runnel.operators.api.Operator#stateBytes}).
 */
public record OperatorProgress(PlanOperator operator, boolean source, long rowsIn, long rowsOut, long watermark, long stateEntries, long stateBytes) {}
