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
 *
 * <p>{@code stateTtl} (milliseconds of event time, 0: none) frees a key's rows on the sides with an event time
 * ({@code leftTime}, {@code rightTime}: a column of that side, or -1) once that long has passed since the
 * latest event time of the key's rows ({@link io.runnel.operators.state.StateTtl}); a side without one keeps
 * its rows until they are retracted.
 */
public record RegularJoinSpec(
    JoinType type, Schema leftSchema, Schema rightSchema, List<Integer> leftKeys, List<Integer> rightKeys, Expr condition, Schema outputSchema, long stateTtl, int leftTime, int rightTime)
    implements KeyedJoinSpec {

  public RegularJoinSpec(JoinType type, Schema leftSchema, Schema rightSchema, List<Integer> leftKeys, List<Integer> rightKeys, Expr condition, Schema outputSchema) {
    this(type, leftSchema, rightSchema, leftKeys, rightKeys, condition, outputSchema, 0, -1, -1);
  }

  public RegularJoinSpec {
    requireNonNull(type, "type is null");
    requireNonNull(leftSchema, "leftSchema is null");
    requireNonNull(rightSchema, "rightSchema is null");
    leftKeys = List.copyOf(requireNonNull(leftKeys, "leftKeys is null"));
    rightKeys = List.copyOf(requireNonNull(rightKeys, "rightKeys is null"));
    requireNonNull(outputSchema, "outputSchema is null");
    checkKeys(leftKeys, rightKeys);
    if (stateTtl < 0 || (stateTtl > 0 && leftTime < 0 && rightTime < 0)) {
      throw new IllegalArgumentException("a state time-to-live must be positive and read an event time of either side: " + stateTtl);
    }
    if (leftTime >= leftSchema.size() || rightTime >= rightSchema.size()) {
      throw new IllegalArgumentException("the time columns $" + leftTime + " and $" + rightTime + " are not columns of their sides");
    }
    int columns = type.emitsPairs() ? leftSchema.size() + rightSchema.size() : leftSchema.size();
    if (outputSchema.size() != columns) {
      throw new IllegalArgumentException(type + " join emits " + columns + " columns, output schema has " + outputSchema.size());
    }
  }

  /**
   * Under a ttl, a side without an event time (a table's changelog) does not hold the join's watermark back:
   * the watermark of the side with one frees its rows, and a table that never has a watermark would stop it.
   */
  @Override
  public boolean holdsTime(int input) {
    int own = input == 0 ? leftTime : rightTime;
    int other = input == 0 ? rightTime : leftTime;
    return stateTtl == 0 || own >= 0 || other < 0;
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
        + (stateTtl == 0 ? "" : ", ttl=" + stateTtl + " by [" + leftTime + ", " + rightTime + "]")
        + ")";
  }
}
