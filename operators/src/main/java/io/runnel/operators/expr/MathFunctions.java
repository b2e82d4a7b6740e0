package io.runnel.operators.expr;

import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** ABS, FLOOR, CEIL, ROUND, POWER, SQRT, LN, EXP. */
final class MathFunctions {
  private MathFunctions() {}

  static RowFunction bind(Expr.Call call) {
    TypeKind kind = call.type().kind();
    return switch (call.function()) {
      case ABS -> a -> a[0] instanceof BigDecimal d ? d.abs() : a[0] instanceof Double d ? (Object) Math.abs(d) : (Object) abs(((Number) a[0]).longValue(), call.type());
      case FLOOR -> a -> a[0] instanceof BigDecimal d ? d.setScale(0, RoundingMode.FLOOR).setScale(d.scale()) : a[0] instanceof Double d ? (Object) Math.floor(d) : a[0];
      case CEIL -> a -> a[0] instanceof BigDecimal d ? d.setScale(0, RoundingMode.CEILING).setScale(d.scale()) : a[0] instanceof Double d ? (Object) Math.ceil(d) : a[0];
      case ROUND -> a -> {
        int digits = a.length > 1 ? (int) ((Number) a[1]).longValue() : 0;
        BigDecimal rounded = Functions.toDecimal((Number) a[0]).setScale(digits, RoundingMode.HALF_UP);
        return switch (kind) {
          case DOUBLE -> rounded.doubleValue();
          case DECIMAL -> rounded.setScale(call.type().scale(), RoundingMode.HALF_UP);
          default -> roundedInteger(rounded, a[0], digits, call.type());
        };
      };
      case POWER -> a -> Math.pow(((Number) a[0]).doubleValue(), ((Number) a[1]).doubleValue());
      case SQRT -> a -> Math.sqrt(((Number) a[0]).doubleValue());
      case LN -> a -> {
        double x = ((Number) a[0]).doubleValue();
        if (x <= 0) {
          throw new EvalException("LN of a non-positive number " + x);
        }
        return Math.log(x);
      };
      case EXP -> a -> Math.exp(((Number) a[0]).doubleValue());
      default -> throw new IllegalArgumentException(call.function().name());
    };
  }

  /** An integer ROUND's result, which rounding away from zero can take out of the type's range. */
  private static long roundedInteger(BigDecimal rounded, Object x, int digits, io.runnel.operators.types.DataType type) {
    try {
      return Overflow.fit(rounded.longValueExact(), type);
    } catch (ArithmeticException e) {
      throw new EvalException("integer overflow: the result of rounding " + x + " to " + digits + " digits is out of range for " + type.withNullable(true));
    }
  }

  /** ABS of an integer; ABS of the smallest BIGINT (or INT) has no value of the type. */
  private static long abs(long x, io.runnel.operators.types.DataType type) {
    try {
      return Overflow.abs(x, type);
    } catch (ArithmeticException e) {
      throw new EvalException("integer overflow: ABS(" + x + ") is out of range for " + type.withNullable(true));
    }
  }
}
