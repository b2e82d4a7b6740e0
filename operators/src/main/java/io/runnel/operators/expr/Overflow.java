package io.runnel.operators.expr;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;

/**
 * Exact integer arithmetic: a result that does not fit its type (BIGINT, or INT held as a long) is an
 * {@link ArithmeticException}, never a wrapped number. The vectorized loops detect overflow cheaply and
 * come here for the rows of a batch where one happened.
 */
final class Overflow {
  private Overflow() {}

  /** {@code x f y} for PLUS, MINUS, TIMES, DIVIDE or MOD (a divisor of 0 is the caller's to rule out). */
  static long exact(io.runnel.operators.expr.Function f, long x, long y, DataType type) {
    long r =
        switch (f) {
          case PLUS -> Math.addExact(x, y);
          case MINUS -> Math.subtractExact(x, y);
          case TIMES -> Math.multiplyExact(x, y);
          case DIVIDE -> {
            if (x == Long.MIN_VALUE && y == -1) {
              throw new ArithmeticException("integer overflow");
            }
            yield x / y;
          }
          default -> x % y;
        };
    return fit(r, type);
  }

  static long negate(long x, DataType type) {
    return fit(Math.negateExact(x), type);
  }

  static long abs(long x, DataType type) {
    return fit(Math.absExact(x), type);
  }

  /** {@code r} itself, if the type holds it. */
  static long fit(long r, DataType type) {
    if (type.kind() == TypeKind.INT && r != (int) r) {
      throw new ArithmeticException("integer overflow");
    }
    return r;
  }

  /** The reason written to the error sink for a row whose {@code x f y} overflows. */
  static String reason(io.runnel.operators.expr.Function f, long x, long y, DataType type) {
    String op =
        switch (f) {
          case PLUS -> " + ";
          case MINUS -> " - ";
          case TIMES -> " * ";
          case DIVIDE -> " / ";
          default -> " % ";
        };
    return "integer overflow: " + x + op + y + " is out of range for " + type.withNullable(true);
  }
}
