package io.runnel.operators.agg;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.math.BigInteger;

/**
 * A sum of longs kept exactly as two longs: {@code low}, the sum wrapped as Java's long arithmetic wraps it,
 * and {@code carry}, how many times it wrapped (up: +1, down: -1), so that the sum is {@code low + carry *
 * 2^64}. Counting the wraps costs a few bit operations and no branch per value, and a sum that overflows
 * for a while and comes back (through retractions) is right again. SUM of a group whose exact sum does not
 * fit its type has no value: {@link #sum} throws, and the aggregation reports the group (see {@link
 * Aggregation#result}); AVG, always within its type's range, is computed from the exact sum.
 */
public final class WideSum {
  private WideSum() {}

  /** The change of carry when {@code v} is added to {@code s}, giving {@code r = s + v}. */
  public static long addCarry(long s, long v, long r) {
    return (((s ^ r) & (v ^ r)) >> 63) & ((v >> 63) | 1);
  }

  /** The change of carry when {@code v} is taken from {@code s}, giving {@code r = s - v}. */
  static long subtractCarry(long s, long v, long r) {
    return -((((s ^ v) & (s ^ r)) >> 63) & ((v >> 63) | 1));
  }

  /** The sum as a value of {@code type} (INT, BIGINT or INTERVAL); ArithmeticException when it does not fit. */
  public static long sum(long low, long carry, DataType type) {
    if (carry != 0 || (type.kind() == TypeKind.INT && low != (int) low)) {
      throw new ArithmeticException("integer overflow: SUM " + exact(low, carry) + " is out of range for " + type.withNullable(true));
    }
    return low;
  }

  /** The sum divided by {@code count}, truncated toward zero, as Java's long division does. */
  public static long average(long low, long carry, long count) {
    if (carry == 0) {
      return low / count;
    }
    return exact(low, carry).divide(BigInteger.valueOf(count)).longValueExact();
  }

  private static BigInteger exact(long low, long carry) {
    return BigInteger.valueOf(carry).shiftLeft(64).add(BigInteger.valueOf(low));
  }
}
