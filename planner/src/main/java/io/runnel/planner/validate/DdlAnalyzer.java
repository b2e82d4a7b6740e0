package io.runnel.planner.validate;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.parser.Durations;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.Sizes;
import io.runnel.parser.Suggestions;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.dag.RexToExpr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;

/** Checks CREATE STREAM and CREATE TABLE and turns them into catalog definitions. */
public final class DdlAnalyzer {
  /** Every option a WITH clause may set, with the values it allows (empty: any value). */
  private static final Map<String, Set<String>> OPTIONS =
      Map.ofEntries(
          Map.entry("connector", Set.of("none", "file", "nexmark")),
          Map.entry("path", Set.of()),
          Map.entry("format", Set.of("csv", "json")),
          Map.entry("csv.header", Set.of("true", "false")),
          Map.entry("rate", Set.of()),
          Map.entry("events", Set.of()),
          Map.entry(RelationDef.IDLE_TIMEOUT, Set.of()),
          Map.entry(RelationDef.MAX_AHEAD, Set.of()),
          Map.entry(RelationDef.PARTITIONS, Set.of()),
          Map.entry(RelationDef.RETENTION, Set.of()),
          Map.entry(RelationDef.RETENTION_SIZE, Set.of()));
  /** Options accepted but never suggested: they exist for tests. */
  private static final Map<String, Set<String>> HIDDEN_OPTIONS = Map.of(RelationDef.ROLL_CYCLE, Set.of("daily", "secondly"));

  private final RelDataTypeFactory typeFactory = new RunnelTypeFactory();
  private final RexBuilder rex = new RexBuilder(typeFactory);

  public RelationDef stream(Statement.CreateStream s, String ddl) {
    return relation(s.name(), RelationDef.Kind.STREAM, s.columns(), List.of(), s.watermark(), s.properties(), ddl);
  }

  public RelationDef table(Statement.CreateTable t, String ddl) {
    return relation(t.name(), RelationDef.Kind.TABLE, t.columns(), t.primaryKey(), t.watermark(), t.properties(), ddl);
  }

  private RelationDef relation(
      Name name,
      RelationDef.Kind kind,
      List<Statement.ColumnDef> columns,
      List<Name> primaryKey,
      Statement.WatermarkDef watermark,
      List<Statement.Property> properties,
      String ddl) {
    Set<String> seen = new HashSet<>();
    List<DataType.Field> fields = new ArrayList<>();
    for (Statement.ColumnDef c : columns) {
      if (!seen.add(c.name().value().toLowerCase(Locale.ROOT))) {
        throw RunnelException.user(ErrorCode.DUPLICATE_COLUMN, c.pos(), "Column '" + c.name().value() + "' is defined twice");
      }
      fields.add(new DataType.Field(c.name().value(), TypeMapping.fromSpec(c.type())));
    }
    List<Integer> keys = new ArrayList<>();
    if (kind == RelationDef.Kind.TABLE && primaryKey.isEmpty()) {
      throw new RunnelException(
          ErrorCode.INVALID_DEFINITION,
          name.pos(),
          "Table '" + name.value() + "' needs a PRIMARY KEY",
          "A table keeps the latest row per key; for an append-only log use CREATE STREAM.");
    }
    for (Name key : primaryKey) {
      int index = columnIndex(fields, key, name.value());
      if (keys.contains(index)) {
        throw RunnelException.user(ErrorCode.DUPLICATE_COLUMN, key.pos(), "Column '" + key.value() + "' is in the PRIMARY KEY twice");
      }
      keys.add(index);
      fields.set(index, new DataType.Field(fields.get(index).name(), fields.get(index).type().withNullable(false)));
    }
    Schema schema = new Schema(fields);
    int rowtime = -1;
    Expr watermarkExpr = null;
    String watermarkText = null;
    if (watermark != null) {
      rowtime = columnIndex(fields, watermark.column(), name.value());
      TypeKind k = fields.get(rowtime).type().kind();
      if (k != TypeKind.TIMESTAMP && k != TypeKind.TIMESTAMP_LTZ) {
        throw RunnelException.user(
            ErrorCode.TYPE_MISMATCH,
            watermark.column().pos(),
            "Event-time column '" + watermark.column().value() + "' must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), not " + fields.get(rowtime).type().withNullable(true));
      }
      Scope scope = Scope.of(name.value(), new TypeMapping(typeFactory).toRel(schema));
      ExpressionAnalyzer analyzer = new ExpressionAnalyzer(rex, scope);
      RexNode node = analyzer.analyze(watermark.expression());
      if (!TypeRules.isTimestamp(node.getType())) {
        throw RunnelException.user(
            ErrorCode.TYPE_MISMATCH,
            watermark.expression().pos(),
            "WATERMARK expression '" + analyzer.textOf(watermark.expression()) + "' must be a TIMESTAMP, not " + TypeMapping.describe(node.getType()));
      }
      watermarkExpr = new RexToExpr(rex).translate(node);
      watermarkText = analyzer.textOf(watermark.expression());
    }
    Map<String, String> options = options(properties);
    for (Statement.Property p : properties) {
      String key = p.key().toLowerCase(Locale.ROOT);
      if (key.equals(RelationDef.PARTITIONS)) {
        checkPartitions(p);
      }
      if (key.equals(RelationDef.RETENTION) || key.equals(RelationDef.RETENTION_SIZE)) {
        checkRetention(p, key, kind);
      }
      if (key.equals(RelationDef.IDLE_TIMEOUT) || key.equals(RelationDef.MAX_AHEAD)) {
        if (Durations.parseMillis(p.value()) < 0) {
          throw new RunnelException(
              ErrorCode.INVALID_OPTION, p.pos(), "Invalid value '" + p.value() + "' for option '" + key + "'", "Give a duration such as '500 ms', '30 s' or '5 min'.");
        }
        if (watermark == null) {
          throw new RunnelException(
              ErrorCode.INVALID_OPTION, p.pos(), "Option '" + key + "' needs a watermark", "Declare WATERMARK FOR <column> AS <column> - INTERVAL '1' SECOND.");
        }
      }
    }
    return new RelationDef(name.value(), kind, schema, keys, rowtime, watermarkExpr, watermarkText, options, ddl);
  }

  private static void checkRetention(Statement.Property p, String key, RelationDef.Kind kind) {
    if (kind == RelationDef.Kind.TABLE) {
      throw new RunnelException(
          ErrorCode.INVALID_OPTION,
          p.pos(),
          "Option '" + key + "' applies to streams only",
          "A table keeps the latest row per key: its log is compacted, never cut by age or size.");
    }
    boolean duration = key.equals(RelationDef.RETENTION);
    long value = duration ? Durations.parseMillis(p.value()) : Sizes.parseBytes(p.value());
    if (value <= 0) {
      throw new RunnelException(
          ErrorCode.INVALID_OPTION,
          p.pos(),
          "Invalid value '" + p.value() + "' for option '" + key + "'",
          duration ? "Give a positive duration such as '12 h' or '7 d'." : "Give a positive size such as '500 MB' or '10 GB' (units B, KB, MB, GB, TB).");
    }
  }

  private static void checkPartitions(Statement.Property p) {
    int n;
    try {
      n = Integer.parseInt(p.value().trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > RelationDef.MAX_PARTITIONS) {
      throw new RunnelException(
          ErrorCode.INVALID_OPTION,
          p.pos(),
          "Invalid value '" + p.value() + "' for option 'partitions'",
          "Give a whole number from 1 to " + RelationDef.MAX_PARTITIONS + ".");
    }
  }

  private static int columnIndex(List<DataType.Field> fields, Name column, String relation) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equalsIgnoreCase(column.value())) {
        return i;
      }
    }
    List<String> names = fields.stream().map(DataType.Field::name).toList();
    String closest = Suggestions.closest(column.value(), names);
    throw new RunnelException(
        ErrorCode.UNKNOWN_COLUMN,
        column.pos(),
        "Column '" + column.value() + "' not found in " + relation,
        closest != null ? "Did you mean '" + closest + "'?" : "Columns: " + String.join(", ", names) + ".");
  }

  private static Map<String, String> options(List<Statement.Property> properties) {
    Map<String, String> options = new LinkedHashMap<>();
    for (Statement.Property p : properties) {
      String key = p.key().toLowerCase(Locale.ROOT);
      Set<String> allowed = OPTIONS.containsKey(key) ? OPTIONS.get(key) : HIDDEN_OPTIONS.get(key);
      if (allowed == null) {
        String closest = Suggestions.closest(key, OPTIONS.keySet());
        throw new RunnelException(
            ErrorCode.INVALID_OPTION,
            p.pos(),
            "Unknown option '" + p.key() + "'",
            closest != null ? "Did you mean '" + closest + "'?" : "Options: " + String.join(", ", OPTIONS.keySet().stream().sorted().toList()) + ".");
      }
      String value = allowed.isEmpty() ? p.value() : p.value().toLowerCase(Locale.ROOT);
      if (!allowed.isEmpty() && !allowed.contains(value)) {
        throw new RunnelException(
            ErrorCode.INVALID_OPTION,
            p.pos(),
            "Invalid value '" + p.value() + "' for option '" + key + "'",
            "Allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ".");
      }
      if (options.put(key, value) != null) {
        throw RunnelException.user(ErrorCode.INVALID_OPTION, p.pos(), "Option '" + key + "' is set twice");
      }
    }
    String connector = options.getOrDefault("connector", "none");
    if (connector.equals("file")) {
      for (String required : List.of("path", "format")) {
        if (!options.containsKey(required)) {
          throw RunnelException.user(ErrorCode.INVALID_OPTION, properties.isEmpty() ? null : properties.get(0).pos(), "The file connector needs the option '" + required + "'");
        }
      }
    }
    for (String numeric : List.of("rate", "events")) {
      String v = options.get(numeric);
      if (v != null) {
        try {
          if (Long.parseLong(v) <= 0) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          var at = properties.stream().filter(p -> p.key().equalsIgnoreCase(numeric)).findFirst().map(p -> p.pos()).orElse(null);
          throw new RunnelException(
              ErrorCode.INVALID_OPTION, at, "Option '" + numeric + "' must be a positive integer, not '" + v + "'", "Give a whole number greater than 0, such as '1000'.");
        }
      }
    }
    return options;
  }
}
