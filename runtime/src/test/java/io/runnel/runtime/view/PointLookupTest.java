package io.runnel.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.runnel.operators.dag.Vertex;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.PlannedQuery;
import io.runnel.planner.Planner;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.RelationDef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which key a query's filter pins, so that a query over a view reads that row alone. */
class PointLookupTest {
  private static final List<Integer> KEY = List.of(0, 1);

  private static List<Object> keyOf(String where) {
    Catalog catalog = new Catalog();
    Schema schema =
        new Schema(
            List.of(
                new DataType.Field("usr", DataType.of(TypeKind.VARCHAR)),
                new DataType.Field("day", DataType.of(TypeKind.BIGINT)),
                new DataType.Field("n", DataType.of(TypeKind.BIGINT))));
    catalog.add(RelationDef.materializedView("v", schema, new RelationDef.View(true, KEY), "CREATE MATERIALIZED VIEW v AS ..."));
    Statement.QueryStatement q = (Statement.QueryStatement) SqlParser.parseStatement("SELECT n FROM v WHERE " + where);
    PlannedQuery plan = new Planner(catalog).plan(q.query());
    Vertex.Source source = (Vertex.Source) plan.dag().vertices().stream().filter(v -> v instanceof Vertex.Source).findFirst().orElseThrow();
    return PointLookup.keyOf(plan.dag(), source, KEY);
  }

  @Test
  void aFilterThatPinsEveryKeyColumnNamesItsRow() {
    assertEquals(List.of("a", 7L), keyOf("usr = 'a' AND day = 7"));
    assertEquals(List.of("a", 7L), keyOf("7 = day AND n > 2 AND 'a' = usr"), "in any order, beside other conditions");
    assertEquals(List.of("a", 7L), keyOf("usr = 'a' AND day = 7 AND day = 7"));
  }

  @Test
  void aFilterThatLeavesAKeyColumnFreeNamesNoRow() {
    assertNull(keyOf("usr = 'a'"));
    assertNull(keyOf("usr = 'a' OR day = 7"));
    assertNull(keyOf("usr = 'a' AND day > 7"));
    assertNull(keyOf("usr = 'a' AND day IS NULL"));
  }
}
