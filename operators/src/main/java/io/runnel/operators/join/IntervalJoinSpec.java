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
 * time), which keeps both time columns of every row emitted ahead of the output watermark: both may serve
 * as event time downstream. More where a time column is a window's end, whose rows belong to the
 * millisecond before it.
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
   * The least the output watermark must stay behind the input's, {@code max(upperBound, -lowerBound, 0) + 1}: a
   * row is completed (padded, or joined for the last time) at most this long after its own time. It keeps
   * the left time ({@code lt}) and the right time ({@code rt}) of every row the join emits above the output
   * watermark already forwarded, which is {@code W - delay} for the last input watermark {@code W} the join
   * took (or less). A row emitted carries the times of a row that comes and of rows the join holds (a pair
   * as its second row comes; a padded row as it comes, or when the watermark frees it, before that watermark
   * is forwarded), and:
   *
   * <ul>
   *   <li>a row that comes is not behind {@code W} (one at {@code W}'s own time is still joined in time; one
   *       behind it came late to the query, and its own time is late downstream too);
   *   <li>a left row is held while {@code W < lt + upperBound + 1}: {@code lt >= W - upperBound > W - delay}, as
   *       {@code delay > upperBound};
   *   <li>a right row is held while {@code W < rt - lowerBound + 1}: {@code rt >= W + lowerBound > W - delay}, as
   *       {@code delay > -lowerBound}.
   * </ul>
   *
   * The left time alone would need {@code upperBound + 1}, the right time alone {@code 1 - lowerBound}: the
   * larger serves both. Each is needed, to the millisecond: a held row on its last bound meets a row at
   * {@code W}'s own time.
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
