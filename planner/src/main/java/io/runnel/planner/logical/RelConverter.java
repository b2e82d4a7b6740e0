package io.runnel.planner.logical;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Relation;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.CatalogObject;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.catalog.ViewDef;
import io.runnel.planner.validate.ExpressionAnalyzer;
import io.runnel.planner.validate.ExpressionText;
import io.runnel.planner.validate.Scope;
import io.runnel.planner.validate.TypeMapping;
import io.runnel.planner.validate.TypeRules;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.tools.RelBuilder;

/**
 * Turns a validated query AST into a Calcite {@link RelNode} through {@link RelBuilder}. Every expression
 * is type-checked by {@link ExpressionAnalyzer} first; constructs this engine does not run yet are
 * rejected here, at their position.
 */
public final class RelConverter {
  private final Catalog catalog;
  private final RelBuilder builder;
  private final SchemaPlus schema;
  private final ExpressionText text = new ExpressionText();
  private final WindowConverter windows;

  RelConverter(Catalog catalog, RelBuilder builder, SchemaPlus schema) {
    this.catalog = catalog;
    this.builder = builder;
    this.schema = schema;
    this.windows = new WindowConverter(builder);
  }

  RelBuilder builder() {
    return builder;
  }

  /** Converts {@code query}; the result is also left on the builder's stack. */
  public RelNode convert(Query query) {
    if (query instanceof Query.Select select) {
      select(select);
    } else if (query instanceof Query.Values values) {
      new ValuesConverter(builder).convert(values);
    } else if (query instanceof Query.Union union) {
      union(union);
    }
    return builder.peek();
  }

  /**
   * {@code UNION [ALL]}: both sides cast to the columns' common types, named after the left side. A union
   * without ALL is the union of all rows followed by DISTINCT (an updating result).
   */
  private void union(Query.Union union) {
    RelNode left = convert(union.left());
    builder.build();
    RelNode right = convert(union.right());
    builder.build();
    List<RelDataTypeField> l = left.getRowType().getFieldList();
    List<RelDataTypeField> r = right.getRowType().getFieldList();
    if (l.size() != r.size()) {
      throw RunnelException.user(
          ErrorCode.COLUMN_COUNT_MISMATCH, union.pos(), "Both sides of UNION need the same number of columns: the left has " + l.size() + ", the right " + r.size());
    }
    List<RelDataType> types = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      RelDataType type = TypeRules.leastRestrictive(builder.getTypeFactory(), l.get(i).getType(), r.get(i).getType());
      if (type == null || type.isStruct()) {
        throw new RunnelException(
            ErrorCode.TYPE_MISMATCH,
            union.pos(),
            "UNION column " + (i + 1) + " ('" + l.get(i).getName() + "') is " + TypeMapping.describe(l.get(i).getType()) + " on the left and " + TypeMapping.describe(r.get(i).getType()) + " on the right",
            "CAST one side to the other's type.");
      }
      types.add(type);
    }
    List<String> names = left.getRowType().getFieldNames();
    for (RelNode side : List.of(left, right)) {
      builder.push(side);
      List<RexNode> casts = new ArrayList<>();
      for (int i = 0; i < types.size(); i++) {
        RexNode ref = builder.field(i);
        casts.add(ref.getType().equals(types.get(i)) ? ref : builder.getRexBuilder().makeAbstractCast(types.get(i), ref, false));
      }
      builder.project(casts, names, true);
    }
    builder.union(true, 2);
    if (!union.all()) {
      builder.distinct();
    }
  }

  private void select(Query.Select s) {
    if (!s.orderBy().isEmpty()) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          s.orderBy().get(0).pos(),
          "ORDER BY is not supported on a standing query",
          "A stream has no end to sort up to; order by event time with windows instead.");
    }
    if (s.limit() != null) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          s.limit().pos(),
          "LIMIT is not supported on a standing query",
          "Keep the top rows per key with ROW_NUMBER() OVER (PARTITION BY k ORDER BY c DESC) AS rn and WHERE rn <= N.");
    }
    Scope scope;
    if (s.from() == null) {
      builder.values(new String[] {"ZERO"}, 0);
      scope = Scope.empty();
    } else {
      scope = relation(s.from());
    }
    ExpressionAnalyzer analyzer = new ExpressionAnalyzer(builder.getRexBuilder(), scope, e -> null, catalog);
    if (s.where() != null) {
      where(s.where(), scope, analyzer);
    }
    List<String> names = new ArrayList<>();
    if (AggregateConverter.aggregates(s, catalog)) {
      List<Expression> items = new ArrayList<>();
      for (Query.SelectItem item : s.items()) {
        if (item instanceof Query.AllColumns all) {
          expandStar(all, scope, new ArrayList<>(), names);
          for (Scope.Entry e : scope.entries()) {
            if (all.qualifier() == null || all.qualifier().value().equalsIgnoreCase(e.qualifier())) {
              List<Name> parts = new ArrayList<>();
              if (e.qualifier() != null) {
                parts.add(new Name(all.pos(), e.qualifier(), true));
              }
              parts.add(new Name(all.pos(), e.name(), true));
              items.add(new Expression.Identifier(all.pos(), parts));
            }
          }
        } else if (item instanceof Query.SingleColumn column) {
          items.add(column.expression());
          names.add(column.alias() != null ? column.alias().value() : derivedName(column.expression(), names.size()));
        }
      }
      new AggregateConverter(builder, windows, catalog).convert(s, scope, names, items);
    } else {
      if (OverConverter.hasOver(s)) {
        analyzer = new ExpressionAnalyzer(builder.getRexBuilder(), scope, new OverConverter(builder, catalog).convert(s, scope), catalog);
      }
      List<RexNode> projections = new ArrayList<>();
      for (Query.SelectItem item : s.items()) {
        if (item instanceof Query.AllColumns all) {
          expandStar(all, scope, projections, names);
        } else if (item instanceof Query.SingleColumn column) {
          projections.add(analyzer.analyze(column.expression()));
          names.add(column.alias() != null ? column.alias().value() : derivedName(column.expression(), names.size()));
        }
      }
      builder.project(projections, names, true);
    }
    if (s.distinct()) {
      builder.distinct();
    }
  }

  /** Filters by the conditions of WHERE, then semi or anti joins with each of its subqueries ({@link SubqueryJoins}). */
  private void where(Expression where, Scope scope, ExpressionAnalyzer analyzer) {
    SubqueryJoins.Split split = SubqueryJoins.split(where);
    if (split.subqueries().isEmpty()) {
      builder.filter(analyzer.condition(where, "WHERE"));
      return;
    }
    if (split.rest() != null) {
      builder.filter(analyzer.condition(split.rest(), "WHERE"));
    }
    SubqueryJoins joins = new SubqueryJoins(this, catalog);
    for (SubqueryJoins.Condition condition : split.subqueries()) {
      joins.join(condition, scope);
    }
  }

  private void expandStar(Query.AllColumns all, Scope scope, List<RexNode> projections, List<String> names) {
    boolean any = false;
    for (Scope.Entry e : scope.entries()) {
      if (all.qualifier() == null || all.qualifier().value().equalsIgnoreCase(e.qualifier())) {
        projections.add(builder.getRexBuilder().makeInputRef(e.type(), e.index()));
        names.add(e.name());
        any = true;
      }
    }
    if (!any) {
      throw all.qualifier() == null
          ? RunnelException.user(ErrorCode.UNKNOWN_COLUMN, all.pos(), "SELECT * with no FROM clause has no columns")
          : RunnelException.user(ErrorCode.UNKNOWN_RELATION, all.pos(), "'" + all.qualifier().value() + "' is not a stream, table or alias in FROM");
    }
  }

  private String derivedName(Expression e, int index) {
    if (e instanceof Expression.Identifier id) {
      List<Name> parts = id.parts();
      return parts.get(parts.size() - 1).value();
    }
    if (e instanceof Expression.FieldAccess f) {
      return f.field().value();
    }
    return "EXPR$" + index;
  }

  /** Converts a relation of FROM onto the builder; returns the columns it offers. */
  Scope relation(Relation r) {
    if (r instanceof Relation.TableRef ref) {
      CatalogObject object = catalog.resolve(ref.dotted(), ref.pos());
      String qualifier = ref.alias() != null ? ref.alias().value() : object.name();
      if (object instanceof RelationDef def) {
        if (schema.getTable(def.name()) == null) {
          schema.add(def.name(), new RelationTable(def));
        }
        builder.scan(def.name());
      } else if (object instanceof ViewDef view) {
        convert(view.query());
      }
      RelDataType rowType = builder.peek().getRowType();
      return Scope.of(qualifier, rowType);
    }
    if (r instanceof Relation.Subquery sub) {
      convert(sub.query());
      return Scope.of(sub.alias() == null ? null : sub.alias().value(), builder.peek().getRowType());
    }
    if (r instanceof Relation.Join join) {
      return join(join);
    }
    if (r instanceof Relation.TemporalTable t) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          t.pos(),
          "FOR SYSTEM_TIME AS OF names the table on the right of a JOIN",
          "Write FROM s JOIN " + t.dotted() + " FOR SYSTEM_TIME AS OF s.ts ON ...");
    }
    if (r instanceof Relation.MatchRecognize mr) {
      Scope input = relation(mr.input());
      return new MatchConverter(builder, catalog).convert(mr, input);
    }
    if (r instanceof Relation.TableFunction tvf) {
      return windows.tableFunction(tvf, t -> relation(new Relation.TableRef(t.pos(), t.name(), null)));
    }
    throw new IllegalArgumentException("unknown relation " + r);
  }

  /**
   * The most relations one join tree takes: planning infers predicates across every pair of its conditions,
   * which grows faster than the square of their number (32 plan in about a second, 120 in over half a
   * minute); past this a query is refused rather than left to plan for minutes.
   */
  static final int MAX_JOINED = 32;

  private static int relations(Relation r) {
    return r instanceof Relation.Join j ? relations(j.left()) + relations(j.right()) : 1;
  }

  /**
   * {@code left [INNER|LEFT|RIGHT|FULL] JOIN right ON condition}, or {@code CROSS JOIN} (and a comma in FROM)
   * with the condition TRUE: the WHERE clause above it is moved into it by the optimizer. The condition sees
   * the columns of both sides, each under its own qualifier.
   */
  private Scope join(Relation.Join join) {
    int relations = relations(join);
    if (relations > MAX_JOINED) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          join.pos(),
          "A FROM clause joins at most " + MAX_JOINED + " streams, tables or subqueries, and this one joins " + relations,
          "Join some of them in a view or a subquery first.");
    }
    Scope left = relation(join.left());
    int leftWidth = builder.peek().getRowType().getFieldCount();
    if (join.right() instanceof Relation.TemporalTable versions) {
      return new TemporalJoins(builder, catalog, schema).join(join, versions, left, leftWidth);
    }
    Scope right = relation(join.right());
    Scope both = Scope.join(left, leftWidth, right);
    RexNode condition =
        join.condition() == null
            ? builder.literal(true)
            : new ExpressionAnalyzer(builder.getRexBuilder(), both, e -> null, catalog).condition(join.condition(), "ON");
    JoinRelType type =
        switch (join.type()) {
          case INNER, CROSS -> JoinRelType.INNER;
          case LEFT -> JoinRelType.LEFT;
          case RIGHT -> JoinRelType.RIGHT;
          case FULL -> JoinRelType.FULL;
        };
    builder.join(type, condition);
    // an outer join's padded side reads as nullable above it
    return both.withTypes(builder.peek().getRowType());
  }
}
