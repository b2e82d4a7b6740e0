package io.runnel;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How one value of a result prints, as text (NULL, timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS}, rows as
 * {@code (a, b)}) and as JSON (numbers and booleans as themselves, rows as arrays, the rest as their text).
 */
public final class Values {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private Values() {}

  public static String text(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof LocalDateTime t) {
      return TIMESTAMP.format(t);
    }
    if (v instanceof Instant i) {
      return TIMESTAMP.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof List<?> l) {
      return "(" + l.stream().map(Values::text).collect(Collectors.joining(", ")) + ")";
    }
    if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    return v.toString();
  }

  /** The value as a JSON value. */
  public static String json(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return quote(d.toString()); // JSON has no NaN or Infinity
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    }
    if (v instanceof List<?> l) {
      return "[" + l.stream().map(Values::json).collect(Collectors.joining(",")) + "]";
    }
    return quote(text(v));
  }

  /** {@code s} as a JSON string. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
