package io.runnel.runtime;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.validate.DdlAnalyzer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A version of a materialized view as the catalog log keeps it, in one entry: {@code VIEW <name>}, then
 * {@code incarnation <n>} (which names its log's directory and is its version: the ordinal of this entry,
 * or for a version that replaces another that of the {@link ReplacingEntry} written when it began), {@code key <columns>}
 * (column indexes, {@code -} for none, absent for a bag of rows), {@code changelog updating|inserts},
 * {@code columns <column definitions>}, {@code replaces <query id>} for a version that replaces another,
 * and then the persistent query that writes it, as a {@link StoredQuery} (whose statement is the {@code
 * CREATE MATERIALIZED VIEW}).
 *
 * <p>One entry, appended atomically, so that no crash leaves a view without the query that writes it, or
 * the query of the version before writing into the new one. The columns and key are recorded rather than
 * planned again when the engine opens, so that the view and its rows stay readable when its query no
 * longer plans (a function's class is gone, say).
 */
record ViewEntry(String name, long incarnation, RelationDef.View view, Schema schema, String replaces, StoredQuery query) {
  static final String PREFIX = "VIEW ";

  ViewEntry {
    requireNonNull(name, "name is null");
    requireNonNull(view, "view is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(query, "query is null");
  }

  RelationDef definition() {
    return RelationDef.materializedView(name, schema, view, query.sql());
  }

  String encode() {
    StringBuilder sb = new StringBuilder(PREFIX).append(name).append('\n');
    sb.append("incarnation ").append(incarnation).append('\n');
    if (view.key() != null) {
      sb.append("key ").append(view.key().isEmpty() ? "-" : String.join(",", view.key().stream().map(String::valueOf).toList())).append('\n');
    }
    sb.append("changelog ").append(view.updating() ? "updating" : "inserts").append('\n');
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      columns.add(quote(schema.name(i)) + " " + sqlType(schema.type(i)));
    }
    sb.append("columns ").append(String.join(", ", columns)).append('\n');
    if (replaces != null) {
      sb.append("replaces ").append(replaces).append('\n');
    }
    return sb.append(query.encode()).toString();
  }

  static ViewEntry decode(String entry) {
    int stored = entry.indexOf("\n" + StoredQuery.PREFIX);
    if (!entry.startsWith(PREFIX) || stored < 0) {
      throw new IllegalArgumentException("not a view: " + entry);
    }
    String[] lines = entry.substring(0, stored).split("\n");
    String name = lines[0].substring(PREFIX.length());
    long incarnation = -1;
    String replaces = null;
    List<Integer> key = null;
    boolean updating = false;
    Schema schema = null;
    for (String line : Arrays.asList(lines).subList(1, lines.length)) {
      if (line.startsWith("incarnation ")) {
        incarnation = Long.parseLong(line.substring(12).trim());
      } else if (line.startsWith("replaces ")) {
        replaces = line.substring(9).trim();
      } else if (line.startsWith("key ")) {
        String k = line.substring(4).trim();
        key = k.equals("-") ? List.of() : Arrays.stream(k.split(",")).map(Integer::valueOf).toList();
      } else if (line.startsWith("changelog ")) {
        updating = line.substring(10).trim().equals("updating");
      } else if (line.startsWith("columns ")) {
        String ddl = "CREATE STREAM v (" + line.substring(8) + ")";
        schema = new DdlAnalyzer().stream((Statement.CreateStream) SqlParser.parseStatement(ddl), ddl).schema();
      }
    }
    if (schema == null) {
      throw new IllegalArgumentException("a view without columns: " + entry);
    }
    return new ViewEntry(name, incarnation, new RelationDef.View(updating, key), schema, replaces, StoredQuery.decode(entry.substring(stored + 1)));
  }

  /** The type as a column definition spells it, field names of a ROW quoted. */
  private static String sqlType(DataType type) {
    String base =
        type.kind() == TypeKind.ROW
            ? "ROW<" + String.join(", ", type.fields().stream().map(f -> quote(f.name()) + " " + sqlType(f.type())).toList()) + ">"
            : type.withNullable(true).toString();
    return type.nullable() ? base : base + " NOT NULL";
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
