package io.runnel.planner.catalog;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import io.runnel.parser.Durations;
import io.runnel.parser.Sizes;
import java.util.List;
import java.util.Map;

/**
 * A stream (append-only event log), a table (keyed changelog, the latest row per primary key), as created
 * by DDL, or a materialized view (the changelog its persistent query writes; {@code view} says whether it
 * updates and by which key). {@code rowtime} is the index of the event-time column declared by {@code
 * WATERMARK FOR}, or -1; {@code watermark} computes a row's watermark candidate over {@link #schema()}, or
 * is null.
 */
public record RelationDef(
    String name,
    Kind kind,
    Schema schema,
    List<Integer> primaryKey,
    int rowtime,
    Expr watermark,
    String watermarkText,
    Map<String, String> properties,
    String ddl,
    View view)
    implements CatalogObject {

  public static final String IDLE_TIMEOUT = "watermark.idle-timeout";
  public static final String MAX_AHEAD = "watermark.max-ahead";
  public static final String PARTITIONS = "partitions";
  public static final int MAX_PARTITIONS = 256;
  /** How long a stream keeps its rows (a duration); older roll cycles of its log are deleted. */
  public static final String RETENTION = "retention";
  /** How many bytes of rows a stream keeps (a size); its oldest roll cycles are deleted past it. */
  public static final String RETENTION_SIZE = "retention.size";
  /**
   * How often the log starts a new file: {@code daily} (the default) or {@code secondly}. Not documented
   * for users: it exists so that tests of retention need not wait a day.
   */
  public static final String ROLL_CYCLE = "log.roll-cycle";

  public enum Kind {
    STREAM,
    TABLE,
    MATERIALIZED_VIEW
  }

  /**
   * What a materialized view's changelog holds: updates (retractions and deletes beside inserts) or inserts
   * only, and the columns that identify a row of its result, when the query says (its GROUP BY columns,
   * say; none for a global aggregate, which has one row); null when no columns do, and then the view is a
   * bag of rows.
   */
  public record View(boolean updating, List<Integer> key) {
    public View {
      key = key == null ? null : List.copyOf(key);
    }
  }

  public RelationDef {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(schema, "schema is null");
    primaryKey = List.copyOf(primaryKey);
    properties = Map.copyOf(properties);
    requireNonNull(ddl, "ddl is null");
    if ((kind == Kind.MATERIALIZED_VIEW) != (view != null)) {
      throw new IllegalArgumentException("a materialized view, and only one, describes its view");
    }
  }

  /** A stream or a table. */
  public RelationDef(
      String name, Kind kind, Schema schema, List<Integer> primaryKey, int rowtime, Expr watermark, String watermarkText, Map<String, String> properties, String ddl) {
    this(name, kind, schema, primaryKey, rowtime, watermark, watermarkText, properties, ddl, null);
  }

  /** Materialized view {@code name} of {@code schema}, defined by {@code ddl}. */
  public static RelationDef materializedView(String name, Schema schema, View view, String ddl) {
    return new RelationDef(name, Kind.MATERIALIZED_VIEW, schema, view.key() == null ? List.of() : view.key(), -1, null, null, Map.of(), ddl, view);
  }

  public boolean isTable() {
    return kind == Kind.TABLE;
  }

  public boolean isMaterializedView() {
    return kind == Kind.MATERIALIZED_VIEW;
  }

  /** True when a reader takes the whole log, whatever the session's startup mode: a table's or a view's rows are its content. */
  public boolean readWhole() {
    return kind != Kind.STREAM;
  }

  /**
   * True when the relation's rows end: its connector delivers a whole input and stops (a {@code file}, or a
   * {@code nexmark} generator given a number of {@code 'events'}), after which nothing is appended to it and
   * a query reading it sees the end of its input. A stream or table with any other connector, or none (rows
   * come by INSERT), and a materialized view, go on for ever.
   */
  public boolean bounded() {
    if (kind == Kind.MATERIALIZED_VIEW) {
      return false;
    }
    String connector = connector();
    return connector.equals("file") || (connector.equals("nexmark") && properties.containsKey("events"));
  }

  /** How long the stream may go without rows before it stops holding back watermarks; 0: forever. */
  public long idleTimeoutMillis() {
    return Durations.parseMillis(properties.getOrDefault(IDLE_TIMEOUT, "0"));
  }

  /** How far past the later of watermark and clock an event time may be and still advance the watermark; 0: any. */
  public long maxAheadMillis() {
    return Durations.parseMillis(properties.getOrDefault(MAX_AHEAD, "0"));
  }

  /** How many logs the relation is split over; each is read, and has its watermark, on its own. */
  public int partitions() {
    return Integer.parseInt(properties.getOrDefault(PARTITIONS, "1").trim());
  }

  /** How long the stream keeps its rows; 0: forever. */
  public long retentionMillis() {
    return Durations.parseMillis(properties.getOrDefault(RETENTION, "0"));
  }

  /** How many bytes of rows the stream keeps; 0: any number. */
  public long retentionBytes() {
    return Sizes.parseBytes(properties.getOrDefault(RETENTION_SIZE, "0"));
  }

  /** True when the log starts a new file every second instead of every day (tests only). */
  public boolean secondlyRollCycle() {
    return properties.getOrDefault(ROLL_CYCLE, "daily").equals("secondly");
  }

  /** The connector named by the {@code 'connector'} option, or {@code none} for insert-only. */
  public String connector() {
    return properties.getOrDefault("connector", "none");
  }
}
