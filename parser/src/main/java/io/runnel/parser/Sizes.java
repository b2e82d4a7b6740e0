package io.runnel.parser;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes in options: a whole number with an optional unit, {@code 512 B}, {@code 64 KB}, {@code 10 GB}; units are powers of 1024. */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|kb|mb|gb|tb)?");

  private Sizes() {}

  /** Bytes, or -1 when {@code text} is not a size. A number without a unit is bytes. */
  public static long parseBytes(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return -1;
    }
    long amount = Long.parseLong(m.group(1));
    int shift =
        switch (m.group(2) == null ? "b" : m.group(2)) {
          case "kb" -> 10;
          case "mb" -> 20;
          case "gb" -> 30;
          case "tb" -> 40;
          default -> 0;
        };
    // 12 digits of terabytes do not fit a long
    return amount > (Long.MAX_VALUE >> shift) ? -1 : amount << shift;
  }
}
