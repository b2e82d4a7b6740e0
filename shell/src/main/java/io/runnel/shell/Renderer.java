package io.runnel.shell;

import io.runnel.Change;
import io.runnel.Column;
import io.runnel.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders finished results (rows or changes) in a {@link Format}. Pure functions of their input. Text
 * formats show control characters in the data as escapes ({@link TerminalText#escape}); JSON escapes them
 * its own way.
 */
public final class Renderer {
  private Renderer() {}

  /** Applies changes to a multiset of rows: +I/+U add a row, -U/-D remove one. Order of first insert is kept. */
  public static List<List<Object>> apply(List<Change> changes) {
    Map<List<Object>, Integer> rows = new LinkedHashMap<>();
    for (Change c : changes) {
      if (c.kind().isAccumulate()) {
        rows.merge(c.values(), 1, Integer::sum);
      } else {
        rows.computeIfPresent(c.values(), (k, n) -> n == 1 ? null : n - 1);
      }
    }
    List<List<Object>> out = new ArrayList<>();
    rows.forEach((row, n) -> {
      for (int i = 0; i < n; i++) {
        out.add(row);
      }
    });
    return out;
  }

  /** A query's result in {@code format}: every change for CHANGELOG, the result as it stands otherwise. */
  public static String changes(List<Column> columns, List<Change> changes, Format format) {
    if (format == Format.CHANGELOG) {
      StringBuilder sb = new StringBuilder();
      for (Change c : changes) {
        sb.append(changeLine(c)).append('\n');
      }
      return sb.toString();
    }
    return rows(columns, apply(changes), format);
  }

  public static String changeLine(Change c) {
    StringBuilder sb = new StringBuilder(c.kind().shortString());
    for (Object v : c.values()) {
      sb.append('\t').append(cell(v));
    }
    return sb.toString();
  }

  /** A value as a table or TSV cell shows it. */
  static String cell(Object v) {
    return TerminalText.escape(Values.text(v));
  }

  public static String rows(List<Column> columns, List<List<Object>> rows, Format format) {
    return switch (format) {
      case TABLE -> table(columns, rows);
      case TSV -> tsv(columns, rows);
      case JSON -> json(columns, rows);
      case CHANGELOG -> {
        StringBuilder sb = new StringBuilder();
        for (List<Object> row : rows) {
          sb.append("+I");
          for (Object v : row) {
            sb.append('\t').append(cell(v));
          }
          sb.append('\n');
        }
        yield sb.toString();
      }
    };
  }

  static String tsv(List<Column> columns, List<List<Object>> rows) {
    StringBuilder sb = new StringBuilder(String.join("\t", columns.stream().map(c -> TerminalText.escape(c.name())).toList())).append('\n');
    for (List<Object> row : rows) {
      sb.append(String.join("\t", row.stream().map(Renderer::cell).toList())).append('\n');
    }
    return sb.toString();
  }

  static String json(List<Column> columns, List<List<Object>> rows) {
    StringBuilder sb = new StringBuilder();
    for (List<Object> row : rows) {
      sb.append('{');
      for (int i = 0; i < columns.size(); i++) {
        sb.append(i > 0 ? "," : "").append(Values.quote(columns.get(i).name())).append(':').append(Values.json(row.get(i)));
      }
      sb.append("}\n");
    }
    return sb.toString();
  }

  /** An aligned table with borders, then a row count; widths are in terminal columns. */
  static String table(List<Column> columns, List<List<Object>> rows) {
    List<String> header = columns.stream().map(c -> TerminalText.escape(c.name())).toList();
    List<List<String>> cells = rows.stream().map(row -> row.stream().map(Renderer::cell).toList()).toList();
    int[] widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = TerminalText.width(header.get(i));
    }
    for (List<String> row : cells) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], TerminalText.width(row.get(i)));
      }
    }
    StringBuilder sb = new StringBuilder();
    String border = border(widths);
    sb.append(border).append(line(header, widths)).append(border);
    for (List<String> row : cells) {
      sb.append(line(row, widths));
    }
    if (!rows.isEmpty()) {
      sb.append(border);
    }
    sb.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
    return sb.toString();
  }

  static String border(int[] widths) {
    StringBuilder sb = new StringBuilder("+");
    for (int w : widths) {
      sb.append("-".repeat(w + 2)).append('+');
    }
    return sb.append('\n').toString();
  }

  static String line(List<String> cells, int[] widths) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < widths.length; i++) {
      sb.append(' ').append(TerminalText.pad(cells.get(i), widths[i])).append(" |");
    }
    return sb.append('\n').toString();
  }
}
