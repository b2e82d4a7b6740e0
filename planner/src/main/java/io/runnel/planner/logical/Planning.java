package io.runnel.planner.logical;

import io.runnel.operators.types.DataType;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.Suggestions;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.validate.RunnelTypeFactory;
import io.runnel.planner.validate.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/** One planning session: a Calcite cluster and schema holding the catalog's relations a query reads. */
public final class Planning {
  private final SchemaPlus schema;
  private final RelBuilder builder;
  private final RelConverter converter;

  public Planning(Catalog catalog) {
    this.schema = CalciteSchema.createRootSchema(false, false).plus();
    // the cluster is built here rather than by Frameworks, which always makes its own type factory
    RunnelTypeFactory types = new RunnelTypeFactory();
    VolcanoPlanner planner = new VolcanoPlanner();
    planner.setExecutor(new ConstantFolder());
    RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(types));
    CalciteCatalogReader tables = new CalciteCatalogReader(CalciteSchema.from(schema), List.of(), types, CalciteConnectionConfig.DEFAULT);
    this.builder = RelBuilder.proto(Contexts.empty()).create(cluster, tables);
    this.converter = new RelConverter(catalog, builder, schema);
  }

  public RexBuilder rexBuilder() {
    return builder.getRexBuilder();
  }

  public RelNode convert(Query query) {
    return converter.convert(query);
  }

  /** The definition behind a table scan. */
  public RelationDef relationOf(RelNode scan) {
    return scan.getTable().unwrap(RelationTable.class).def();
  }

  /**
   * The query of an INSERT, reshaped to the target's columns: listed columns take the query's values in
   * order, unlisted ones NULL; each value is cast to its column's type where that is allowed.
   */
  public RelNode convertInsert(Statement.Insert insert, RelationDef target) {
    RelNode query = converter.convert(insert.query());
    List<RelDataTypeField> fields = query.getRowType().getFieldList();
    List<String> targetNames = target.schema().names();
    List<Integer> mapping = new ArrayList<>();
    if (insert.columns().isEmpty()) {
      for (int i = 0; i < targetNames.size(); i++) {
        mapping.add(i);
      }
    } else {
      for (int i = 0; i < targetNames.size(); i++) {
        mapping.add(-1);
      }
      for (int i = 0; i < insert.columns().size(); i++) {
        Name column = insert.columns().get(i);
        int index = target.schema().indexOf(column.value());
        if (index < 0) {
          String closest = Suggestions.closest(column.value(), targetNames);
          throw new RunnelException(
              ErrorCode.UNKNOWN_COLUMN,
              column.pos(),
              "Column '" + column.value() + "' not found in " + target.name(),
              closest != null ? "Did you mean '" + closest + "'?" : "Columns: " + String.join(", ", targetNames) + ".");
        }
        if (mapping.get(index) >= 0) {
          throw RunnelException.user(ErrorCode.DUPLICATE_COLUMN, column.pos(), "Column '" + column.value() + "' is listed twice");
        }
        mapping.set(index, i);
      }
    }
    int expected = insert.columns().isEmpty() ? targetNames.size() : insert.columns().size();
    if (fields.size() != expected) {
      throw new RunnelException(
          ErrorCode.COLUMN_COUNT_MISMATCH,
          insert.query().pos(),
          "Query gives " + fields.size() + " column" + (fields.size() == 1 ? "" : "s") + ", but " + (insert.columns().isEmpty() ? target.name() + " has " : "the INSERT lists ") + expected,
          insert.columns().isEmpty() ? "Columns of " + target.name() + ": " + String.join(", ", targetNames) + "." : null);
    }
    RexBuilder rex = builder.getRexBuilder();
    TypeMapping types = new TypeMapping(rex.getTypeFactory());
    if (insert.query() instanceof Query.Values values && query instanceof Values literals) {
      checkValuesFit(values, literals, target, mapping, types);
    }
    List<RexNode> projections = new ArrayList<>();
    for (int i = 0; i < targetNames.size(); i++) {
      DataType columnType = target.schema().type(i);
      RelDataType targetType = types.toRel(columnType);
      int source = mapping.get(i);
      if (source < 0) {
        if (!columnType.nullable()) {
          throw RunnelException.user(ErrorCode.INVALID_INPUT, insert.pos(), "Column '" + targetNames.get(i) + "' is NOT NULL and needs a value");
        }
        projections.add(rex.makeNullLiteral(targetType));
        continue;
      }
      RelDataType sourceType = fields.get(source).getType();
      if (!assignable(sourceType, targetType)) {
        throw new RunnelException(
            ErrorCode.TYPE_MISMATCH,
            insert.query().pos(),
            "Column '" + targetNames.get(i) + "' of " + target.name() + " is " + columnType.withNullable(true) + ", but the query gives " + TypeMapping.describe(sourceType) + " for it",
            "CAST the value to " + columnType.withNullable(true) + ".");
      }
      RexNode ref = rex.makeInputRef(query, source);
      RelDataType cast = rex.getTypeFactory().createTypeWithNullability(targetType, sourceType.isNullable());
      projections.add(sourceType.equals(cast) ? ref : rex.makeAbstractCast(cast, ref, false));
    }
    builder.project(projections, targetNames, true);
    return builder.peek();
  }

  /**
   * Every value of an {@code INSERT ... VALUES} converted to its column's type, as the insert will convert
   * it: one that does not convert (a number out of the column's range) fails the statement, at the value,
   * rather than going to the log as NULL or an error row.
   */
  private void checkValuesFit(Query.Values values, Values literals, RelationDef target, List<Integer> mapping, TypeMapping types) {
    RexBuilder rex = builder.getRexBuilder();
    for (int i = 0; i < mapping.size(); i++) {
      int source = mapping.get(i);
      if (source < 0) {
        continue;
      }
      DataType columnType = target.schema().type(i);
      RelDataType targetType = rex.getTypeFactory().createTypeWithNullability(types.toRel(columnType), true);
      for (int r = 0; r < literals.getTuples().size(); r++) {
        RexLiteral value = literals.getTuples().get(r).get(source);
        if (value.isNull() || !SqlTypeFamily.NUMERIC.contains(value.getType())) {
          continue;
        }
        String failure = ConstantFolder.failure(rex, rex.makeAbstractCast(targetType, value, false));
        if (failure != null) {
          String name = target.schema().names().get(i);
          throw new RunnelException(
              ErrorCode.INVALID_LITERAL,
              values.rows().get(r).get(source).pos(),
              Character.toUpperCase(failure.charAt(0)) + failure.substring(1).replaceFirst(" in CAST$", ""),
              "Column '" + name + "' of " + target.name() + " is " + columnType.withNullable(true) + ".");
        }
      }
    }
  }

  private static boolean assignable(RelDataType from, RelDataType to) {
    if (from.getSqlTypeName() == SqlTypeName.NULL) {
      return true;
    }
    if (SqlTypeFamily.NUMERIC.contains(from) && SqlTypeFamily.NUMERIC.contains(to)) {
      return true;
    }
    if (SqlTypeFamily.CHARACTER.contains(from) && SqlTypeFamily.CHARACTER.contains(to)) {
      return true;
    }
    if (SqlTypeFamily.DATETIME.contains(from) && SqlTypeFamily.DATETIME.contains(to)) {
      return true;
    }
    return from.getSqlTypeName() == to.getSqlTypeName()
        || (SqlTypeFamily.INTERVAL_DAY_TIME.contains(from) && SqlTypeFamily.INTERVAL_DAY_TIME.contains(to));
  }
}
