package io.runnel.operators.agg;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * Plan-time description of a {@link GroupAggregate}: an unbounded GROUP BY on input columns {@code keys}
 * (none: one global group) computing {@code calls}. Output: the key columns, then one column per call.
 * With {@code miniBatch} the changes of a batch are folded: one change per group the batch touched.
 */
public record GroupAggregateSpec(Schema inputSchema, List<Integer> keys, List<AggCall> calls, boolean miniBatch) implements OperatorSpec {

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(keys);
  }

  @Override
  public boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    return AggCall.inputColumnsRead(inputSchema.size(), keys, calls);
  }

  public GroupAggregateSpec {
    keys = List.copyOf(keys);
    calls = List.copyOf(calls);
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
    return "GroupAggregate(keys=" + keys + ", aggs=" + calls + (miniBatch ? ", mini-batch" : "") + ")";
  }
}
