package io.runnel.parser;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in options: a whole number with an optional unit, {@code 500 ms}, {@code 5 s}, {@code 2 min},
 * {@code 1 h}, {@code 7 d}.
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|sec|second|seconds|min|minute|minutes|h|hour|hours|d|day|days)?");

  private Durations() {}

  /** Milliseconds, or -1 when {@code text} is not a duration. A number without a unit is milliseconds. */
  public static long parseMillis(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return -1;
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    long unitMillis =
        switch (unit) {
          case "ms" -> 1;
          case "s", "sec", "second", "seconds" -> 1_000;
          case "min", "minute", "minutes" -> 60_000;
          case "d", "day", "days" -> 86_400_000;
          default -> 3_600_000;
        };
    // 12 digits of days do not fit a long
    return amount > Long.MAX_VALUE / unitMillis ? -1 : amount * unitMillis;
  }
}
