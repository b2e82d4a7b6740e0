package io.runnel.tests.differential;

import io.runnel.tests.differential.MatchCase.Row;
import io.runnel.tests.differential.MatchModel.Match;
import io.runnel.tests.differential.MatchModel.Matched;
import io.runnel.tests.differential.MatchSyntax.Pattern;
import io.runnel.tests.differential.MatchSyntax.Seq;
import io.runnel.tests.differential.MatchSyntax.Var;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.calcite.adapter.java.ReflectiveSchema;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * Calcite's enumerable {@code MATCH_RECOGNIZE} (1.42) as the reference of {@link MatchRecognizeDifferentialTest},
 * for the queries it runs right. It gets few right: every limit below was found by running it, and leaves a
 * construct to the hand model ({@link MatchModel}).
 *
 * <ul>
 *   <li>PATTERN: a concatenation of variables only; a quantifier or an alternation fails to plan ({@code
 *       AssertionError: unknown kind: PATTERN_QUANTIFIER}, {@code unknown kind: |}).
 *   <li>DEFINE: one variable only. With two, every variable is tested with the last DEFINE's condition
 *       ({@code PATTERN (A B) DEFINE A AS A.x >= 2, B AS B.x < 100} matches every pair of rows): {@code
 *       EnumerableMatch.implementMatcher} builds every condition's code in one shared block. A condition reads
 *       the variable's own columns, qualified ({@code B.x}; an unqualified {@code x} or another variable's
 *       {@code A.x} fails to plan), and {@code PREV}; where {@code PREV} finds no row the whole condition is
 *       false, not just the comparison unknown ({@code A.x < 3 OR PREV(A.x) > 100} fails on a partition's
 *       first row), so PREV stands only in conjunctions. {@code NEXT}, {@code FIRST}, {@code LAST} and
 *       aggregates fail to plan.
 *   <li>MEASURES: only a column of the current row and {@code CLASSIFIER()} come out right, and only two or
 *       more of them (one alone generates {@code new Long()}, which does not compile). LAST comes out wrong
 *       ({@code MEASURES ts AS t, LAST(A.ts) AS la, LAST(B.ts) AS lb PATTERN (A B)} gives each row its own
 *       {@code ts} as {@code la} and {@code lb}; {@code FINAL LAST(B.ts)} too) or fails ({@code
 *       NoSuchFieldException} for {@code ts AS t, LAST(B.ts) AS lb}); {@code RUNNING}, {@code FIRST}, {@code
 *       MATCH_NUMBER()}, aggregates and arithmetic over a navigation fail to plan; PREV and NEXT are refused
 *       ("Cannot use PREV/NEXT in MEASURE"), where the standard allows them.
 *   <li>ONE ROW PER MATCH answers a row per row of the match, with running measures; ALL ROWS PER MATCH,
 *       and PARTITION BY with any rows per match, fail at run time ({@code NoSuchFieldException}: the output
 *       has no field for the partition or input columns). So each partition runs alone, and the test reads
 *       a match's rows from the answer, {@code id} and {@code CLASSIFIER()} per row.
 *   <li>ORDER BY is ignored: rows are matched in the order the table gives them (here, the query's order);
 *       NULLS FIRST or NULLS LAST there fails to plan ({@code AssertionError} in {@code SqlToRelConverter}).
 *   <li>AFTER MATCH SKIP is ignored: a match is answered from every row, as SKIP TO NEXT ROW would (its
 *       default, where the standard's is PAST LAST ROW). For a concatenation every match has the pattern's
 *       length, so the matches of the other modes are those of SKIP TO NEXT ROW that start where the one
 *       before it sends the next attempt; {@link #matches} picks them.
 *   <li>A table with the rows in an array of Java objects ({@link ReflectiveSchema}): over a table of
 *       {@code Object[]} rows the generated code does not compile ({@code new Object[]()}).
 * </ul>
 */
final class CalciteMatches implements AutoCloseable {
  /** A row as Calcite reads it: its public fields are the table's columns. */
  public static final class Event {
    public final long id;
    public final long ts;
    public final Integer x;
    public final Integer y;
    public final String s;

    Event(Row row) {
      this.id = row.id();
      this.ts = row.ts();
      this.x = row.x();
      this.y = row.y();
      this.s = row.s();
    }
  }

  /** The schema: table {@code events}, whose rows are replaced before each execution (the generated code reads the field then). */
  public static final class Tables {
    public Event[] events = new Event[0];
  }

  private final Connection connection;
  private final Tables tables = new Tables();

  CalciteMatches() throws SQLException {
    Properties info = new Properties();
    info.setProperty("lex", "JAVA");
    connection = DriverManager.getConnection("jdbc:calcite:", info);
    connection.unwrap(CalciteConnection.class).getRootSchema().add("mr", new ReflectiveSchema(tables));
  }

  /**
   * Calcite's text of case {@code c}: the same pattern and DEFINE, the row's {@code id} and variable as
   * measures. Its ORDER BY is for the reader: Calcite matches the rows in the table's order, which is made
   * the query's.
   */
  static String sql(MatchCase c) {
    return "SELECT * FROM mr.events MATCH_RECOGNIZE (ORDER BY ts MEASURES id AS m_id, CLASSIFIER() AS m_cls"
        + " AFTER MATCH SKIP TO NEXT ROW PATTERN (" + c.pattern().sql() + ") DEFINE "
        + c.defines().entrySet().stream().map(e -> e.getKey() + " AS " + e.getValue().sql()).collect(Collectors.joining(", ")) + ")";
  }

  /**
   * The matches of case {@code c} by partition, as the query's AFTER MATCH SKIP picks them from Calcite's
   * matches from every row; or, where a skip goes to a match's first row, the matches before and an error.
   */
  synchronized MatchModel.Outcome matches(MatchCase c) throws SQLException {
    List<String> pattern = variables(c.pattern());
    Map<List<Object>, List<Match>> matches = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql(c))) {
      for (Map.Entry<List<Object>, List<Row>> partition : c.partitions().entrySet()) {
        List<Row> rows = partition.getValue();
        tables.events = rows.stream().map(Event::new).toArray(Event[]::new);
        Map<Integer, List<Matched>> fromRow = windows(statement, rows, pattern.size());
        List<Match> picked = new ArrayList<>();
        matches.put(partition.getKey(), picked);
        long number = 1;
        for (int start = 0; start < rows.size(); ) {
          List<Matched> window = fromRow.get(start);
          if (window == null) {
            start++;
            continue;
          }
          picked.add(new Match(number++, start, window));
          int next = switch (c.skip().mode()) {
            case IMPLIED, PAST_LAST_ROW -> pattern.size();
            case TO_NEXT_ROW -> 1;
            case TO_FIRST -> pattern.indexOf(c.skip().variable());
            case TO_LAST, TO -> pattern.lastIndexOf(c.skip().variable());
          };
          if (next == 0) {
            return new MatchModel.Outcome(Map.of(), matches, c.skip().sql() + " goes to the first row of a match");
          }
          start += next;
        }
      }
    }
    return new MatchModel.Outcome(Map.of(), matches, null);
  }

  /** Calcite's matches over {@code rows}, by their first row's index: a match is {@code length} rows of the answer. */
  private static Map<Integer, List<Matched>> windows(PreparedStatement statement, List<Row> rows, int length) throws SQLException {
    Map<Long, Integer> index = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      index.put(rows.get(i).id(), i);
    }
    Map<Integer, List<Matched>> windows = new HashMap<>();
    List<Matched> window = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        window.add(new Matched(index.get(rs.getLong("m_id")), rs.getString("m_cls"), false));
        if (window.size() == length) {
          windows.put(window.get(0).row(), List.copyOf(window));
          window.clear();
        }
      }
    }
    if (!window.isEmpty()) {
      throw new IllegalStateException("Calcite's answer ends inside a match: " + window);
    }
    return windows;
  }

  /** The variables of a concatenation, in order. */
  private static List<String> variables(Pattern p) {
    if (p instanceof Var v) {
      return List.of(v.name());
    }
    return ((Seq) p).parts().stream().map(part -> ((Var) part).name()).toList();
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }
}
