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
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The reference side of the differential tests: Calcite's own JDBC driver running a query as a batch over
 * {@link MemoryTable}s. {@link DifferentialTest} queries a table {@code events (k BIGINT, v BIGINT, s
 * VARCHAR, ts TIMESTAMP(3))} holding the rows of one input; other tests add tables of their own. Identifiers
 * follow {@code lex=JAVA} (case-sensitive, unquoted names kept as written), and the connection's time zone
 * is UTC so that timestamps cross the JDBC boundary unshifted.
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
      statement = connection.prepareStatement(sql);
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

  /** Runs {@code sql} once, unprepared, over the tables as they are, and returns its normalized result. */
  synchronized Map<List<Object>, Integer> run(String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      return Multisets.read(rs);
    }
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement statement : prepared.values()) {
      statement.close();
    }
    connection.close();
  }
}
