package io.runnel.operators.agg;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * Plan-time description of a {@link GroupAggregate}: an unbounded GROUP BY on input columns {@code keys}
 * (none: one global group) computing {@code calls}. Output: the key columns, then one column per call.
 * With {@code miniBatch} the changes of a batch are folded: one change per group the batch touched. {@code
 * stateTtl} (milliseconds of event time, 0: none) frees a group once that long has passed since the latest
 * event time (column {@code ttlTime}) of its rows ({@link io.runnel.operators.state.StateTtl}); it changes per
 * row, so it takes no mini-batch.
 */
public record GroupAggregateSpec(Schema inputSchema, List<Integer> keys, List<AggCall> calls, boolean miniBatch, long stateTtl, int ttlTime)
    implements OperatorSpec {

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(keys);
  }

  @Override
  public boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    boolean[] read = AggCall.inputColumnsRead(inputSchema.size(), keys, calls);
    if (stateTtl > 0) {
      read[ttlTime] = true;
    }
    return read;
  }

  public GroupAggregateSpec {
    keys = List.copyOf(keys);
    calls = List.copyOf(calls);
    if (stateTtl < 0 || (stateTtl > 0 && (ttlTime < 0 || ttlTime >= inputSchema.size() || miniBatch))) {
      throw new IllegalArgumentException("a state time-to-live must be positive, read an event time, and take no mini-batch");
    }
  }

  public GroupAggregateSpec(Schema inputSchema, List<Integer> keys, List<AggCall> calls, boolean miniBatch) {
    this(inputSchema, keys, calls, miniBatch, 0, -1);
  }

  public GroupAggregateSpec(Schema inputSchema, List<Integer> keys, List<AggCall> calls) {
    this(inputSchema, keys, calls, false);
  }

  int[] keyArray() {
    return keys.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public Schema outputSchema() {
    return Aggregation.outputSchema(inputSchema, keyArray(), List.of(), calls);
  }

  @Override
  public Operator create() {
    return new GroupAggregate(this);
  }

  @Override
  public String describe() {
    return "GroupAggregate(keys=" + keys + ", aggs=" + calls + (miniBatch ? ", mini-batch" : "") + (stateTtl == 0 ? "" : ", ttl=" + stateTtl + " by $" + ttlTime) + ")";
  }
}
