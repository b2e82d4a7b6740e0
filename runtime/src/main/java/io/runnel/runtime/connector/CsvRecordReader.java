package io.runnel.runtime.connector;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records as RFC 4180 defines them: fields separated by commas, records by CRLF or LF, a field
 * in double quotes may hold commas, line breaks and doubled quotes. An unquoted empty field is null; a
 * quoted empty field is the empty string.
 */
final class CsvRecordReader {
  /** One record: its fields (null for an unquoted empty field), first line number, and raw text. */
  record CsvRecord(List<String> fields, long line, String raw, String error) {}

  private final Reader in;
  private long line = 1;
  private int peeked = -2;

  CsvRecordReader(Reader in) {
    this.in = in;
  }

  private int read() throws IOException {
    if (peeked != -2) {
      int c = peeked;
      peeked = -2;
      return c;
    }
    return in.read();
  }

  private int peek() throws IOException {
    if (peeked == -2) {
      peeked = in.read();
    }
    return peeked;
  }

  /** The next record, or null at the end of input. */
  CsvRecord next() throws IOException {
    int c = peek();
    if (c == -1) {
      return null;
    }
    long start = line;
    StringBuilder raw = new StringBuilder();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean inQuotes = false;
    String error = null;
    while (true) {
      c = read();
      if (c == -1) {
        if (inQuotes) {
          error = "unterminated quoted field";
        }
        break;
      }
      if (inQuotes) {
        if (c == '"') {
          if (peek() == '"') {
            read();
            raw.append("\"\"");
            field.append('"');
            continue;
          }
          inQuotes = false;
          raw.append('"');
          continue;
        }
        if (c == '\n') {
          line++;
        }
        raw.append((char) c);
        field.append((char) c);
        continue;
      }
      if (c == '\r' && peek() == '\n') {
        continue;
      }
      if (c == '\n') {
        line++;
        break;
      }
      raw.append((char) c);
      if (c == ',') {
        fields.add(quoted || field.length() > 0 ? field.toString() : null);
        field.setLength(0);
        quoted = false;
      } else if (c == '"' && field.length() == 0 && !quoted) {
        inQuotes = true;
        quoted = true;
      } else if (quoted) {
        error = error == null ? "text after a closing quote" : error;
      } else {
        field.append((char) c);
      }
    }
    fields.add(quoted || field.length() > 0 ? field.toString() : null);
    return new CsvRecord(fields, start, raw.toString(), error);
  }
}
