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
 */
public record SessionAggregateSpec(Schema inputSchema, List<Integer> keys, int timeColumn, long gap, List<AggCall> calls)
    implements OperatorSpec {

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
    return "SessionAggregate(keys=" + keys + ", time=$" + timeColumn + ", gap=" + gap + "ms, aggs=" + calls + ")";
  }
}
