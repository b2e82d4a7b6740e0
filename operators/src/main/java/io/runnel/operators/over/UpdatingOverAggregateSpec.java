package io.runnel.operators.over;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Plan-time description of an {@link UpdatingOverAggregate}: aggregates over a frame of each row's partition
 * ({@code partitionKeys}) of an updating input, the partition's rows ordered by {@code orderBy} (then by
 * their values, see the operator). The frame ends at the current row and starts {@code preceding} rows before
 * it ({@code rows}) or, RANGE, at the first row whose single ORDER BY key (of longs: a time) is at most
 * {@code preceding} milliseconds before its own, its peers included; {@code preceding} of -1 is UNBOUNDED
 * PRECEDING, of 0 with RANGE the row's peers alone (CURRENT ROW), whatever the ORDER BY. Output: every input
 * column, then one column per call; an updating result.
 */
public record UpdatingOverAggregateSpec(Schema inputSchema, List<Integer> partitionKeys, List<SortKey> orderBy, boolean rows, long preceding, List<AggCall> calls)
    implements OperatorSpec {
  /**
   * The largest {@code n} of {@code ROWS BETWEEN n PRECEDING}: a change recomputes the frames of the n rows
   * after it, n + 1 rows each, twice (before and after), so its cost grows with n squared.
   */
  public static final long MAX_ROWS_PRECEDING = 1_000;

  public UpdatingOverAggregateSpec {
    requireNonNull(inputSchema, "inputSchema is null");
    partitionKeys = List.copyOf(partitionKeys);
    orderBy = List.copyOf(orderBy);
    calls = List.copyOf(calls);
    for (int k : partitionKeys) {
      if (k < 0 || k >= inputSchema.size()) {
        throw new IllegalArgumentException("partition key $" + k + " is not a column of the input");
      }
    }
    if (orderBy.isEmpty()) {
      throw new IllegalArgumentException("an OVER aggregate over an updating input needs an ORDER BY");
    }
    for (SortKey k : orderBy) {
      if (k.column() >= inputSchema.size()) {
        throw new IllegalArgumentException("sort key $" + k.column() + " is not a column of the input");
      }
    }
    if (preceding < -1) {
      throw new IllegalArgumentException("preceding must be -1 (unbounded) or at least 0: " + preceding);
    }
    if (rows && preceding > MAX_ROWS_PRECEDING) {
      throw new IllegalArgumentException("a ROWS frame over an updating input starts at most " + MAX_ROWS_PRECEDING + " rows back: " + preceding);
    }
    if (!rows && preceding > 0 && !rangeOrderable(inputSchema, orderBy)) {
      throw new IllegalArgumentException("a RANGE frame of an interval needs ORDER BY one column of times: " + orderBy);
    }
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("an OVER aggregate needs a call");
    }
  }

  /** Whether a RANGE frame can reach back an interval over rows ordered by {@code orderBy}: one key, a time. */
  public static boolean rangeOrderable(Schema input, List<SortKey> orderBy) {
    if (orderBy.size() != 1) {
      return false;
    }
    TypeKind kind = input.type(orderBy.get(0).column()).kind();
    return kind == TypeKind.TIMESTAMP || kind == TypeKind.TIMESTAMP_LTZ;
  }

  /** True when the frame starts at the partition's first row. */
  public boolean unbounded() {
    return preceding < 0;
  }

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(partitionKeys);
  }

  @Override
  public Schema outputSchema() {
    return OverFrames.outputSchema(inputSchema, calls);
  }

  @Override
  public Operator create() {
    return new UpdatingOverAggregate(this);
  }

  @Override
  public String describe() {
    String frame = OverFrames.describe(rows, preceding);
    String order = orderBy.stream().map(SortKey::toString).collect(Collectors.joining(", ", "[", "]"));
    return "UpdatingOverAggregate(partition=" + partitionKeys + ", order=" + order + ", " + frame + ", aggs=" + calls + ")";
  }
}
