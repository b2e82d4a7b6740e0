package io.runnel.operators.join;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import java.util.List;
import java.util.Locale;

/**
 * Plan-time description of a {@link LookupJoin}: each row of input 0 ({@code leftSchema}, a stream of
 * inserts) joined to the row input 1 ({@code rightSchema}, a table's changelog by its key {@code rightKeys})
 * holds for the row's {@code leftKeys} when the row comes, if {@code condition} (null: none) is TRUE over the
 * left columns followed by the right ones. INNER or LEFT; the output is the left columns then the right ones.
 *
 * <p>The table is read to its end before the stream ({@link #readsFirst}), and its time does not hold the
 * join's back ({@link #holdsTime}): a table is read for lookups, its rows are not events.
 */
public record LookupJoinSpec(
    JoinType type, Schema leftSchema, Schema rightSchema, List<Integer> leftKeys, List<Integer> rightKeys, Expr condition, Schema outputSchema)
    implements KeyedJoinSpec {

  public LookupJoinSpec {
    requireNonNull(type, "type is null");
    requireNonNull(leftSchema, "leftSchema is null");
    requireNonNull(rightSchema, "rightSchema is null");
    leftKeys = List.copyOf(requireNonNull(leftKeys, "leftKeys is null"));
    rightKeys = List.copyOf(requireNonNull(rightKeys, "rightKeys is null"));
    requireNonNull(outputSchema, "outputSchema is null");
    if (type != JoinType.INNER && type != JoinType.LEFT) {
      throw new IllegalArgumentException("a lookup join is inner or left, not " + type);
    }
    RegularJoinSpec.checkKeys(leftKeys, rightKeys);
    if (leftKeys.isEmpty()) {
      throw new IllegalArgumentException("a lookup join needs the table's key");
    }
    JoinSpecs.checkPairs(leftSchema, rightSchema, outputSchema);
  }

  @Override
  public Operator create() {
    return new LookupJoin(this);
  }

  /** The columns of input {@code input} read downstream, its keys, and those the condition reads. */
  @Override
  public boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    return JoinSpecs.columnsRead(input, outputRead, leftSchema, rightSchema, condition, input == 0 ? leftKeys : rightKeys, -1);
  }

  @Override
  public boolean holdsTime(int input) {
    return input == 0;
  }

  @Override
  public boolean readsFirst(int input) {
    return input == 1;
  }

  @Override
  public String describe() {
    return "LookupJoin(type="
        + type.name().toLowerCase(Locale.ROOT)
        + ", leftKeys="
        + leftKeys
        + ", rightKeys="
        + rightKeys
        + (condition == null ? "" : ", where=[" + condition + "]")
        + ")";
  }
}
