package io.runnel.operators.expr;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/** Binds the strict functions, applied row by row to non-NULL boxed operands. */
final class Functions {
  private Functions() {}

  static RowFunction bind(Expr.Call call) {
    List<Expr> ops = call.operands();
    DataType type = call.type();
    return switch (call.function()) {
      case PLUS, MINUS, TIMES, DIVIDE, MOD -> arithmetic(call.function(), type);
      case NEGATE -> args -> negate(args[0], type);
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL ->
          args -> VectorMath.test(call.function(), compare(args[0], args[1])) ? 1L : 0L;
      case CAST -> Casts.bind(ops.get(0).type(), type);
      case LIKE, SIMILAR_TO, LOWER, UPPER, CHAR_LENGTH, SUBSTRING, CONCAT, TRIM, POSITION, REPLACE, REGEXP_EXTRACT, SPLIT_INDEX ->
          Strings.bind(call);
      case ABS, FLOOR, CEIL, ROUND, POWER, SQRT, LN, EXP -> MathFunctions.bind(call);
      case DATE_FORMAT, YEAR, MONTH, DAYOFMONTH, HOUR, MINUTE, SECOND, TIMESTAMP_FLOOR -> Times.bind(call);
      case ROW -> args -> args.clone();
      case FIELD -> args -> ((Object[]) args[0])[(int) ((Number) args[1]).longValue()];
      case AND, OR, NOT, IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE, CASE, COALESCE,
          IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM ->
          throw new IllegalStateException(call.function() + " is evaluated by Logic");
      case USER -> args -> {
        try {
          return call.user().apply(args);
        } catch (EvalException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new EvalException(String.valueOf(e.getMessage()));
        }
      };
      case PROCTIME -> throw new IllegalStateException("PROCTIME() is evaluated by ExprCompiler, with the clock");
    };
  }

  /** Compares two non-null values of one type (numbers of different boxes are compared numerically). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
      return toDecimal(x).compareTo(toDecimal(y));
    }
    return ((Comparable) a).compareTo(b);
  }

  static BigDecimal toDecimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof Double || n instanceof Float) {
      return BigDecimal.valueOf(n.doubleValue());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  private static Object negate(Object v, DataType type) {
    if (v instanceof BigDecimal d) {
      return d.negate();
    }
    if (v instanceof Double d) {
      return -d;
    }
    long x = ((Number) v).longValue();
    try {
      return Overflow.negate(x, type);
    } catch (ArithmeticException e) {
      throw new EvalException("integer overflow: -(" + x + ") is out of range for " + type.withNullable(true));
    }
  }

  private static RowFunction arithmetic(io.runnel.operators.expr.Function f, DataType type) {
    return switch (type.kind()) {
      case DECIMAL -> args -> {
        BigDecimal a = toDecimal((Number) args[0]);
        BigDecimal b = toDecimal((Number) args[1]);
        BigDecimal r =
            switch (f) {
              case PLUS -> a.add(b);
              case MINUS -> a.subtract(b);
              case TIMES -> a.multiply(b);
              case DIVIDE -> {
                if (b.signum() == 0) {
                  throw new EvalException("division by zero");
                }
                yield a.divide(b, MathContext.DECIMAL128);
              }
              default -> {
                if (b.signum() == 0) {
                  throw new EvalException("division by zero");
                }
                yield a.remainder(b);
              }
            };
        r = r.setScale(type.scale(), RoundingMode.HALF_UP);
        if (type.precision() > 0 && r.precision() > type.precision()) {
          throw new EvalException("value " + r + " overflows " + type.withNullable(true));
        }
        return r;
      };
      case DOUBLE -> args -> {
        double a = ((Number) args[0]).doubleValue();
        double b = ((Number) args[1]).doubleValue();
        return switch (f) {
          case PLUS -> a + b;
          case MINUS -> a - b;
          case TIMES -> a * b;
          case DIVIDE -> a / b;
          default -> a % b;
        };
      };
      default -> args -> {
        long a = ((Number) args[0]).longValue();
        long b = ((Number) args[1]).longValue();
        if (b == 0 && (f == io.runnel.operators.expr.Function.DIVIDE || f == io.runnel.operators.expr.Function.MOD)) {
          throw new EvalException("division by zero");
        }
        try {
          return Overflow.exact(f, a, b, type);
        } catch (ArithmeticException e) {
          throw new EvalException(Overflow.reason(f, a, b, type));
        }
      };
    };
  }
}
