package io.runnel.runtime.connector;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.DateTimeException;

/** Text fields of CSV and JSON input as physical column values. */
final class TextValues {
  private TextValues() {}

  static Object parse(String text, DataType type, String column) throws RowParseException {
    String t = text.trim();
    try {
      return switch (type.kind()) {
        case BOOLEAN -> {
          if (t.equalsIgnoreCase("true")) {
            yield 1L;
          }
          if (t.equalsIgnoreCase("false")) {
            yield 0L;
          }
          throw bad(text, type, column);
        }
        case INT -> {
          long v = Long.parseLong(t);
          if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new RowParseException("column '" + column + "': " + t + " is out of range for INT");
          }
          yield v;
        }
        case BIGINT -> Long.parseLong(t);
        case DOUBLE -> Double.parseDouble(t);
        case DECIMAL -> decimal(new BigDecimal(t), type, column);
        case VARCHAR -> text;
        case TIMESTAMP, TIMESTAMP_LTZ -> Timestamps.parse(t);
        case DATE -> LocalDate.parse(t).toEpochDay();
        case INTERVAL, ROW, NULL -> throw new RowParseException("column '" + column + "': " + type + " cannot be read from text");
      };
    } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
      throw bad(text, type, column);
    }
  }

  static BigDecimal decimal(BigDecimal d, DataType type, String column) throws RowParseException {
    BigDecimal scaled = d.setScale(type.scale(), RoundingMode.HALF_UP);
    if (scaled.precision() > type.precision()) {
      throw new RowParseException("column '" + column + "': " + d + " does not fit " + type.withNullable(true));
    }
    return scaled;
  }

  static RowParseException bad(String text, DataType type, String column) {
    return new RowParseException("column '" + column + "': '" + text + "' is not a " + type.withNullable(true));
  }
}
