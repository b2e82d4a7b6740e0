package io.runnel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.planner.catalog.RelationDef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A view's catalog entry gives back its columns, key, changelog and query exactly. */
class ViewEntryTest {

  @Test
  void anEntryDecodesToWhatWasEncoded() {
    Schema schema =
        new Schema(
            List.of(
                new DataType.Field("user id", DataType.of(TypeKind.BIGINT).withNullable(false)),
                new DataType.Field("amount", DataType.decimal(12, 3)),
                new DataType.Field("seen`at", DataType.of(TypeKind.TIMESTAMP_LTZ)),
                new DataType.Field("where", DataType.row(List.of(new DataType.Field("odd name", DataType.of(TypeKind.VARCHAR)), new DataType.Field("n", DataType.of(TypeKind.INT)))))));
    StoredQuery query = new StoredQuery("q7", "CREATE MATERIALIZED VIEW v AS SELECT 1", new SessionOptions(Map.of("parallelism", "2")), Map.of());
    for (RelationDef.View view : List.of(new RelationDef.View(true, List.of(0, 2)), new RelationDef.View(false, List.of()), new RelationDef.View(false, null))) {
      ViewEntry entry = new ViewEntry("v", 12, view, schema, "q3", query);
      ViewEntry back = ViewEntry.decode(entry.encode());
      assertEquals(entry.encode(), back.encode());
      assertEquals(schema, back.schema());
      assertEquals(view, back.view());
      assertEquals(12, back.incarnation());
      assertEquals("q3", back.replaces());
      assertEquals(query.sql(), back.query().sql());
      assertEquals("q7", back.query().id());
    }
    assertEquals(null, ViewEntry.decode(new ViewEntry("v", 1, new RelationDef.View(false, null), schema, null, query).encode()).replaces());
  }
}
