package io.runnel.operators.over;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * Plan-time description of an {@link OverAggregate}: aggregates over a frame of each row's partition
 * ({@code partitionKeys}), ordered by the event-time column {@code timeColumn}. The frame ends at the current
 * row and starts {@code preceding} rows before it ({@code rows}) or {@code preceding} milliseconds before its
 * time (RANGE); {@code preceding} of -1 is UNBOUNDED PRECEDING. Output: every input column, then one column
 * per call.
 */
public record OverAggregateSpec(Schema inputSchema, List<Integer> partitionKeys, int timeColumn, boolean rows, long preceding, List<AggCall> calls)
    implements OperatorSpec {

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(partitionKeys);
  }

  public OverAggregateSpec {
    requireNonNull(inputSchema, "inputSchema is null");
    partitionKeys = List.copyOf(partitionKeys);
    calls = List.copyOf(calls);
    if (preceding < -1) {
      throw new IllegalArgumentException("preceding must be -1 (unbounded) or at least 0: " + preceding);
    }
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("an OVER aggregate needs a call");
    }
  }

  /** True when rows leave the frame again, so the accumulators must take values back. */
  public boolean bounded() {
    return preceding >= 0;
  }

  @Override
  public Schema outputSchema() {
    return OverFrames.outputSchema(inputSchema, calls);
  }

  @Override
  public Operator create() {
    return new OverAggregate(this);
  }

  @Override
  public String describe() {
    String frame = OverFrames.describe(rows, preceding);
    return "OverAggregate(partition=" + partitionKeys + ", order=$" + timeColumn + ", " + frame + ", aggs=" + calls + ")";
  }
}
