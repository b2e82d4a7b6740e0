package io.runnel.tests.sqlt;

import io.runnel.Change;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** A change as {@code .sqlt} files write it: {@code +I[1, abc, NULL, 2020-01-01 00:00:00.000]}. */
final class ChangeText {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private ChangeText() {}

  static String format(Change c) {
    return c.kind().shortString() + "[" + c.values().stream().map(ChangeText::value).collect(Collectors.joining(", ")) + "]";
  }

  static String value(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof LocalDateTime t) {
      return TS.format(t);
    }
    if (v instanceof Instant i) {
      return TS.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }
    if (v instanceof List<?> l) {
      return "(" + l.stream().map(ChangeText::value).collect(Collectors.joining(", ")) + ")";
    }
    if (v instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    }
    return v.toString();
  }
}
