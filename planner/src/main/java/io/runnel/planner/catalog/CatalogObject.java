package io.runnel.planner.catalog;

import io.runnel.operators.types.Schema;

/** Something a query can read from by name. */
public sealed interface CatalogObject permits RelationDef, ViewDef {
  String name();

  Schema schema();

  /** The statement that created it, as stored in the catalog log. */
  String ddl();
}
