package io.runnel.shell;

import java.util.Locale;

/** How results print: an aligned table, tab-separated values, JSON lines, or every change. */
public enum Format {
  TABLE,
  TSV,
  JSON,
  CHANGELOG;

  public static Format parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown format '" + text + "': use table, tsv, json or changelog");
    }
  }
}
