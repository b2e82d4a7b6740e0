package io.runnel.operators.window;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.Aggregation;
import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * Plan-time description of a {@link SessionAggregate}: session windows with gap {@code gap} milliseconds
 * over event-time column {@code timeColumn}, per partition key {@code keys}. Output: the key columns, then
 * {@code window_start}, {@code window_end}, {@code window_time}, then one column per call.
 *
 * <p>{@code earlyFire} (milliseconds, 0 for none) asks for early results by processing time: each time the
 * operator's clock passes a multiple of it, every open session that changed since it was last emitted
 * emits its current extent and result; the result is then an updating one.
 */
public record SessionAggregateSpec(Schema inputSchema, List<Integer> keys, int timeColumn, long gap, List<AggCall> calls, long earlyFire)
    implements OperatorSpec {

  /** Without early results: one final row per session. */
  public SessionAggregateSpec(Schema inputSchema, List<Integer> keys, int timeColumn, long gap, List<AggCall> calls) {
    this(inputSchema, keys, timeColumn, gap, calls, 0);
  }

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(keys);
  }

  public SessionAggregateSpec {
    keys = List.copyOf(keys);
    calls = List.copyOf(calls);
    if (gap <= 0) {
      throw new IllegalArgumentException("a session gap must be positive");
    }
    if (earlyFire < 0) {
      throw new IllegalArgumentException("the early-fire interval must not be negative");
    }
  }

  /** True when sessions emit early results each {@link #earlyFire} of processing time. */
  public boolean updating() {
    return earlyFire > 0;
  }

  @Override
  public boolean firesByClock() {
    return earlyFire > 0;
  }

  int[] keyArray() {
    return keys.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public Schema outputSchema() {
    return Aggregation.outputSchema(inputSchema, keyArray(), Windows.COLUMNS, calls);
  }

  @Override
  public Operator create() {
    return new SessionAggregate(this);
  }

  @Override
  public String describe() {
    return "SessionAggregate(keys=" + keys + ", time=$" + timeColumn + ", gap=" + gap + "ms, aggs=" + calls + (earlyFire > 0 ? ", earlyFire=" + earlyFire + "ms" : "") + ")";
  }
}
