package io.runnel.tests.nexmark;

import io.runnel.tests.differential.Multisets;
import io.runnel.runtime.nexmark.NexmarkGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The oracle side of {@link NexmarkCalciteOracleTest}: Calcite's own JDBC driver running a Nexmark query as
 * a batch over tables {@code person}, {@code auction} and {@code bid} that hold the generated events, with
 * the columns of Runnel's Nexmark streams ({@code NexmarkStreams}' DDL) and, like them, TIMESTAMP(3) values
 * read as UTC. It is {@code differential/CalciteBatch} for the three Nexmark tables; the connection is set up
 * the same way, plus what the Nexmark queries need:
 *
 * <ul>
 *   <li>{@code lex=JAVA}: identifiers case-sensitive and quoted with backticks, as in Runnel's (Flink's)
 *       dialect, so {@code `dateTime`} and the unquoted lower-case names resolve unchanged;
 *   <li>{@code timeZone=UTC}: timestamps cross the JDBC boundary unshifted;
 *   <li>{@code fun=bigquery}: Calcite's BigQuery function library, for {@code REGEXP_EXTRACT} and
 *       {@code SPLIT}, the nearest Calcite has to Flink's {@code REGEXP_EXTRACT} and {@code SPLIT_INDEX}
 *       (the test rewrites those calls, see there);
 *   <li>{@code conformance=PRAGMATIC_2003}: a CASE whose branches are character literals of different
 *       lengths is VARCHAR, as in Flink, not CHAR padded to the longest (q14's {@code 'dayTime'} would
 *       otherwise come back as {@code 'dayTime  '});
 *   <li>a scalar function {@code count_char(s, c)} for q14, written here from the suite's definition
 *       (how many characters of {@code s} equal the first character of {@code c}), not Runnel's class.
 * </ul>
 */
final class NexmarkCalcite implements AutoCloseable {

  private final Connection connection;

  /** A connection whose tables hold {@code events} (all kinds, in order); the rows are built once, here. */
  NexmarkCalcite(List<NexmarkGenerator.Event> events) throws SQLException {
    Properties info = new Properties();
    info.setProperty("lex", "JAVA");
    info.setProperty("timeZone", "UTC");
    info.setProperty("fun", "bigquery");
    info.setProperty("conformance", "PRAGMATIC_2003");
    connection = DriverManager.getConnection("jdbc:calcite:", info);
    SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
    root.add("person", new Rows(events, NexmarkGenerator.Person.class, NexmarkCalcite::personType,
        p -> new Object[] {p.id(), p.name(), p.emailAddress(), p.creditCard(), p.city(), p.state(), p.dateTime(), p.extra()}));
    root.add("auction", new Rows(events, NexmarkGenerator.Auction.class, NexmarkCalcite::auctionType,
        a -> new Object[] {a.id(), a.itemName(), a.description(), a.initialBid(), a.reserve(), a.dateTime(), a.expires(), a.seller(),
            a.category(), a.extra()}));
    root.add("bid", new Rows(events, NexmarkGenerator.Bid.class, NexmarkCalcite::bidType,
        b -> new Object[] {b.auction(), b.bidder(), b.price(), b.channel(), b.url(), b.dateTime(), b.extra()}));
    root.add("side_input", new Rows(sideInput(), NexmarkCalcite::sideInputType));
    root.add("count_char", ScalarFunctionImpl.create(CountChar.class, "eval"));
  }

  /** q13's side input, as the suite describes it: key i and value 'i' for i in 0..9999. */
  private static List<Object[]> sideInput() {
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < 10_000; i++) {
      rows.add(new Object[] {i, Long.toString(i)});
    }
    return rows;
  }

  static RelDataType sideInputType(RelDataTypeFactory types) {
    return types.builder().add("key", SqlTypeName.BIGINT).nullable(true).add("value", SqlTypeName.VARCHAR).nullable(true).build();
  }

  /** Runs {@code sql} as a batch and returns its result as a multiset of {@link Multisets#normalize normalized} rows. */
  Map<List<Object>, Integer> run(String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      return Multisets.read(rs);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  static RelDataType personType(RelDataTypeFactory types) {
    return types.builder()
        .add("id", SqlTypeName.BIGINT).nullable(true)
        .add("name", SqlTypeName.VARCHAR).nullable(true)
        .add("emailAddress", SqlTypeName.VARCHAR).nullable(true)
        .add("creditCard", SqlTypeName.VARCHAR).nullable(true)
        .add("city", SqlTypeName.VARCHAR).nullable(true)
        .add("state", SqlTypeName.VARCHAR).nullable(true)
        .add("dateTime", SqlTypeName.TIMESTAMP, 3).nullable(true)
        .add("extra", SqlTypeName.VARCHAR).nullable(true)
        .build();
  }

  static RelDataType auctionType(RelDataTypeFactory types) {
    return types.builder()
        .add("id", SqlTypeName.BIGINT).nullable(true)
        .add("itemName", SqlTypeName.VARCHAR).nullable(true)
        .add("description", SqlTypeName.VARCHAR).nullable(true)
        .add("initialBid", SqlTypeName.BIGINT).nullable(true)
        .add("reserve", SqlTypeName.BIGINT).nullable(true)
        .add("dateTime", SqlTypeName.TIMESTAMP, 3).nullable(true)
        .add("expires", SqlTypeName.TIMESTAMP, 3).nullable(true)
        .add("seller", SqlTypeName.BIGINT).nullable(true)
        .add("category", SqlTypeName.BIGINT).nullable(true)
        .add("extra", SqlTypeName.VARCHAR).nullable(true)
        .build();
  }

  static RelDataType bidType(RelDataTypeFactory types) {
    return types.builder()
        .add("auction", SqlTypeName.BIGINT).nullable(true)
        .add("bidder", SqlTypeName.BIGINT).nullable(true)
        .add("price", SqlTypeName.BIGINT).nullable(true)
        .add("channel", SqlTypeName.VARCHAR).nullable(true)
        .add("url", SqlTypeName.VARCHAR).nullable(true)
        .add("dateTime", SqlTypeName.TIMESTAMP, 3).nullable(true)
        .add("extra", SqlTypeName.VARCHAR).nullable(true)
        .build();
  }

  /** Nexmark q14's {@code count_char(s, c)} as a Calcite scalar function: Calcite calls {@link #eval} by reflection. */
  public static final class CountChar {
    private CountChar() {}

    /** How many characters of {@code s} equal the first character of {@code c}; 0 if {@code c} is empty. */
    public static Long eval(String s, String c) {
      if (s == null || c == null) {
        return null;
      }
      if (c.isEmpty()) {
        return 0L;
      }
      return s.chars().filter(ch -> ch == c.charAt(0)).count();
    }
  }

  /**
   * The events of one kind as a Calcite table; TIMESTAMP values in Calcite's internal form, epoch millis
   * (Long), the generator's own form.
   */
  private static final class Rows extends AbstractTable implements ScannableTable {
    private final Function<RelDataTypeFactory, RelDataType> type;
    private final List<Object[]> rows = new ArrayList<>();

    Rows(List<Object[]> rows, Function<RelDataTypeFactory, RelDataType> type) {
      this.type = type;
      this.rows.addAll(rows);
    }

    <T extends NexmarkGenerator.Event> Rows(List<NexmarkGenerator.Event> events, Class<T> kind,
        Function<RelDataTypeFactory, RelDataType> type, Function<T, Object[]> row) {
      this.type = type;
      for (NexmarkGenerator.Event e : events) {
        if (kind.isInstance(e)) {
          rows.add(row.apply(kind.cast(e)));
        }
      }
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory types) {
      return type.apply(types);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(rows);
    }
  }
}
