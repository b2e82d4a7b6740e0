package io.runnel.operators.rank;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Plan-time description of a {@link Rank}: the Top-N of each partition ({@code partitionKeys}), the rows whose
 * {@code function} over {@code orderBy} is at most {@code limit}. Output: the input columns, then with {@code
 * outputRank} the rank number (BIGINT) as the last column. The result is updating.
 *
 * <p>{@code inputInsertOnly} says the input only inserts: the operator then keeps only the rows within the
 * limit (and their ties), since no row leaving could pull another back in; otherwise it keeps every row of
 * each partition. {@code stateTtl} (milliseconds of event time, 0: none) frees a partition once that long has
 * passed since the latest event time (column {@code ttlTime}) of its rows ({@link
 * io.runnel.operators.state.StateTtl}).
 */
public record RankSpec(
    Schema inputSchema,
    List<Integer> partitionKeys,
    List<SortKey> orderBy,
    RankFunction function,
    long limit,
    boolean outputRank,
    Schema outputSchema,
    boolean inputInsertOnly,
    long stateTtl,
    int ttlTime)
    implements OperatorSpec {

  public RankSpec(
      Schema inputSchema, List<Integer> partitionKeys, List<SortKey> orderBy, RankFunction function, long limit, boolean outputRank, Schema outputSchema, boolean inputInsertOnly) {
    this(inputSchema, partitionKeys, orderBy, function, limit, outputRank, outputSchema, inputInsertOnly, 0, -1);
  }

  public RankSpec {
    requireNonNull(inputSchema, "inputSchema is null");
    partitionKeys = List.copyOf(partitionKeys);
    orderBy = List.copyOf(orderBy);
    requireNonNull(function, "function is null");
    requireNonNull(outputSchema, "outputSchema is null");
    checkColumns(inputSchema, partitionKeys, orderBy);
    checkOutput(inputSchema, limit, outputRank, outputSchema);
    if (stateTtl < 0 || (stateTtl > 0 && (ttlTime < 0 || ttlTime >= inputSchema.size()))) {
      throw new IllegalArgumentException("a state time-to-live must be positive and read an event time: " + stateTtl + " by $" + ttlTime);
    }
  }

  /** {@code inputSchema} with a BIGINT column {@code rankName} after its columns: the output with a rank column. */
  public static Schema withRankColumn(Schema inputSchema, String rankName) {
    List<DataType.Field> fields = new ArrayList<>(inputSchema.fields());
    fields.add(new DataType.Field(rankName, DataType.of(TypeKind.BIGINT).withNullable(false)));
    return new Schema(fields);
  }

  static void checkColumns(Schema inputSchema, List<Integer> partitionKeys, List<SortKey> orderBy) {
    for (int k : partitionKeys) {
      if (k < 0 || k >= inputSchema.size()) {
        throw new IllegalArgumentException("partition key $" + k + " is not a column of the input");
      }
    }
    for (SortKey k : orderBy) {
      if (k.column() >= inputSchema.size()) {
        throw new IllegalArgumentException("sort key $" + k.column() + " is not a column of the input");
      }
    }
  }

  static void checkOutput(Schema inputSchema, long limit, boolean outputRank, Schema outputSchema) {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1: " + limit);
    }
    int width = inputSchema.size() + (outputRank ? 1 : 0);
    if (outputSchema.size() != width) {
      throw new IllegalArgumentException("the output must have " + width + " columns, has " + outputSchema.size());
    }
    if (outputRank && outputSchema.type(width - 1).kind() != TypeKind.BIGINT) {
      throw new IllegalArgumentException("the rank column must be a BIGINT, is " + outputSchema.type(width - 1));
    }
  }

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(partitionKeys);
  }

  @Override
  public Operator create() {
    return new Rank(this);
  }

  @Override
  public String describe() {
    return "Rank(function=" + function.name().toLowerCase(Locale.ROOT) + ", partition=" + partitionKeys + ", order=" + describe(orderBy) + ", limit=" + limit
        + (outputRank ? ", rankColumn" : "") + (inputInsertOnly ? "" : ", input=updating") + (stateTtl == 0 ? "" : ", ttl=" + stateTtl + " by $" + ttlTime) + ")";
  }

  static String describe(List<SortKey> orderBy) {
    return orderBy.stream().map(SortKey::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
