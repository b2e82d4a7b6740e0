package io.runnel.operators.join;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import java.util.List;
import java.util.Locale;

/**
 * Plan-time description of a {@link TemporalJoin}: each row of input 0 ({@code leftSchema}, a stream whose
 * event time is column {@code leftTime}) joined to the version of input 1's row ({@code rightSchema}, the
 * versions of a table, each valid from its time in column {@code rightTime}) whose key ({@code rightKeys},
 * the table's primary key) equals the left row's {@code leftKeys} and which was valid at the left row's time;
 * {@code condition} (null: none) must then be TRUE over the left columns followed by the right ones. INNER or
 * LEFT; the output is the left columns then the right ones.
 */
public record TemporalJoinSpec(
    JoinType type,
    Schema leftSchema,
    Schema rightSchema,
    List<Integer> leftKeys,
    List<Integer> rightKeys,
    int leftTime,
    int rightTime,
    Expr condition,
    Schema outputSchema)
    implements KeyedJoinSpec {

  public TemporalJoinSpec {
    requireNonNull(type, "type is null");
    requireNonNull(leftSchema, "leftSchema is null");
    requireNonNull(rightSchema, "rightSchema is null");
    leftKeys = List.copyOf(requireNonNull(leftKeys, "leftKeys is null"));
    rightKeys = List.copyOf(requireNonNull(rightKeys, "rightKeys is null"));
    requireNonNull(outputSchema, "outputSchema is null");
    if (type != JoinType.INNER && type != JoinType.LEFT) {
      throw new IllegalArgumentException("a temporal join is inner or left, not " + type);
    }
    RegularJoinSpec.checkKeys(leftKeys, rightKeys);
    if (leftKeys.isEmpty()) {
      throw new IllegalArgumentException("a temporal join needs the table's key");
    }
    if (leftTime < 0 || leftTime >= leftSchema.size() || rightTime < 0 || rightTime >= rightSchema.size()) {
      throw new IllegalArgumentException("time columns " + leftTime + " and " + rightTime + " out of range");
    }
    JoinSpecs.checkPairs(leftSchema, rightSchema, outputSchema);
  }

  @Override
  public Operator create() {
    return new TemporalJoin(this);
  }

  /** The columns of input {@code input} read downstream, its keys and time, and those the condition reads. */
  @Override
  public boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    return JoinSpecs.columnsRead(input, outputRead, leftSchema, rightSchema, condition, input == 0 ? leftKeys : rightKeys, input == 0 ? leftTime : rightTime);
  }

  @Override
  public String describe() {
    return "TemporalJoin(type="
        + type.name().toLowerCase(Locale.ROOT)
        + ", leftKeys="
        + leftKeys
        + ", rightKeys="
        + rightKeys
        + ", asOf=$"
        + leftTime
        + ", versionTime=$"
        + rightTime
        + (condition == null ? "" : ", where=[" + condition + "]")
        + ")";
  }
}
