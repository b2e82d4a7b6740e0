package io.runnel.tests.differential;

import static java.util.Objects.requireNonNull;

import io.runnel.tests.differential.MatchSyntax.Expr;
import io.runnel.tests.differential.MatchSyntax.Pattern;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One case of {@link MatchRecognizeDifferentialTest}: rows of a stream {@code (k VARCHAR, id BIGINT, x INT, y
 * INT, s VARCHAR, ts TIMESTAMP(3))} in the order of {@code (ts, id)}, and a {@code MATCH_RECOGNIZE} query
 * over them. {@code id} numbers the rows from 1 in that order (the order they are read in).
 *
 * @param name the stream's name
 * @param partitionBy the columns of PARTITION BY ({@code k}, {@code s}), none for one partition
 * @param tieBreak the ORDER BY key after {@code ts}, or null: then no two rows of a partition tie on time
 * @param subsets SUBSET name to its variables
 * @param defines DEFINE, variable to condition, in the order written
 * @param calcite whether Calcite runs the case too (see {@link CalciteMatches})
 * @param inputFilter a condition on the stream's columns that rows must meet to be matched at all (the
 *     input is then a subquery), or null
 * @param outputFilter a condition on the answer's columns (the query's WHERE), or null
 * @param select the columns the query selects, in order (the partition columns first), or null for all
 * @param features what the case uses, for the run's tally
 */
record MatchCase(
    String name,
    List<Row> rows,
    List<String> partitionBy,
    TieBreak tieBreak,
    List<Measure> measures,
    RowsPerMatch rowsPerMatch,
    Skip skip,
    Pattern pattern,
    Map<String, List<String>> subsets,
    Map<String, Expr> defines,
    boolean calcite,
    Expr inputFilter,
    Expr outputFilter,
    List<String> select,
    Set<String> features) {

  static final String SCHEMA = "k VARCHAR, id BIGINT, x INT, y INT, s VARCHAR, ts TIMESTAMP(3)";

  MatchCase {
    requireNonNull(name, "name is null");
    rows = List.copyOf(rows);
    partitionBy = List.copyOf(partitionBy);
    measures = List.copyOf(measures);
    requireNonNull(rowsPerMatch, "rowsPerMatch is null");
    requireNonNull(skip, "skip is null");
    requireNonNull(pattern, "pattern is null");
    subsets = new LinkedHashMap<>(subsets);
    defines = new LinkedHashMap<>(defines);
    select = select == null ? null : List.copyOf(select);
    features = Set.copyOf(features);
  }

  /** An input row; {@code x}, {@code y} and {@code s} may be null, {@code ts} is in epoch millis. */
  record Row(String k, long id, Integer x, Integer y, String s, long ts) {
    static final List<String> COLUMNS = List.of("k", "id", "x", "y", "s", "ts");

    /** Its values in column order, {@code ts} as a UTC {@link LocalDateTime}. */
    List<Object> values() {
      return Arrays.asList(k, id, x, y, s, LocalDateTime.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC));
    }

    /** The value of column {@code column}, integers as Long. */
    @SuppressWarnings("unchecked")
    <T extends Comparable<?>> T value(String column) {
      Object v = values().get(COLUMNS.indexOf(column));
      return (T) (v instanceof Integer i ? (Object) i.longValue() : v);
    }
  }

  /**
   * An ORDER BY key after {@code ts}: {@code column}, descending or not, NULLS FIRST or LAST ({@code
   * nullsFirst} null: not written, for {@code id}, which has no NULL). Rows still tied keep the order they
   * are read in, as Runnel orders them.
   */
  record TieBreak(String column, boolean descending, Boolean nullsFirst) {
    TieBreak {
      requireNonNull(column, "column is null");
    }

    String sql() {
      return column + (descending ? " DESC" : "") + (nullsFirst == null ? "" : nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }

    /** The order of two rows that tie on time; 0 when they tie on this key too. */
    int compare(Row a, Row b) {
      Comparable<Object> x = a.value(column);
      Comparable<Object> y = b.value(column);
      if (x == null || y == null) {
        return x == y ? 0 : (x == null) == nullsFirst ? -1 : 1;
      }
      int c = x.compareTo(y);
      return descending ? -c : c;
    }
  }

  /** {@code expr AS name}. */
  record Measure(String name, Expr expr) {
    Measure {
      requireNonNull(name, "name is null");
      requireNonNull(expr, "expr is null");
    }
  }

  /** The ROWS PER MATCH clause; {@code IMPLIED} writes none (ONE ROW PER MATCH). */
  enum RowsPerMatch {
    IMPLIED(""),
    ONE_ROW("ONE ROW PER MATCH"),
    ALL_ROWS("ALL ROWS PER MATCH"),
    SHOW_EMPTY("ALL ROWS PER MATCH SHOW EMPTY MATCHES"),
    OMIT_EMPTY("ALL ROWS PER MATCH OMIT EMPTY MATCHES"),
    WITH_UNMATCHED("ALL ROWS PER MATCH WITH UNMATCHED ROWS");

    final String sql;

    RowsPerMatch(String sql) {
      this.sql = sql;
    }

    boolean allRows() {
      return this != IMPLIED && this != ONE_ROW;
    }
  }

  /** Where AFTER MATCH SKIP goes; {@code IMPLIED} writes no clause (PAST LAST ROW). */
  enum SkipMode {
    IMPLIED,
    PAST_LAST_ROW,
    TO_NEXT_ROW,
    TO_FIRST,
    TO_LAST,
    /** {@code SKIP TO v}: to the last row of v. */
    TO
  }

  /** AFTER MATCH SKIP, with the variable of TO FIRST, TO LAST and TO. */
  record Skip(SkipMode mode, String variable) {
    Skip {
      requireNonNull(mode, "mode is null");
    }

    String sql() {
      return switch (mode) {
        case IMPLIED -> "";
        case PAST_LAST_ROW -> "AFTER MATCH SKIP PAST LAST ROW";
        case TO_NEXT_ROW -> "AFTER MATCH SKIP TO NEXT ROW";
        case TO_FIRST -> "AFTER MATCH SKIP TO FIRST " + variable;
        case TO_LAST -> "AFTER MATCH SKIP TO LAST " + variable;
        case TO -> "AFTER MATCH SKIP TO " + variable;
      };
    }
  }

  /** Runnel's CREATE STREAM reading the rows from {@code csv}; a second's delay lets rows of other partitions tie on time. */
  String ddl(Path csv) {
    return "CREATE STREAM " + name + " (" + SCHEMA + ", WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
        + " WITH ('connector' = 'file', 'path' = '" + csv.toAbsolutePath() + "', 'format' = 'csv')";
  }

  /** The query, in Runnel's dialect. */
  String sql() {
    List<String> clauses = new ArrayList<>();
    if (!partitionBy.isEmpty()) {
      clauses.add("PARTITION BY " + String.join(", ", partitionBy));
    }
    clauses.add("ORDER BY ts" + (tieBreak == null ? "" : ", " + tieBreak.sql()));
    if (!measures.isEmpty()) {
      clauses.add("MEASURES " + measures.stream().map(m -> m.expr().sql() + " AS " + m.name()).collect(Collectors.joining(", ")));
    }
    clauses.add(rowsPerMatch.sql);
    clauses.add(skip.sql());
    clauses.add("PATTERN (" + pattern.sql() + ")");
    if (!subsets.isEmpty()) {
      clauses.add("SUBSET " + subsets.entrySet().stream().map(e -> e.getKey() + " = (" + String.join(", ", e.getValue()) + ")").collect(Collectors.joining(", ")));
    }
    clauses.add("DEFINE " + defines.entrySet().stream().map(e -> e.getKey() + " AS " + e.getValue().sql()).collect(Collectors.joining(", ")));
    String from = inputFilter == null ? name : "(SELECT * FROM " + name + " WHERE " + inputFilter.sql() + ")";
    return "SELECT " + (select == null ? "*" : String.join(", ", select)) + " FROM " + from
        + " MATCH_RECOGNIZE (" + clauses.stream().filter(c -> !c.isEmpty()).collect(Collectors.joining(" ")) + ")"
        + (outputFilter == null ? "" : " WHERE " + outputFilter.sql());
  }

  /** The columns of MATCH_RECOGNIZE's answer: the partition columns (or under ALL ROWS PER MATCH, the input's), then the measures. */
  List<String> matchColumns() {
    List<String> columns = new ArrayList<>(rowsPerMatch.allRows() ? Row.COLUMNS : partitionBy);
    measures.forEach(m -> columns.add(m.name()));
    return columns;
  }

  /** The columns of the query's answer. */
  List<String> outputColumns() {
    return select == null ? matchColumns() : select;
  }

  /**
   * The rows matched, partition by partition in the query's order, by the partition's key (the values of its
   * PARTITION BY columns), partitions in order of their first row.
   */
  Map<List<Object>, List<Row>> partitions() {
    Map<List<Object>, List<Row>> partitions = new LinkedHashMap<>();
    for (Row r : rows) {
      if (inputFilter == null || Boolean.TRUE.equals(MatchExpressions.onColumns(inputFilter, r::value))) {
        partitions.computeIfAbsent(key(r.values(), Row.COLUMNS), k -> new ArrayList<>()).add(r);
      }
    }
    if (tieBreak != null) {
      // stable: rows tied on time and key keep the order they are read in
      partitions.values().forEach(list -> list.sort((a, b) -> a.ts() != b.ts() ? Long.compare(a.ts(), b.ts()) : tieBreak.compare(a, b)));
    }
    return partitions;
  }

  /** The partition key of a row whose columns are {@code columns}: the values of the PARTITION BY columns. */
  List<Object> key(List<Object> row, List<String> columns) {
    return partitionBy.stream().map(p -> row.get(columns.indexOf(p))).toList();
  }

  /** The case, for a failure: its query and its rows. */
  String describe() {
    StringBuilder text = new StringBuilder(sql()).append("\nrows (k, id, x, y, s, ts):");
    for (Row r : rows) {
      text.append("\n  ").append(r.values());
    }
    return text.toString();
  }
}
