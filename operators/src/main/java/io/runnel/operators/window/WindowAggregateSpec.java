package io.runnel.operators.window;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.Aggregation;
import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * Plan-time description of a {@link WindowAggregate}: a GROUP BY over rows whose windows are already
 * assigned (TUMBLE, HOP, CUMULATE), keyed by input columns {@code keys}, which include the window's start
 * and its end, {@code windowEnd}. Output: the key columns, then one column per call.
 *
 * <p>{@code emitChanges} asks for an updating result as rows arrive instead of one final row per window;
 * {@code allowedLateness} keeps a window's state that many milliseconds past its end so that late rows
 * correct its result. With {@code processingTime} the windows are of processing time ({@code PROCTIME()}):
 * they fire when the operator's clock passes their end, and watermarks only pass through.
 *
 * <p>{@code earlyFire} (milliseconds, 0 for none) asks for early results by processing time: each time the
 * operator's clock passes a multiple of it, every window whose result changed since it was last emitted
 * emits it ({@code +I} the first time, then {@code -U}/{@code +U}); the window's firing then emits only the
 * final correction. {@code emitChanges} (a change per row) makes the interval moot and wins over it.
 */
public record WindowAggregateSpec(
    Schema inputSchema,
    List<Integer> keys,
    int windowEnd,
    List<AggCall> calls,
    boolean emitChanges,
    long allowedLateness,
    boolean processingTime,
    long earlyFire)
    implements OperatorSpec {

  /** Without early results by processing time. */
  public WindowAggregateSpec(
      Schema inputSchema, List<Integer> keys, int windowEnd, List<AggCall> calls, boolean emitChanges, long allowedLateness, boolean processingTime) {
    this(inputSchema, keys, windowEnd, calls, emitChanges, allowedLateness, processingTime, 0);
  }

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(keys);
  }

  @Override
  public boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    return AggCall.inputColumnsRead(inputSchema.size(), keys, calls);
  }

  public WindowAggregateSpec {
    keys = List.copyOf(keys);
    calls = List.copyOf(calls);
    if (!keys.contains(windowEnd)) {
      throw new IllegalArgumentException("the window end $" + windowEnd + " must be a key");
    }
    if (allowedLateness < 0) {
      throw new IllegalArgumentException("allowed lateness must not be negative");
    }
    if (earlyFire < 0) {
      throw new IllegalArgumentException("the early-fire interval must not be negative");
    }
  }

  /** True when windows emit early results each {@link #earlyFire} of processing time. */
  boolean firesEarly() {
    return earlyFire > 0 && !emitChanges;
  }

  @Override
  public boolean firesByClock() {
    return processingTime || firesEarly();
  }

  int[] keyArray() {
    return keys.stream().mapToInt(Integer::intValue).toArray();
  }

  /** True when the result has updates: early results, or corrections from late rows. */
  public boolean updating() {
    return emitChanges || allowedLateness > 0 || earlyFire > 0;
  }

  @Override
  public Schema outputSchema() {
    return Aggregation.outputSchema(inputSchema, keyArray(), List.of(), calls);
  }

  @Override
  public Operator create() {
    return new WindowAggregate(this);
  }

  @Override
  public String describe() {
    return "WindowAggregate(keys=" + keys + ", windowEnd=$" + windowEnd + ", aggs=" + calls
        + (processingTime ? ", time=processing" : "") + (emitChanges ? ", emit=changes" : "") + (allowedLateness > 0 ? ", lateness=" + allowedLateness + "ms" : "")
        + (firesEarly() ? ", earlyFire=" + earlyFire + "ms" : "") + ")";
  }
}
