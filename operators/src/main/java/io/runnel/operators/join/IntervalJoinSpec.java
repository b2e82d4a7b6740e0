package io.runnel.operators.join;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import java.util.List;
import java.util.Locale;

/**
 * Plan-time description of an {@link IntervalJoin}: input 0 ({@code leftSchema}) joined to input 1 ({@code
 * rightSchema}) where {@code leftKeys} equal {@code rightKeys} (pairwise, none null), the right row's time
 * (column {@code rightTime}) minus the left row's (column {@code leftTime}) lies in {@code [lowerBound,
 * upperBound]} milliseconds, and {@code condition} (null: none) is TRUE over the left columns followed by
 * the right columns. INNER, LEFT, RIGHT or FULL; the output is the left columns then the right ones.
 *
 * <p>{@code watermarkDelay}: how far the output watermark stays behind the input's, at least {@link
 * #minimumDelay} (a row is completed, padded or joined for the last time, at most that long after its own
 * time). More where a time column is a window's end, whose rows belong to the millisecond before it.
 */
public record IntervalJoinSpec(
    JoinType type,
    Schema leftSchema,
    Schema rightSchema,
    List<Integer> leftKeys,
    List<Integer> rightKeys,
    int leftTime,
    int rightTime,
    long lowerBound,
    long upperBound,
    Expr condition,
    Schema outputSchema,
    long watermarkDelay)
    implements KeyedJoinSpec {

  /** The spec with the least watermark delay its bounds allow. */
  public IntervalJoinSpec(
      JoinType type,
      Schema leftSchema,
      Schema rightSchema,
      List<Integer> leftKeys,
      List<Integer> rightKeys,
      int leftTime,
      int rightTime,
      long lowerBound,
      long upperBound,
      Expr condition,
      Schema outputSchema) {
    this(type, leftSchema, rightSchema, leftKeys, rightKeys, leftTime, rightTime, lowerBound, upperBound, condition, outputSchema, minimumDelay(lowerBound, upperBound));
  }

  public IntervalJoinSpec {
    requireNonNull(type, "type is null");
    requireNonNull(leftSchema, "leftSchema is null");
    requireNonNull(rightSchema, "rightSchema is null");
    leftKeys = List.copyOf(requireNonNull(leftKeys, "leftKeys is null"));
    rightKeys = List.copyOf(requireNonNull(rightKeys, "rightKeys is null"));
    requireNonNull(outputSchema, "outputSchema is null");
    if (!type.emitsPairs()) {
      throw new IllegalArgumentException("an interval join is inner, left, right or full, not " + type);
    }
    RegularJoinSpec.checkKeys(leftKeys, rightKeys);
    if (leftTime < 0 || leftTime >= leftSchema.size() || rightTime < 0 || rightTime >= rightSchema.size()) {
      throw new IllegalArgumentException("time columns " + leftTime + " and " + rightTime + " out of range");
    }
    JoinSpecs.checkPairs(leftSchema, rightSchema, outputSchema);
    if (watermarkDelay < minimumDelay(lowerBound, upperBound)) {
      throw new IllegalArgumentException("a watermark delay of " + watermarkDelay + " ms is less than the bounds need");
    }
  }

  @Override
  public Operator create() {
    return new IntervalJoin(this);
  }

  /**
   * The least the output watermark must stay behind the input's: a row is completed (padded, or joined for
   * the last time) at most this long after its own time.
   */
  public static long minimumDelay(long lowerBound, long upperBound) {
    long bound = Math.max(0, Math.max(upperBound, lowerBound == Long.MIN_VALUE ? Long.MAX_VALUE : -lowerBound));
    return bound == Long.MAX_VALUE ? bound : bound + 1; // a row is kept until the watermark passes its last partner's time
  }

  @Override
  public String describe() {
    return "IntervalJoin(type="
        + type.name().toLowerCase(Locale.ROOT)
        + ", leftKeys="
        + leftKeys
        + ", rightKeys="
        + rightKeys
        + ", between=[$"
        + leftTime
        + " + "
        + lowerBound
        + ", $"
        + leftTime
        + " + "
        + upperBound
        + "]"
        + (condition == null ? "" : ", where=[" + condition + "]")
        + ")";
  }
}
