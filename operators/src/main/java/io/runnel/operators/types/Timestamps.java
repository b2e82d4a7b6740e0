package io.runnel.operators.types;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * The one text form of TIMESTAMP values, read the same way in literals, casts, files and the API:
 * {@code yyyy-MM-dd[( |T)HH:mm[:ss[.S[S[S]]]]]}, epoch milliseconds read as UTC wall-clock time; written
 * as {@code yyyy-MM-dd HH:mm:ss.SSS}.
 */
public final class Timestamps {
  private static final DateTimeFormatter PARSER =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendPattern("HH:mm[:ss]")
          .optionalStart()
          .appendFraction(ChronoField.MILLI_OF_SECOND, 1, 3, true)
          .optionalEnd()
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .toFormatter()
          // strict: 2024-02-30 is an error, not 2024-02-29 (the default resolver's choice)
          .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private Timestamps() {}

  /** Epoch milliseconds of {@code text} (surrounding spaces ignored). */
  public static long parse(String text) throws DateTimeParseException {
    return LocalDateTime.parse(text.trim(), PARSER).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /**
   * Days since the epoch of {@code text}, {@code yyyy-MM-dd} (surrounding spaces ignored); a day the month
   * does not have, such as 2024-02-30, does not parse.
   */
  public static long parseDate(String text) throws DateTimeParseException {
    return LocalDate.parse(text.trim(), DateTimeFormatter.ISO_LOCAL_DATE).toEpochDay();
  }

  public static LocalDateTime toLocalDateTime(long millis) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
  }

  public static String format(long millis) {
    return FORMAT.format(toLocalDateTime(millis));
  }
}
