package io.runnel.tests.differential;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.util.Holder;

/**
 * The reference side of the differential tests: Calcite's own JDBC driver running a query as a batch over
 * {@link MemoryTable}s. {@link DifferentialTest} queries a table {@code events (k BIGINT, v BIGINT, s
 * VARCHAR, ts TIMESTAMP(3))} holding the rows of one input; other tests add tables of their own. Identifiers
 * follow {@code lex=JAVA} (case-sensitive, unquoted names kept as written), and the connection's time zone
 * is UTC so that timestamps cross the JDBC boundary unshifted.
 *
 * <p>Joins run as hash or nested-loop joins, never as merge joins: Calcite 1.42 plans a merge join over the
 * output of an outer merge join as if that output were sorted on the padded side's key too, and its NULLs
 * are not where a merge join expects them, so {@code a LEFT JOIN b ON a.k = b.k JOIN c ON b.k = c.k} loses
 * rows that match (an empty result where there are rows; CALCITE-4809 reports the same). Nor are joins
 * reordered (commuted, associated, pushed through each other): a reference needs a right plan, not a cheap
 * one, and without those rules a three-way join plans in less time. Nor are unused columns trimmed from a
 * plan's inputs: Calcite's nested-loop join (a RIGHT or FULL join without an equality) keeps the unmatched
 * rows of its right input in an identity set, so once that input is trimmed to one column, equal values
 * that are one Java object (a small Integer, the same String) count as one row, and {@code SELECT a.v FROM
 * a FULL JOIN b ON 1 = 0} returns one padded row where {@code b} has many.
 */
final class CalciteBatch implements AutoCloseable {

  private final Connection connection;
  private final SchemaPlus root;
  private final MemoryTable events = new MemoryTable(List.of(
      new MemoryTable.Column("k", SqlTypeName.BIGINT, false),
      new MemoryTable.Column("v", SqlTypeName.BIGINT, true),
      new MemoryTable.Column("s", SqlTypeName.VARCHAR, true),
      new MemoryTable.Column("ts", SqlTypeName.TIMESTAMP, false)));
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  CalciteBatch() throws SQLException {
    Properties info = new Properties();
    info.setProperty("lex", "JAVA");
    info.setProperty("timeZone", "UTC");
    connection = DriverManager.getConnection("jdbc:calcite:", info);
    root = connection.unwrap(CalciteConnection.class).getRootSchema();
    root.add("events", events);
  }

  /**
   * Runs {@code sql} over a table {@code events} holding {@code rows} and returns its result as a multiset
   * of {@link Multisets#normalize normalized} rows. A query is prepared (parsed, planned, compiled)
   * once and executed again for other rows: the table is scanned when the query executes.
   */
  synchronized Map<List<Object>, Integer> run(String sql, List<DifferentialTest.Event> rows) throws SQLException {
    PreparedStatement statement = prepared.get(sql);
    if (statement == null) {
      try (Hook.Closeable rules = plainJoins()) {
        statement = connection.prepareStatement(sql);
      }
      prepared.put(sql, statement);
    }
    events.setRows(rows.stream().map(DifferentialTest.Event::values).toList());
    try (ResultSet rs = statement.executeQuery()) {
      return Multisets.read(rs);
    }
  }

  /** Adds (or replaces) table {@code name} in the connection's root schema. */
  synchronized void add(String name, MemoryTable table) {
    root.add(name, table);
  }

  /** Removes table {@code name} from the connection's root schema. */
  synchronized void remove(String name) {
    root.removeTable(name);
  }

  /** Runs {@code sql} once, unprepared, over the tables as they are, and returns its normalized result. */
  synchronized Map<List<Object>, Integer> run(String sql) throws SQLException {
    try (Hook.Closeable rules = plainJoins();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return Multisets.read(rs);
    }
  }

  /**
   * While open, this thread's Calcite planners neither plan merge joins nor reorder joins, and its queries'
   * inputs keep their unused columns (see the class comment).
   */
  private static Hook.Closeable plainJoins() {
    Hook.Closeable rules = Hook.PLANNER.addThread((Consumer<RelOptPlanner>) planner -> {
      planner.removeRule(EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE);
      planner.removeRule(CoreRules.JOIN_COMMUTE);
      planner.removeRule(CoreRules.JOIN_ASSOCIATE);
      planner.removeRule(JoinPushThroughJoinRule.LEFT);
      planner.removeRule(JoinPushThroughJoinRule.RIGHT);
    });
    Hook.Closeable untrimmed = Hook.SQL2REL_CONVERTER_CONFIG_BUILDER.addThread(
        (Consumer<Holder<SqlToRelConverter.Config>>) config -> config.accept(c -> c.withTrimUnusedFields(false)));
    Hook.Closeable program = Hook.PROGRAM.addThread(
        (Consumer<Holder<Program>>) holder -> holder.set(Programs.standard(DefaultRelMetadataProvider.INSTANCE, false)));
    return () -> {
      program.close();
      untrimmed.close();
      rules.close();
    };
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement statement : prepared.values()) {
      statement.close();
    }
    connection.close();
  }
}
