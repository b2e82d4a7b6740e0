package io.runnel.runtime.connector;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads CSV records as RFC 4180 defines them: fields separated by commas, records by CRLF or LF, a field
 * in double quotes may hold commas, line breaks and doubled quotes. An unquoted empty field is null; a
 * quoted empty field is the empty string.
 *
 * <p>Records are read from the lines of a {@link LineReader}, so a line that cannot be read spoils only
 * itself. A quoted field that spans lines must close before the end of the input, before a line that
 * cannot be read, and within the line limit in all; otherwise (a stray quote, most likely) only the
 * record's first line is reported and reading goes on from its second, so a stray quote costs one line,
 * not the rest of the file.
 */
final class CsvRecordReader {
  /**
   * One record: its fields (null for an unquoted empty field; the list is null when the record could not
   * be read), first line number, raw text (cut when it is long), and why it is malformed, or null.
   */
  record CsvRecord(List<String> fields, long line, String raw, String error) {}

  private final LineReader lines;
  private final long maxBytes;
  /** Lines read ahead for a quoted field that did not close: they are read again, as records of their own. */
  private final Deque<LineReader.Line> again = new ArrayDeque<>();

  /** Reads the lines of {@code lines}; a record spanning lines may hold at most {@code maxBytes} bytes. */
  CsvRecordReader(LineReader lines, long maxBytes) {
    this.lines = lines;
    this.maxBytes = maxBytes;
  }

  private LineReader.Line line() throws IOException {
    return again.isEmpty() ? lines.next() : again.pollFirst();
  }

  /** The next record, or null at the end of input. */
  CsvRecord next() throws IOException {
    LineReader.Line first = line();
    if (first == null) {
      return null;
    }
    if (first.bad()) {
      return new CsvRecord(null, first.number(), first.raw(), first.error());
    }
    Fields fields = new Fields();
    fields.feed(first.text());
    if (!fields.inQuotes) {
      return fields.record(first.number(), first.text());
    }
    List<LineReader.Line> more = new ArrayList<>();
    StringBuilder raw = new StringBuilder(first.text());
    long bytes = first.bytes();
    LineReader.Line previous = first;
    while (fields.inQuotes) {
      LineReader.Line next = line();
      if (next != null) {
        more.add(next);
        bytes += next.bytes() + 1;
      }
      if (next == null || next.bad() || bytes > maxBytes) {
        return readAgain(more, first);
      }
      String lineEnd = previous.crlf() ? "\r\n" : "\n";
      raw.append(lineEnd).append(next.text());
      fields.feed(lineEnd);
      fields.feed(next.text());
      previous = next;
    }
    CsvRecord record = fields.record(first.number(), raw.toString());
    // a malformed record spanning lines most likely began with a stray quote: blame its first line only
    return record.error() == null ? record : readAgain(more, first);
  }

  /** Reports the first line of a record spanning lines that is malformed; its other lines are read again. */
  private CsvRecord readAgain(List<LineReader.Line> more, LineReader.Line first) {
    for (int i = more.size() - 1; i >= 0; i--) {
      again.addFirst(more.get(i));
    }
    return new CsvRecord(null, first.number(), InputText.cut(first.text()), "unterminated quoted field");
  }

  /** The fields of one record, as its text is fed in, line by line. */
  private static final class Fields {
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private boolean quoted;
    private boolean inQuotes;
    private String error;

    void feed(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (inQuotes) {
          if (c != '"') {
            field.append(c);
          } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            inQuotes = false;
          }
        } else if (c == ',') {
          fields.add(quoted || field.length() > 0 ? field.toString() : null);
          field.setLength(0);
          quoted = false;
        } else if (c == '"' && field.length() == 0 && !quoted) {
          inQuotes = true;
          quoted = true;
        } else if (quoted) {
          error = error == null ? "text after a closing quote" : error;
        } else {
          field.append(c);
        }
      }
    }

    CsvRecord record(long line, String raw) {
      fields.add(quoted || field.length() > 0 ? field.toString() : null);
      return new CsvRecord(error == null ? fields : null, line, InputText.cut(raw), error);
    }
  }
}
