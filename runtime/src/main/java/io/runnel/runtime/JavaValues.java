package io.runnel.runtime;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Timestamps;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the values users see (see {@link io.runnel.Change#values()}) and the physical values
 * batches hold (see {@link io.runnel.operators.types.TypeKind}).
 */
public final class JavaValues {
  private JavaValues() {}

  /** A physical value as the user sees it. */
  public static Object toJava(Object physical, DataType type) {
    if (physical == null) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> ((Number) physical).longValue() != 0;
      case INT -> (int) ((Number) physical).longValue();
      case BIGINT -> ((Number) physical).longValue();
      case DOUBLE -> ((Number) physical).doubleValue();
      case DECIMAL, VARCHAR -> physical;
      case TIMESTAMP -> Timestamps.toLocalDateTime(((Number) physical).longValue());
      case TIMESTAMP_LTZ -> Instant.ofEpochMilli(((Number) physical).longValue());
      case DATE -> LocalDate.ofEpochDay(((Number) physical).longValue());
      case INTERVAL -> Duration.ofMillis(((Number) physical).longValue());
      case ROW -> {
        Object[] row = (Object[]) physical;
        List<Object> values = new ArrayList<>(row.length);
        for (int i = 0; i < row.length; i++) {
          values.add(toJava(row[i], type.fields().get(i).type()));
        }
        yield java.util.Collections.unmodifiableList(values);
      }
      case NULL -> null;
    };
  }

  /**
   * A user's value as a physical value of {@code type}; exact conversions only (an Integer for a BIGINT, a
   * String for a TIMESTAMP in the usual form). {@code column} names the column in errors.
   */
  public static Object toPhysical(Object value, DataType type, String column) {
    if (value == null) {
      if (!type.nullable()) {
        throw RunnelException.user(ErrorCode.INVALID_INPUT, null, "Column '" + column + "' is NOT NULL");
      }
      return null;
    }
    try {
      return switch (type.kind()) {
        case BOOLEAN -> {
          if (value instanceof Boolean b) {
            yield b ? 1L : 0L;
          }
          if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            yield s.equalsIgnoreCase("true") ? 1L : 0L;
          }
          throw mismatch(value, type, column);
        }
        case INT -> {
          long v = integral(value, type, column);
          if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw RunnelException.user(ErrorCode.INVALID_INPUT, null, "Value " + v + " is out of range for INT column '" + column + "'");
          }
          yield v;
        }
        case BIGINT -> integral(value, type, column);
        case DOUBLE -> {
          if (value instanceof Number n) {
            yield n.doubleValue();
          }
          if (value instanceof String s) {
            yield Double.parseDouble(s.trim());
          }
          throw mismatch(value, type, column);
        }
        case DECIMAL -> {
          BigDecimal d =
              value instanceof BigDecimal b ? b
                  : value instanceof Double || value instanceof Float ? BigDecimal.valueOf(((Number) value).doubleValue())
                  : value instanceof Number n ? BigDecimal.valueOf(n.longValue())
                  : value instanceof String s ? new BigDecimal(s.trim())
                  : null;
          if (d == null) {
            throw mismatch(value, type, column);
          }
          BigDecimal scaled = d.setScale(type.scale(), RoundingMode.HALF_UP);
          if (scaled.precision() > type.precision()) {
            throw RunnelException.user(ErrorCode.INVALID_INPUT, null, "Value " + d + " does not fit " + type.withNullable(true) + " column '" + column + "'");
          }
          yield scaled;
        }
        case VARCHAR -> value instanceof String ? value : value.toString();
        case TIMESTAMP, TIMESTAMP_LTZ -> {
          if (value instanceof LocalDateTime t) {
            yield t.toInstant(ZoneOffset.UTC).toEpochMilli();
          }
          if (value instanceof Instant i) {
            yield i.toEpochMilli();
          }
          if (value instanceof Long l) {
            yield l;
          }
          if (value instanceof String s) {
            yield Timestamps.parse(s);
          }
          throw mismatch(value, type, column);
        }
        case DATE -> {
          if (value instanceof LocalDate d) {
            yield d.toEpochDay();
          }
          if (value instanceof String s) {
            yield Timestamps.parseDate(s);
          }
          throw mismatch(value, type, column);
        }
        case INTERVAL -> {
          if (value instanceof Duration d) {
            yield d.toMillis();
          }
          throw mismatch(value, type, column);
        }
        case ROW -> {
          if (!(value instanceof List<?> list) || list.size() != type.fields().size()) {
            throw mismatch(value, type, column);
          }
          Object[] row = new Object[list.size()];
          for (int i = 0; i < row.length; i++) {
            DataType.Field f = type.fields().get(i);
            row[i] = toPhysical(list.get(i), f.type(), column + "." + f.name());
          }
          yield row;
        }
        case NULL -> throw mismatch(value, type, column);
      };
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw mismatch(value, type, column);
    }
  }

  private static long integral(Object value, DataType type, String column) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        throw mismatch(value, type, column);
      }
    }
    if (value instanceof String s) {
      return Long.parseLong(s.trim());
    }
    throw mismatch(value, type, column);
  }

  private static RunnelException mismatch(Object value, DataType type, String column) {
    return RunnelException.user(
        ErrorCode.INVALID_INPUT,
        null,
        "Value '" + value + "' (" + value.getClass().getSimpleName() + ") is not a valid " + type.withNullable(true) + " for column '" + column + "'");
  }
}
