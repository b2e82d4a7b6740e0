package io.runnel.planner.logical;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Query;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.validate.ExpressionAnalyzer;
import io.runnel.planner.validate.Scope;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * The subqueries of a WHERE clause: {@code x [NOT] IN (SELECT ...)} and {@code [NOT] EXISTS (SELECT ...)},
 * each a condition joined to the others by AND. Each becomes a semi join of the rows read so far with the
 * subquery's rows (an anti join when negated), whose condition is the subquery's WHERE (which may read the
 * enclosing query's columns) and, for IN, the equality of the value with the subquery's column.
 *
 * <p>{@code NOT IN} keeps SQL's meaning where NULLs are: a row is kept only when its value is unequal to every
 * row of the subquery, so a NULL on either side counts as a match (a row with a NULL value is kept only when
 * the subquery has no rows). Where neither side can be NULL this is a plain anti join on the equality; where
 * one can, two anti joins ({@link #notIn}), or one whose condition has no key when the subquery reads the
 * enclosing query's columns.
 *
 * <p>A subquery that reads the enclosing query's columns must be a plain {@code SELECT ... FROM ... [WHERE
 * ...]}; any other subquery (with GROUP BY, DISTINCT, UNION and the like) is planned on its own first.
 */
final class SubqueryJoins {

  /** One subquery condition: {@code in} is null for EXISTS. */
  record Condition(Expression source, Expression.InSubquery in, Query query, boolean negated) {}

  /** A WHERE clause split into its subquery conditions and the rest ({@code rest} null when nothing is left). */
  record Split(Expression rest, List<Condition> subqueries) {}

  private final RelConverter converter;
  private final RelBuilder builder;
  private final Catalog catalog;

  SubqueryJoins(RelConverter converter, Catalog catalog) {
    this.converter = converter;
    this.builder = converter.builder();
    this.catalog = catalog;
  }

  /** Splits {@code where} at its top-level ANDs into subquery conditions and the others, in their order. */
  static Split split(Expression where) {
    List<Expression> conjuncts = new ArrayList<>();
    conjuncts(where, conjuncts);
    List<Condition> subqueries = new ArrayList<>();
    Expression rest = null;
    for (Expression e : conjuncts) {
      Condition c = condition(e);
      if (c != null) {
        subqueries.add(c);
      } else {
        rest = rest == null ? e : new Expression.Binary(rest.pos(), Expression.BinaryOperator.AND, rest, e);
      }
    }
    return new Split(rest, subqueries);
  }

  private static void conjuncts(Expression e, List<Expression> out) {
    if (e instanceof Expression.Binary b && b.operator() == Expression.BinaryOperator.AND) {
      conjuncts(b.left(), out);
      conjuncts(b.right(), out);
    } else {
      out.add(e);
    }
  }

  private static Condition condition(Expression e) {
    boolean not = false;
    Expression inner = e;
    if (e instanceof Expression.Unary u && u.operator() == Expression.UnaryOperator.NOT) {
      not = true;
      inner = u.operand();
    }
    if (inner instanceof Expression.Exists exists) {
      return new Condition(e, null, exists.query(), not);
    }
    if (inner instanceof Expression.InSubquery in) {
      return new Condition(e, in, in.query(), not != in.negated());
    }
    return null;
  }

  /**
   * Joins the rows on top of the builder, whose columns {@code outer} names, with the subquery of {@code
   * condition}: a semi or anti join that leaves the same columns on top.
   */
  void join(Condition condition, Scope outer) {
    int width = builder.peek().getRowType().getFieldCount();
    ExpressionAnalyzer outerAnalyzer = new ExpressionAnalyzer(builder.getRexBuilder(), outer, e -> null, catalog);
    List<RexNode> conjuncts = new ArrayList<>();
    RexNode value = condition.in() == null ? null : outerAnalyzer.analyze(condition.in().operand());
    RexNode column;
    if (condition.query() instanceof Query.Select s && plain(s)) {
      Scope inner = Scope.nested(outer, width, converter.relation(s.from()));
      ExpressionAnalyzer analyzer = new ExpressionAnalyzer(builder.getRexBuilder(), inner, e -> null, catalog);
      if (s.where() != null) {
        conjuncts.add(analyzer.condition(s.where(), "WHERE"));
      }
      List<RexNode> items = new ArrayList<>();
      for (Query.SelectItem item : s.items()) {
        if (item instanceof Query.SingleColumn single) {
          items.add(analyzer.analyze(single.expression()));
        } else if (value != null) {
          throw oneColumn(condition, -1);
        }
      }
      column = value == null ? null : only(items, condition);
    } else {
      converter.convert(condition.query());
      List<RelDataTypeField> fields = builder.peek().getRowType().getFieldList();
      if (value != null && fields.size() != 1) {
        throw oneColumn(condition, fields.size());
      }
      column = value == null ? null : builder.getRexBuilder().makeInputRef(fields.get(0).getType(), width);
    }
    if (value != null && condition.negated() && (value.getType().isNullable() || column.getType().isNullable()) && !reads(conjuncts, column, width)) {
      builder.build(); // planned again, twice, on its own
      notIn(condition, outerAnalyzer, value);
      return;
    }
    if (value != null) {
      conjuncts.add(equality(outerAnalyzer, condition, value, column));
    }
    RexNode on = RexUtil.composeConjunction(builder.getRexBuilder(), conjuncts);
    builder.join(condition.negated() ? JoinRelType.ANTI : JoinRelType.SEMI, on);
  }

  /** True when the subquery's condition or column reads a column of the enclosing query (below {@code width}). */
  private static boolean reads(List<RexNode> conjuncts, RexNode column, int width) {
    List<RexNode> all = new ArrayList<>(conjuncts);
    all.add(column);
    return all.stream().anyMatch(n -> RelOptUtil.InputFinder.bits(n).asList().stream().anyMatch(i -> i < width));
  }

  /**
   * {@code x NOT IN (subquery)} over values that may be NULL, the subquery not reading the enclosing query:
   * an anti join on {@code x = y}, keyed, then an anti join with the subquery's distinct {@code y IS NULL}
   * (at most two rows, each coming once) on {@code x IS NULL OR y_is_null}: a row goes if its value is NULL
   * and the subquery has rows, or if the subquery has a NULL. Each row of the stream meets two rows at most,
   * where {@code x = y OR x IS NULL OR y IS NULL} as one condition would meet every row of the subquery.
   */
  private void notIn(Condition condition, ExpressionAnalyzer outerAnalyzer, RexNode value) {
    RexBuilder rex = builder.getRexBuilder();
    int width = builder.peek().getRowType().getFieldCount();
    converter.convert(condition.query());
    RelDataType y = builder.peek().getRowType().getFieldList().get(0).getType();
    builder.join(JoinRelType.ANTI, outerAnalyzer.compare(SqlStdOperatorTable.EQUALS, condition.in(), value, rex.makeInputRef(y, width), "IN"));
    converter.convert(condition.query());
    builder.project(List.of(builder.isNull(builder.field(0))), List.of("has_null"));
    builder.distinct();
    RexNode hasNull = rex.makeInputRef(builder.peek().getRowType().getFieldList().get(0).getType(), width);
    builder.join(JoinRelType.ANTI, RexUtil.composeDisjunction(rex, List.of(rex.makeCall(SqlStdOperatorTable.IS_NULL, value), hasNull)));
  }

  /** A subquery that may read the enclosing query's columns: SELECT ... FROM ... [WHERE ...] and nothing more. */
  private boolean plain(Query.Select s) {
    return s.from() != null
        && s.groupBy().isEmpty()
        && s.having() == null
        && !s.distinct()
        && s.orderBy().isEmpty()
        && s.limit() == null
        && !AggregateConverter.aggregates(s, catalog)
        && !OverConverter.hasOver(s);
  }

  /** {@code value = column}; for NOT IN, a NULL on either side also counts as a match (see the class comment). */
  private RexNode equality(ExpressionAnalyzer analyzer, Condition condition, RexNode value, RexNode column) {
    RexNode equal = analyzer.compare(SqlStdOperatorTable.EQUALS, condition.in(), value, column, "IN");
    if (!condition.negated()) {
      return equal;
    }
    RexBuilder rex = builder.getRexBuilder();
    List<RexNode> any = new ArrayList<>(List.of(equal));
    for (RexNode side : List.of(value, column)) {
      if (side.getType().isNullable()) {
        any.add(rex.makeCall(SqlStdOperatorTable.IS_NULL, side));
      }
    }
    return RexUtil.composeDisjunction(rex, any);
  }

  private static RexNode only(List<RexNode> items, Condition condition) {
    if (items.size() != 1) {
      throw oneColumn(condition, items.size());
    }
    return items.get(0);
  }

  private static RunnelException oneColumn(Condition condition, int columns) {
    return new RunnelException(
        ErrorCode.COLUMN_COUNT_MISMATCH,
        condition.query().pos(),
        "The subquery of IN must select one column" + (columns < 0 ? ", not *" : ", not " + columns),
        "Select the one column the value is compared with.");
  }
}
