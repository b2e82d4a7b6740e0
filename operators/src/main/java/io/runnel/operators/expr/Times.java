package io.runnel.operators.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Date and time functions; TIMESTAMP values are epoch milliseconds read as UTC wall-clock time. */
final class Times {
  private Times() {}

  static RowFunction bind(Expr.Call call) {
    boolean date = call.operands().get(0).type().kind() == io.runnel.operators.types.TypeKind.DATE;
    return switch (call.function()) {
      case DATE_FORMAT -> {
        Map<String, DateTimeFormatter> cache = new ConcurrentHashMap<>();
        yield a -> {
          DateTimeFormatter f;
          try {
            f = cache.computeIfAbsent((String) a[1], DateTimeFormatter::ofPattern);
          } catch (IllegalArgumentException e) {
            throw new EvalException("invalid date format '" + a[1] + "'");
          }
          return f.format(dateTime(a[0], date));
        };
      }
      case YEAR -> a -> (long) dateTime(a[0], date).getYear();
      case MONTH -> a -> (long) dateTime(a[0], date).getMonthValue();
      case DAYOFMONTH -> a -> (long) dateTime(a[0], date).getDayOfMonth();
      case HOUR -> a -> (long) dateTime(a[0], date).getHour();
      case MINUTE -> a -> (long) dateTime(a[0], date).getMinute();
      case SECOND -> a -> (long) dateTime(a[0], date).getSecond();
      case TIMESTAMP_FLOOR -> a -> {
        LocalDateTime t = dateTime(a[0], date);
        LocalDateTime floored =
            switch (((String) a[1]).toUpperCase(java.util.Locale.ROOT)) {
              case "SECOND" -> t.truncatedTo(ChronoUnit.SECONDS);
              case "MINUTE" -> t.truncatedTo(ChronoUnit.MINUTES);
              case "HOUR" -> t.truncatedTo(ChronoUnit.HOURS);
              case "DAY" -> t.truncatedTo(ChronoUnit.DAYS);
              case "MONTH" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
              case "YEAR" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
              default -> throw new EvalException("unknown time unit '" + a[1] + "'");
            };
        return floored.toInstant(ZoneOffset.UTC).toEpochMilli();
      };
      default -> throw new IllegalArgumentException(call.function().name());
    };
  }

  static LocalDateTime dateTime(Object value, boolean date) {
    long v = ((Number) value).longValue();
    if (date) {
      return LocalDate.ofEpochDay(v).atStartOfDay();
    }
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(v), ZoneOffset.UTC);
  }
}
