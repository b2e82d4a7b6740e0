package io.runnel.planner.catalog;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.Schema;
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

  /** The connector named by the {@code 'connector'} option, or {@code none} for insert-only. */
  public String connector() {
    return properties.getOrDefault("connector", "none");
  }
}
