package io.runnel.operators.join;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import java.util.List;
import java.util.Locale;

/**
 * Plan-time description of a {@link RegularJoin}: input 0 ({@code leftSchema}) joined to input 1 ({@code
 * rightSchema}) where {@code leftKeys} equal {@code rightKeys} (pairwise, none null) and {@code condition}
 * (null: none) is TRUE over the left columns followed by the right columns. The output is those columns for
 * INNER, LEFT, RIGHT and FULL, the left columns only for SEMI and ANTI.
 */
public record RegularJoinSpec(
    JoinType type, Schema leftSchema, Schema rightSchema, List<Integer> leftKeys, List<Integer> rightKeys, Expr condition, Schema outputSchema)
    implements KeyedJoinSpec {

  public RegularJoinSpec {
    requireNonNull(type, "type is null");
    requireNonNull(leftSchema, "leftSchema is null");
    requireNonNull(rightSchema, "rightSchema is null");
    leftKeys = List.copyOf(requireNonNull(leftKeys, "leftKeys is null"));
    rightKeys = List.copyOf(requireNonNull(rightKeys, "rightKeys is null"));
    requireNonNull(outputSchema, "outputSchema is null");
    checkKeys(leftKeys, rightKeys);
    int columns = type.emitsPairs() ? leftSchema.size() + rightSchema.size() : leftSchema.size();
    if (outputSchema.size() != columns) {
      throw new IllegalArgumentException(type + " join emits " + columns + " columns, output schema has " + outputSchema.size());
    }
  }

  static void checkKeys(List<Integer> leftKeys, List<Integer> rightKeys) {
    if (leftKeys.size() != rightKeys.size()) {
      throw new IllegalArgumentException("left keys " + leftKeys + " and right keys " + rightKeys + " differ in number");
    }
  }

  @Override
  public Operator create() {
    return new RegularJoin(this);
  }

  @Override
  public String describe() {
    return "Join(type="
        + type.name().toLowerCase(Locale.ROOT)
        + ", leftKeys="
        + leftKeys
        + ", rightKeys="
        + rightKeys
        + (condition == null ? "" : ", where=[" + condition + "]")
        + ")";
  }
}
