package io.runnel.planner.catalog;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.Schema;
import io.runnel.parser.ast.Query;

/** A named query with no state of its own: reading it reads its query. */
public record ViewDef(String name, Schema schema, Query query, String ddl) implements CatalogObject {
  public ViewDef {
    requireNonNull(name, "name is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(query, "query is null");
    requireNonNull(ddl, "ddl is null");
  }
}
