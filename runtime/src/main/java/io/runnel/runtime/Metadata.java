package io.runnel.runtime;

import io.runnel.Column;
import io.runnel.StatementResult;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.CatalogObject;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.catalog.ViewDef;
import io.runnel.planner.validate.FunctionAnalyzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** SHOW and DESCRIBE: the catalog as result tables. */
final class Metadata {
  /** The built-in functions, as the planner knows them (one list, so SHOW FUNCTIONS cannot drift from it). */
  static final Set<String> FUNCTIONS = FunctionAnalyzer.builtIns();

  private final Catalog catalog;

  Metadata(Catalog catalog) {
    this.catalog = catalog;
  }

  StatementResult show(Statement.ShowKind kind) {
    List<List<Object>> rows = new ArrayList<>();
    switch (kind) {
      case STREAMS, TABLES -> {
        boolean tables = kind == Statement.ShowKind.TABLES;
        for (CatalogObject o : catalog.all()) {
          if (o instanceof RelationDef def && (tables ? def.isTable() : def.kind() == RelationDef.Kind.STREAM)) {
            rows.add(List.of(def.name(), def.connector(), def.watermarkText() == null ? "" : def.schema().name(def.rowtime()) + " AS " + def.watermarkText()));
          }
        }
        return new StatementResult.Table(List.of(col("name"), col("connector"), col("watermark")), rows);
      }
      case VIEWS -> {
        for (CatalogObject o : catalog.all()) {
          if (o instanceof ViewDef v) {
            rows.add(List.of(v.name(), v.ddl()));
          } else if (o instanceof RelationDef def && def.isMaterializedView()) {
            rows.add(List.of(def.name(), def.ddl()));
          }
        }
        return new StatementResult.Table(List.of(col("name"), col("definition")), rows);
      }
      case FUNCTIONS -> {
        for (String f : FUNCTIONS) {
          rows.add(List.of(f, "built in"));
        }
        for (var f : catalog.functions()) {
          rows.add(List.of(f.name(), (f.isAggregate() ? "aggregate " : "scalar ") + f.className() + " returning " + f.resultType()));
        }
        return new StatementResult.Table(List.of(col("function"), col("kind")), rows);
      }
      case QUERIES -> throw new IllegalArgumentException("SHOW QUERIES is answered by the engine");
    }
    throw new IllegalArgumentException(kind.name());
  }

  StatementResult describe(Statement.Describe describe) {
    CatalogObject object = catalog.resolve(describe.name().value(), describe.name().pos());
    Schema schema = object.schema();
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      List<String> notes = new ArrayList<>();
      if (object instanceof RelationDef def) {
        if (def.isMaterializedView() && def.primaryKey().contains(i)) {
          notes.add("VIEW KEY");
        } else if (def.primaryKey().contains(i)) {
          notes.add("PRIMARY KEY");
        }
        if (def.rowtime() == i) {
          notes.add("ROWTIME, WATERMARK AS " + def.watermarkText());
        }
      }
      rows.add(List.of(schema.name(i), schema.type(i).withNullable(true).toString(), schema.type(i).nullable(), String.join(", ", notes)));
    }
    return new StatementResult.Table(List.of(col("column"), col("type"), new Column("nullable", "BOOLEAN"), col("extra")), rows);
  }

  private static Column col(String name) {
    return new Column(name, "VARCHAR");
  }
}
