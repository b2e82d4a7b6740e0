package io.runnel.operators.expr;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Timestamps;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** CAST between the types; a value that does not convert is an {@link EvalException}. */
final class Casts {
  private Casts() {}

  static RowFunction bind(DataType from, DataType to) {
    TypeKind f = from.kind();
    TypeKind t = to.kind();
    return switch (t) {
      case VARCHAR -> v -> toText(v[0], from);
      case BOOLEAN -> v -> f == TypeKind.VARCHAR ? parseBoolean((String) v[0]) : (Object) (toDecimal(v[0]).signum() != 0 ? 1L : 0L);
      case INT, BIGINT -> v -> toInteger(v[0], f, t);
      case DOUBLE -> v -> f == TypeKind.VARCHAR ? parseDouble((String) v[0]) : (Object) ((Number) v[0]).doubleValue();
      case DECIMAL -> v -> toDecimal(v[0], f, to);
      case TIMESTAMP, TIMESTAMP_LTZ -> v -> switch (f) {
        case VARCHAR -> parseTimestamp((String) v[0]);
        case DATE -> ((Number) v[0]).longValue() * 86_400_000L;
        default -> v[0];
      };
      case DATE -> v -> switch (f) {
        case VARCHAR -> parseDate((String) v[0]);
        case TIMESTAMP, TIMESTAMP_LTZ -> Math.floorDiv(((Number) v[0]).longValue(), 86_400_000L);
        default -> v[0];
      };
      case INTERVAL, ROW, NULL -> v -> v[0];
    };
  }

  static String toText(Object v, DataType from) {
    return switch (from.kind()) {
      case BOOLEAN -> ((Number) v).longValue() != 0 ? "TRUE" : "FALSE";
      case TIMESTAMP, TIMESTAMP_LTZ -> Timestamps.format(((Number) v).longValue());
      case DATE -> LocalDate.ofEpochDay(((Number) v).longValue()).toString();
      case DECIMAL -> ((BigDecimal) v).toPlainString();
      case ROW -> java.util.Arrays.deepToString((Object[]) v);
      default -> v.toString();
    };
  }

  private static Object parseBoolean(String s) {
    String t = s.trim();
    if (t.equalsIgnoreCase("true")) {
      return 1L;
    }
    if (t.equalsIgnoreCase("false")) {
      return 0L;
    }
    throw new EvalException("cannot cast '" + s + "' to BOOLEAN");
  }

  private static Object parseDouble(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new EvalException("cannot cast '" + s + "' to DOUBLE");
    }
  }

  private static BigDecimal toDecimal(Object v) {
    return Functions.toDecimal((Number) v);
  }

  private static Object toInteger(Object v, TypeKind from, TypeKind to) {
    long value;
    if (from == TypeKind.VARCHAR) {
      String s = ((String) v).trim();
      try {
        value = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new EvalException("cannot cast '" + v + "' to " + to);
      }
    } else if (v instanceof Double d) {
      // a double at or beyond 2^63 (or NaN) has no BIGINT: longValue() would give Long.MAX_VALUE (or 0)
      if (!(d >= -0x1p63 && d < 0x1p63)) {
        throw new EvalException("value " + d + " is out of range for " + to);
      }
      value = d.longValue();
    } else if (v instanceof BigDecimal d) {
      try {
        value = d.setScale(0, RoundingMode.DOWN).longValueExact();
      } catch (ArithmeticException e) {
        throw new EvalException("value " + d.toPlainString() + " is out of range for " + to);
      }
    } else {
      value = ((Number) v).longValue();
    }
    if (to == TypeKind.INT && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
      throw new EvalException("value " + value + " is out of range for INT");
    }
    return value;
  }

  private static Object toDecimal(Object v, TypeKind from, DataType to) {
    BigDecimal d;
    if (from == TypeKind.VARCHAR) {
      try {
        d = new BigDecimal(((String) v).trim());
      } catch (NumberFormatException e) {
        throw new EvalException("cannot cast '" + v + "' to " + to.withNullable(true));
      }
    } else {
      d = toDecimal(v);
    }
    BigDecimal r = d.setScale(Math.max(to.scale(), 0), RoundingMode.HALF_UP);
    if (to.precision() > 0 && r.precision() > to.precision()) {
      throw new EvalException("value " + d + " does not fit " + to.withNullable(true));
    }
    return r;
  }

  static long parseTimestamp(String s) {
    try {
      return Timestamps.parse(s);
    } catch (DateTimeParseException e) {
      throw new EvalException("cannot cast '" + s + "' to TIMESTAMP(3)");
    }
  }

  private static long parseDate(String s) {
    try {
      return Timestamps.parseDate(s);
    } catch (DateTimeParseException e) {
      throw new EvalException("cannot cast '" + s + "' to DATE");
    }
  }
}
