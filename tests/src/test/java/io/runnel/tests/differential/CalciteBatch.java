package io.runnel.tests.differential;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The reference side of {@link DifferentialTest}: Calcite's own JDBC driver running a query as a batch
 * over a table {@code events (k BIGINT, v BIGINT, s VARCHAR, ts TIMESTAMP(3))} holding the rows of one input.
 * Identifiers follow {@code lex=JAVA} (case-sensitive, unquoted names kept as written), and the
 * connection's time zone is UTC so that timestamps cross the JDBC boundary unshifted.
 */
final class CalciteBatch implements AutoCloseable {

  private final Connection connection;
  private final EventsTable events = new EventsTable();
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  CalciteBatch() throws SQLException {
    Properties info = new Properties();
    info.setProperty("lex", "JAVA");
    info.setProperty("timeZone", "UTC");
    connection = DriverManager.getConnection("jdbc:calcite:", info);
    connection.unwrap(CalciteConnection.class).getRootSchema().add("events", events);
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
    events.rows = rows;
    try (ResultSet rs = statement.executeQuery()) {
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

  /** The generated events as a Calcite table; TIMESTAMP values in Calcite's internal form, epoch millis (Long). */
  private static final class EventsTable extends AbstractTable implements ScannableTable {
    List<DifferentialTest.Event> rows = List.of();

    @Override
    public RelDataType getRowType(RelDataTypeFactory types) {
      return types.builder()
          .add("k", SqlTypeName.BIGINT).nullable(false)
          .add("v", SqlTypeName.BIGINT).nullable(true)
          .add("s", SqlTypeName.VARCHAR).nullable(true)
          .add("ts", SqlTypeName.TIMESTAMP, 3).nullable(false)
          .build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      List<Object[]> scanned = new ArrayList<>(rows.size());
      for (DifferentialTest.Event e : rows) {
        scanned.add(new Object[] {e.k(), e.v(), e.s(), e.tsMillis()});
      }
      return Linq4j.asEnumerable(scanned);
    }
  }
}
