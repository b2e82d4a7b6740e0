package io.runnel.planner.catalog;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
import io.runnel.parser.Durations;
import io.runnel.parser.Sizes;
import java.util.List;
import java.util.Map;

/**
 * A stream (append-only event log) or a table (keyed changelog, the latest row per primary key), as
 * created by DDL. {@code rowtime} is the index of the event-time column declared by {@code WATERMARK FOR},
 * or -1; {@code watermark} computes a row's watermark candidate over {@link #schema()}, or is null.
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
    String ddl)
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
    TABLE
  }

  public RelationDef {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(schema, "schema is null");
    primaryKey = List.copyOf(primaryKey);
    properties = Map.copyOf(properties);
    requireNonNull(ddl, "ddl is null");
  }

  public boolean isTable() {
    return kind == Kind.TABLE;
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
