package io.runnel.runtime;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A persistent query as the catalog log keeps it: its id, its statement, the session options it was
 * planned with, and where it began to read each partition of the streams it reads (none: from their
 * start). Encoded as one entry, {@code QUERY <id>}, then the options a line each, then {@code start
 * <rows>,<rows>,... <stream>} lines, then an empty line and the statement.
 */
record StoredQuery(String id, String sql, SessionOptions options, Map<String, long[]> start) {
  static final String PREFIX = "QUERY ";
  private static final String START = "start ";

  StoredQuery {
    requireNonNull(id, "id is null");
    requireNonNull(sql, "sql is null");
    requireNonNull(options, "options is null");
    start = Map.copyOf(start);
  }

  /** The row of {@code partition} of {@code relation} the query began at: 0 when it reads from the start. */
  long startRow(String relation, int partition) {
    long[] rows = start.get(relation);
    return rows == null || partition >= rows.length ? 0 : rows[partition];
  }

  String encode() {
    StringBuilder sb = new StringBuilder(PREFIX).append(id).append('\n').append(options.encode());
    start.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(START).append(String.join(",", Arrays.stream(e.getValue()).mapToObj(Long::toString).toList())).append(' ').append(e.getKey()).append('\n'));
    return sb.append('\n').append(sql).toString();
  }

  static StoredQuery decode(String entry) {
    int blank = entry.indexOf("\n\n");
    if (!entry.startsWith(PREFIX) || blank < 0) {
      throw new IllegalArgumentException("not a stored query: " + entry);
    }
    List<String> lines = List.of(entry.substring(0, blank).split("\n"));
    String id = lines.get(0).substring(PREFIX.length()).trim();
    List<String> options = new ArrayList<>();
    Map<String, long[]> start = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.startsWith(START)) {
        String rest = line.substring(START.length());
        int space = rest.indexOf(' ');
        long[] rows = Arrays.stream(rest.substring(0, space).split(",")).mapToLong(Long::parseLong).toArray();
        start.put(rest.substring(space + 1), rows);
      } else {
        options.add(line);
      }
    }
    return new StoredQuery(id, entry.substring(blank + 2), SessionOptions.decode(options), start);
  }
}
