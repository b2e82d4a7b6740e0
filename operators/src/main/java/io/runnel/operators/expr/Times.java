package io.runnel.operators.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Date and time functions; TIMESTAMP values are epoch milliseconds read as UTC wall-clock time. */
final class Times {
  private Times() {}

  static RowFunction bind(Expr.Call call) {
    boolean date = call.operands().get(0).type().kind() == io.runnel.operators.types.TypeKind.DATE;
    return switch (call.function()) {
      case DATE_FORMAT -> new DateFormat(date)::format;
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

  /**
   * DATE_FORMAT for one call site (one thread). Rows mostly arrive in time order, and a pattern only shows
   * time down to its finest field: a date-only pattern gives the same text for a whole day. So the last
   * text is kept with the time bucket it stands for, and a row in the same bucket reuses it.
   */
  private static final class DateFormat {
    private final boolean date;
    private String pattern;
    private DateTimeFormatter formatter;
    private long unit;
    private long lastBucket;
    private String lastText;

    DateFormat(boolean date) {
      this.date = date;
    }

    Object format(Object[] a) {
      String p = (String) a[1];
      if (!p.equals(pattern)) {
        try {
          formatter = DateTimeFormatter.ofPattern(p);
        } catch (IllegalArgumentException e) {
          throw new EvalException("invalid date format '" + p + "'");
        }
        pattern = p;
        unit = date ? 1 : finestField(p);
        lastText = null;
      }
      long bucket = Math.floorDiv(((Number) a[0]).longValue(), unit);
      if (lastText == null || bucket != lastBucket) {
        lastText = formatter.format(dateTime(a[0], date));
        lastBucket = bucket;
      }
      return lastText;
    }

    /** Milliseconds in the finest field the pattern prints (letters outside quotes). */
    static long finestField(String pattern) {
      long unit = 86_400_000L;
      boolean quoted = false;
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '\'') {
          quoted = !quoted;
        } else if (!quoted && Character.isLetter(c)) {
          long u =
              switch (c) {
                case 'y', 'u', 'Y', 'G', 'Q', 'q', 'M', 'L', 'w', 'W', 'd', 'D', 'E', 'e', 'c', 'F', 'g' -> 86_400_000L;
                case 'H', 'h', 'k', 'K', 'a', 'B' -> 3_600_000L;
                case 'm' -> 60_000L;
                case 's' -> 1_000L;
                default -> 1L; // fractions of a second, or a letter that needs the exact time
              };
          unit = Math.min(unit, u);
        }
      }
      return unit;
    }
  }

  static LocalDateTime dateTime(Object value, boolean date) {
    long v = ((Number) value).longValue();
    if (date) {
      return LocalDate.ofEpochDay(v).atStartOfDay();
    }
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(v), ZoneOffset.UTC);
  }
}
