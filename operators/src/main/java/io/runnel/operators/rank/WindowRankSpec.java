package io.runnel.operators.rank;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.util.List;
import java.util.Locale;

/**
 * Plan-time description of a {@link WindowRank}: the Top-N of each partition ({@code partitionKeys}) of each
 * window, over insert-only rows whose windows are assigned upstream (columns {@code windowStart} and {@code
 * windowEnd}), emitted once when the window completes. Output: the input columns, then with {@code
 * outputRank} the rank number (BIGINT) as the last column. Insert-only.
 *
 * <p>Window deduplication is this with ROW_NUMBER, a limit of 1 and no rank column ({@link #deduplicate}).
 */
public record WindowRankSpec(
    Schema inputSchema,
    List<Integer> partitionKeys,
    int windowStart,
    int windowEnd,
    List<SortKey> orderBy,
    RankFunction function,
    long limit,
    boolean outputRank,
    Schema outputSchema)
    implements OperatorSpec {

  public WindowRankSpec {
    requireNonNull(inputSchema, "inputSchema is null");
    partitionKeys = List.copyOf(partitionKeys);
    orderBy = List.copyOf(orderBy);
    requireNonNull(function, "function is null");
    requireNonNull(outputSchema, "outputSchema is null");
    if (windowStart < 0 || windowStart >= inputSchema.size() || windowEnd < 0 || windowEnd >= inputSchema.size()) {
      throw new IllegalArgumentException("the window start $" + windowStart + " and end $" + windowEnd + " must be columns of the input");
    }
    RankSpec.checkColumns(inputSchema, partitionKeys, orderBy);
    RankSpec.checkOutput(inputSchema, limit, outputRank, outputSchema);
  }

  /**
   * Window deduplication: per key and window, the row of the smallest event time in {@code timeColumn}, or
   * ({@code keepLast}) of the largest; among rows of equal time the earlier arrival. Rows of no time come last.
   */
  public static WindowRankSpec deduplicate(Schema inputSchema, List<Integer> keys, int windowStart, int windowEnd, int timeColumn, boolean keepLast) {
    return new WindowRankSpec(inputSchema, keys, windowStart, windowEnd, List.of(new SortKey(timeColumn, keepLast, false)), RankFunction.ROW_NUMBER, 1, false, inputSchema);
  }

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(partitionKeys);
  }

  @Override
  public Operator create() {
    return new WindowRank(this);
  }

  @Override
  public String describe() {
    return "WindowRank(function=" + function.name().toLowerCase(Locale.ROOT) + ", partition=" + partitionKeys + ", window=[$" + windowStart + ", $" + windowEnd + "], order="
        + RankSpec.describe(orderBy) + ", limit=" + limit + (outputRank ? ", rankColumn" : "") + ")";
  }
}
