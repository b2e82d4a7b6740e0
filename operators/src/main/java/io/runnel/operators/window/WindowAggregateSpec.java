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
 */
public record WindowAggregateSpec(
    Schema inputSchema, List<Integer> keys, int windowEnd, List<AggCall> calls, boolean emitChanges, long allowedLateness, boolean processingTime)
    implements OperatorSpec {

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(keys);
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
  }

  int[] keyArray() {
    return keys.stream().mapToInt(Integer::intValue).toArray();
  }

  /** True when the result has updates: early results, or corrections from late rows. */
  public boolean updating() {
    return emitChanges || allowedLateness > 0;
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
        + (processingTime ? ", time=processing" : "") + (emitChanges ? ", emit=changes" : "") + (allowedLateness > 0 ? ", lateness=" + allowedLateness + "ms" : "") + ")";
  }
}
