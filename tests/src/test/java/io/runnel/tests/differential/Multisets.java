package io.runnel.tests.differential;

import io.runnel.Change;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;

/**
 * Results compared as multisets of rows (row -> how often), the way Runnel's final result (changes applied)
 * and Calcite's batch result are compared: values normalized, rows read from either side, differences
 * listed for a readable failure.
 */
public final class Multisets {
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

  private Multisets() {}

  /**
   * A value as compared: numbers of any type as {@link BigDecimal} without trailing fractional zeros
   * (scale 0 for whole numbers), timestamps as UTC {@link LocalDateTime}, everything else (String, null)
   * unchanged.
   */
  public static Object normalize(Object value) {
    if (value instanceof BigDecimal d) {
      BigDecimal stripped = d.stripTrailingZeros();
      return stripped.scale() < 0 ? stripped.setScale(0) : stripped; // 20, not 2E+1
    }
    if (value instanceof Double || value instanceof Float) {
      return normalize(BigDecimal.valueOf(((Number) value).doubleValue()));
    }
    if (value instanceof Number n) {
      return normalize(BigDecimal.valueOf(n.longValue()));
    }
    if (value instanceof Timestamp t) {
      throw new IllegalArgumentException("convert " + t + " with an explicit time zone first");
    }
    return value;
  }

  /** Applies one change of a Runnel result to {@code result}; a row retracted more often than added keeps a negative count. */
  public static void apply(Map<List<Object>, Integer> result, Change change) {
    List<Object> row = change.values().stream().map(Multisets::normalize).collect(Collectors.toList());
    result.merge(row, change.kind().isAccumulate() ? 1 : -1, Integer::sum);
    result.remove(row, 0);
  }

  /** The rows of a Calcite result set, normalized. */
  public static Map<List<Object>, Integer> read(ResultSet rs) throws SQLException {
    Map<List<Object>, Integer> result = new HashMap<>();
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        Object value;
        if (meta.getColumnType(i) == Types.TIMESTAMP) {
          // Calcite's internal TIMESTAMP is millis since the epoch of a zone-less local time; read with a
          // UTC calendar (and a UTC connection) it comes back as that same instant.
          Timestamp t = rs.getTimestamp(i, (Calendar) UTC.clone());
          value = t == null ? null : LocalDateTime.ofInstant(Instant.ofEpochMilli(t.getTime()), ZoneOffset.UTC);
        } else {
          value = rs.getObject(i);
        }
        row.add(normalize(value));
      }
      result.merge(row, 1, Integer::sum);
    }
    return result;
  }

  /** The rows one side has more often than the other, at most 20 of each, for a readable failure. */
  public static String difference(Map<List<Object>, Integer> expected, Map<List<Object>, Integer> actual) {
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    for (var e : expected.entrySet()) {
      int n = e.getValue() - actual.getOrDefault(e.getKey(), 0);
      if (n > 0) {
        missing.add(n + "x " + e.getKey());
      }
    }
    for (var e : actual.entrySet()) {
      int n = e.getValue() - expected.getOrDefault(e.getKey(), 0);
      if (n > 0 || e.getValue() < 0) {
        extra.add((e.getValue() < 0 ? "count " + e.getValue() + " " : n + "x ") + e.getKey());
      }
    }
    return "expected (Calcite) " + expected.size() + " distinct rows, actual (Runnel) " + actual.size()
        + "\nonly in Calcite's result (" + missing.size() + "): " + missing.stream().sorted().limit(20).toList()
        + "\nonly in Runnel's result (" + extra.size() + "): " + extra.stream().sorted().limit(20).toList();
  }
}
