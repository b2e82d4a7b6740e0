package io.runnel.tests.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Rows written as a CSV file the way Runnel's file connector reads one (RFC 4180): an unquoted empty field
 * is NULL, a string is always quoted (so '' stays an empty string), a timestamp is {@code yyyy-MM-dd
 * HH:mm:ss.SSS}, a number is its Java text.
 */
final class CsvFiles {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private CsvFiles() {}

  /** Writes {@code rows} to {@code file}, one line per row; values are null, numbers, Strings or {@link LocalDateTime}s. */
  static void write(Path file, List<? extends List<?>> rows) throws IOException {
    StringBuilder csv = new StringBuilder();
    for (List<?> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          csv.append(',');
        }
        Object value = row.get(i);
        if (value instanceof String s) {
          csv.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else if (value instanceof LocalDateTime t) {
          csv.append(t.format(TIME));
        } else if (value != null) {
          csv.append(value);
        }
      }
      csv.append('\n');
    }
    Files.writeString(file, csv.toString());
  }
}
