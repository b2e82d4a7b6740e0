package io.runnel.planner.logical;

import io.runnel.operators.over.UpdatingOverAggregateSpec;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Query;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.FunctionDef;
import io.runnel.planner.validate.ExpressionAnalyzer;
import io.runnel.planner.validate.FunctionAnalyzer;
import io.runnel.planner.validate.Scope;
import io.runnel.planner.validate.TypeMapping;
import io.runnel.planner.validate.TypeRules;
import io.runnel.planner.validate.UserFunctions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * The {@code OVER} aggregates of a SELECT. They must share one window (as in Flink): PARTITION BY any
 * expressions, ORDER BY the event-time column ascending over an insert-only input, any columns over an
 * updating one (which the physical plan tells apart), a frame ending at the current row. The input gets
 * the partition keys and arguments as extra columns, an {@link OverWindowRel} appends one column per call,
 * and the SELECT items then read those columns in place of the calls.
 */
final class OverConverter {
  private final RelBuilder builder;
  private final RexBuilder rex;
  private final Catalog catalog; // user-defined aggregates; may be null

  OverConverter(RelBuilder builder, Catalog catalog) {
    this.builder = builder;
    this.catalog = catalog;
    this.rex = builder.getRexBuilder();
  }

  static boolean hasOver(Query.Select s) {
    return !overCalls(s).isEmpty();
  }

  private static List<Expression.FunctionCall> overCalls(Query.Select s) {
    List<Expression.FunctionCall> calls = new ArrayList<>();
    for (Query.SelectItem item : s.items()) {
      if (item instanceof Query.SingleColumn c) {
        AggregateConverter.walk(c.expression(), e -> {
          if (e instanceof Expression.FunctionCall f && f.over() != null) {
            calls.add(f);
          }
        });
      }
    }
    return calls;
  }

  /**
   * Puts the OVER aggregation over the input on the builder; returns the substitution that reads each OVER
   * call's column, for analyzing the SELECT items over {@code scope} (the input's columns keep their places).
   */
  Function<Expression, RexNode> convert(Query.Select s, Scope scope) {
    List<Expression.FunctionCall> calls = overCalls(s);
    ExpressionAnalyzer input = new ExpressionAnalyzer(rex, scope);
    if (calls.stream().anyMatch(OverConverter::ranking)) {
      return rank(s, calls, input);
    }
    Expression.Over window = calls.get(0).over();
    String signature = signature(window, input);
    for (Expression.FunctionCall f : calls) {
      if (!signature(f.over(), input).equals(signature)) {
        throw new RunnelException(
            ErrorCode.UNSUPPORTED, f.over().pos(), "All OVER windows of a SELECT must be the same, and this one differs from the first", "Compute the other window in a separate query.");
      }
    }
    RelNode in = builder.peek();
    int width = in.getRowType().getFieldCount();
    List<RexNode> projected = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (RelDataTypeField field : in.getRowType().getFieldList()) {
      projected.add(rex.makeInputRef(field.getType(), field.getIndex()));
      names.add(field.getName());
    }
    List<Integer> keys = new ArrayList<>();
    for (Expression e : window.partitionBy()) {
      keys.add(column(projected, names, input.analyze(e)));
    }
    List<RelFieldCollation> order = new ArrayList<>();
    List<RexNode> orderNodes = new ArrayList<>();
    for (Query.OrderItem item : window.orderBy()) {
      RexNode node = input.analyze(item.expression());
      orderNodes.add(node);
      order.add(collation(column(projected, names, node), item));
    }
    boolean rows = window.frame() != null && window.frame().rows();
    long preceding = preceding(window, input);
    OverWindowRel.Refusal overInserts = refusedOverInserts(window, orderNodes, input);
    OverWindowRel.Refusal overUpdates = refusedOverUpdates(window, orderNodes, rows, preceding, input);
    int time = overInserts == null ? ((RexInputRef) orderNodes.get(0)).getIndex() : -1;
    List<Object[]> argumentsOf = new ArrayList<>(); // per call: {function, argument index, filter index}
    for (Expression.FunctionCall f : calls) {
      argumentsOf.add(arguments(f, input, projected, names));
    }
    builder.project(projected, names, true);
    RelNode extended = builder.peek();
    RelDataTypeFactory types = builder.getTypeFactory();
    List<AggregateCall> aggCalls = new ArrayList<>();
    Map<Expression.FunctionCall, Integer> column = new IdentityHashMap<>();
    List<String> seen = new ArrayList<>();
    // a call that is a whole SELECT item is named as the item, so that EXPLAIN reads as the query
    Map<Expression, String> itemNames = new IdentityHashMap<>();
    for (Query.SelectItem item : s.items()) {
      if (item instanceof Query.SingleColumn c && c.alias() != null) {
        itemNames.put(c.expression(), c.alias().value());
      }
    }
    for (int i = 0; i < calls.size(); i++) {
      Expression.FunctionCall f = calls.get(i);
      Object[] a = argumentsOf.get(i);
      String key = upper(f) + f.distinct() + "/" + a[1] + "/" + a[2];
      int index = seen.indexOf(key);
      if (index < 0) {
        index = seen.size();
        seen.add(key);
        int argument = (Integer) a[1];
        aggCalls.add(
            AggregateCall.create(
                (SqlAggFunction) a[0], f.distinct(), false, false, argument < 0 ? List.of() : List.of(argument), (Integer) a[2],
                null, RelCollations.EMPTY, Math.max(1, keys.size()), extended, null, itemNames.getOrDefault(f, "w0$o" + index)));
      }
      column.put(f, width + index);
    }
    List<RelDataType> outTypes = new ArrayList<>();
    List<String> outNames = new ArrayList<>();
    for (RelDataTypeField field : in.getRowType().getFieldList()) {
      outTypes.add(field.getType());
      outNames.add(field.getName());
    }
    for (RelDataTypeField field : extended.getRowType().getFieldList().subList(width, extended.getRowType().getFieldCount())) {
      outTypes.add(field.getType());
      outNames.add(field.getName());
    }
    for (AggregateCall call : aggCalls) {
      outTypes.add(call.getType());
      outNames.add(call.getName());
    }
    RelDataType rowType = types.createStructType(outTypes, outNames);
    builder.build();
    builder.push(
        new OverWindowRel(extended.getCluster(), extended.getTraitSet(), extended, keys, order, time, rows, preceding, aggCalls, rowType, window.pos(), overInserts, overUpdates));
    int extra = extended.getRowType().getFieldCount() - width;
    return e -> {
      Integer c = e instanceof Expression.FunctionCall f ? column.get(f) : null;
      return c == null ? null : rex.makeInputRef(rowType.getFieldList().get(c + extra).getType(), c + extra);
    };
  }

  private static final Map<String, SqlKind> RANKING = Map.of("ROW_NUMBER", SqlKind.ROW_NUMBER, "RANK", SqlKind.RANK, "DENSE_RANK", SqlKind.DENSE_RANK);

  private static boolean ranking(Expression.FunctionCall f) {
    return RANKING.containsKey(upper(f));
  }

  /**
   * A ranking function over its partition, alone in its SELECT: a {@link RankRel} over the input with the
   * partition keys and order columns added. ORDER BY without NULLS puts nulls first ascending, last
   * descending, as Flink does.
   */
  private Function<Expression, RexNode> rank(Query.Select s, List<Expression.FunctionCall> calls, ExpressionAnalyzer input) {
    Expression.FunctionCall f = calls.get(0);
    if (calls.size() > 1) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, calls.get(1).pos(), "A SELECT with " + upper(f) + "() OVER can have no other OVER call", "Compute the other one in a query of its own.");
    }
    Expression.Over window = f.over();
    if (!f.arguments().isEmpty() || f.star()) {
      throw RunnelException.user(ErrorCode.WRONG_ARGUMENTS, f.pos(), upper(f) + "() takes no arguments");
    }
    if (window.frame() != null) {
      throw RunnelException.user(ErrorCode.INVALID_WINDOW, window.pos(), upper(f) + "() ranks the whole partition; it takes no frame");
    }
    if (window.orderBy().isEmpty()) {
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW, window.pos(), upper(f) + "() needs an ORDER BY to rank by", "Write " + upper(f) + "() OVER (PARTITION BY k ORDER BY price DESC).");
    }
    RelNode in = builder.peek();
    List<RexNode> projected = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (RelDataTypeField field : in.getRowType().getFieldList()) {
      projected.add(rex.makeInputRef(field.getType(), field.getIndex()));
      names.add(field.getName());
    }
    List<Integer> keys = new ArrayList<>();
    for (Expression e : window.partitionBy()) {
      keys.add(column(projected, names, input.analyze(e)));
    }
    List<RelFieldCollation> order = new ArrayList<>();
    for (Query.OrderItem item : window.orderBy()) {
      order.add(collation(column(projected, names, input.analyze(item.expression())), item));
    }
    builder.project(projected, names, true);
    RelNode extended = builder.build();
    int width = in.getRowType().getFieldCount();
    int extra = extended.getRowType().getFieldCount() - width;
    RelDataTypeFactory types = builder.getTypeFactory();
    RelDataType rank = types.createSqlType(SqlTypeName.BIGINT);
    // named as the SELECT item it is, so that the name holds where the projection naming it is dropped
    String name = "$rank";
    for (Query.SelectItem item : s.items()) {
      if (item instanceof Query.SingleColumn c && c.expression() == f && c.alias() != null) {
        name = c.alias().value();
      }
    }
    RelDataType rowType = types.builder().addAll(extended.getRowType().getFieldList()).add(name, rank).uniquify().build();
    builder.push(new RankRel(extended.getCluster(), extended.getTraitSet(), extended, RANKING.get(upper(f)), keys, order, rowType, window.pos()));
    int column = rowType.getFieldCount() - 1;
    return e -> e == f ? rex.makeInputRef(rank, column) : null;
  }

  private String signature(Expression.Over over, ExpressionAnalyzer input) {
    StringBuilder sb = new StringBuilder();
    over.partitionBy().forEach(e -> sb.append(input.textOf(e)).append(','));
    sb.append('|');
    over.orderBy().forEach(o -> sb.append(input.textOf(o.expression())).append(o.ascending()).append(','));
    sb.append('|');
    if (over.frame() != null) {
      sb.append(over.frame().rows()).append(over.frame().preceding() == null ? "unbounded" : input.textOf(over.frame().preceding()));
    }
    return sb.toString();
  }

  private static int column(List<RexNode> projected, List<String> names, RexNode node) {
    int index = projected.indexOf(node);
    if (index < 0) {
      projected.add(node);
      names.add("$o" + projected.size());
      index = projected.size() - 1;
    }
    return index;
  }

  /** Column {@code column} in the order of {@code item}; ORDER BY without NULLS puts nulls first ascending, last descending, as Flink does. */
  private static RelFieldCollation collation(int column, Query.OrderItem item) {
    return new RelFieldCollation(
        column,
        item.ascending() ? RelFieldCollation.Direction.ASCENDING : RelFieldCollation.Direction.DESCENDING,
        item.nullsSortFirst() ? RelFieldCollation.NullDirection.FIRST : RelFieldCollation.NullDirection.LAST);
  }

  /**
   * Why the window cannot run over an insert-only input, or null: there it is ordered by event time, so its
   * ORDER BY must be one time column, ascending (whether it is the input's event time is checked in the
   * physical plan, where that is known).
   */
  private static OverWindowRel.Refusal refusedOverInserts(Expression.Over window, List<RexNode> order, ExpressionAnalyzer input) {
    if (window.orderBy().size() != 1 || !window.orderBy().get(0).ascending()) {
      return new OverWindowRel.Refusal(
          ErrorCode.INVALID_WINDOW, window.pos(), "OVER windows need ORDER BY the event-time column, ascending, and nothing else", "Write OVER (PARTITION BY k ORDER BY ts ...).");
    }
    Query.OrderItem item = window.orderBy().get(0);
    RexNode node = order.get(0);
    if (!(node instanceof RexInputRef) || !TypeRules.isTimestamp(node.getType())) {
      return new OverWindowRel.Refusal(
          ErrorCode.INVALID_WINDOW, item.pos(), "OVER windows are ordered by event time, and '" + input.textOf(item.expression()) + "' is not a time column", "ORDER BY the column of the stream's WATERMARK.");
    }
    return null;
  }

  /**
   * Why the window cannot run over an updating input, or null. There a partition's rows are kept in order by
   * the ORDER BY keys, which must be values that compare; a RANGE frame reaching back an interval needs one
   * key, a time; a ROWS frame reaches back at most {@link UpdatingOverAggregateSpec#MAX_ROWS_PRECEDING} rows,
   * since a change recomputes the frame of each row after it that far.
   */
  private static OverWindowRel.Refusal refusedOverUpdates(Expression.Over window, List<RexNode> order, boolean rows, long preceding, ExpressionAnalyzer input) {
    if (order.isEmpty()) {
      return new OverWindowRel.Refusal(
          ErrorCode.INVALID_WINDOW,
          window.pos(),
          "An OVER window over an updating input needs an ORDER BY: it keeps each partition's rows in that order",
          "Write OVER (PARTITION BY k ORDER BY c ROWS BETWEEN 10 PRECEDING AND CURRENT ROW).");
    }
    for (int i = 0; i < order.size(); i++) {
      RelDataType type = order.get(i).getType();
      if (type.isStruct() || type.getSqlTypeName() == SqlTypeName.NULL) {
        Query.OrderItem item = window.orderBy().get(i);
        return new OverWindowRel.Refusal(
            ErrorCode.TYPE_MISMATCH,
            item.pos(),
            "OVER cannot order rows by '" + input.textOf(item.expression()) + "', of type " + TypeMapping.describe(type),
            "ORDER BY numbers, strings, booleans or times; for a ROW, by one of its fields.");
      }
    }
    if (!rows && preceding > 0 && (order.size() != 1 || !TypeRules.isTimestamp(order.get(0).getType()))) {
      return new OverWindowRel.Refusal(
          ErrorCode.INVALID_WINDOW,
          window.frame().pos(),
          "A RANGE frame of an interval needs ORDER BY one time column, and this window orders by "
              + String.join(", ", window.orderBy().stream().map(o -> "'" + input.textOf(o.expression()) + "'").toList()),
          "Use ROWS BETWEEN n PRECEDING AND CURRENT ROW, or ORDER BY one TIMESTAMP column.");
    }
    if (rows && preceding > UpdatingOverAggregateSpec.MAX_ROWS_PRECEDING) {
      return new OverWindowRel.Refusal(
          ErrorCode.UNSUPPORTED,
          window.frame().preceding().pos(),
          "A ROWS frame over an updating input reaches back at most " + UpdatingOverAggregateSpec.MAX_ROWS_PRECEDING + " rows, and this one " + preceding
              + ": each change computes again the frame of every row after it that far",
          "Use ROWS UNBOUNDED PRECEDING, or a frame of at most " + UpdatingOverAggregateSpec.MAX_ROWS_PRECEDING + " rows back.");
    }
    return null;
  }

  private long preceding(Expression.Over window, ExpressionAnalyzer input) {
    Expression.Frame frame = window.frame();
    if (frame == null || frame.preceding() == null) {
      return -1;
    }
    Expression e = frame.preceding();
    if (frame.rows()) {
      if (e instanceof Expression.NumericLiteral n && n.text().matches("\\d{1,9}")) {
        return Long.parseLong(n.text());
      }
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW, e.pos(), "A ROWS frame starts a number of rows back, not '" + input.textOf(e) + "'", "Write ROWS BETWEEN 10 PRECEDING AND CURRENT ROW.");
    }
    RexNode node = input.analyze(e);
    if (node instanceof RexLiteral literal && SqlTypeFamily.INTERVAL_DAY_TIME.contains(node.getType())) {
      return literal.getValueAs(BigDecimal.class).longValue();
    }
    if (e instanceof Expression.NumericLiteral n && n.text().equals("0")) {
      return 0; // CURRENT ROW: the row and its peers
    }
    throw new RunnelException(
        ErrorCode.INVALID_WINDOW, e.pos(), "A RANGE frame starts an interval back, not '" + input.textOf(e) + "'", "Write RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW.");
  }

  /** {function, argument column or -1, filter column or -1} of one OVER call, its columns added to {@code projected}. */
  private Object[] arguments(Expression.FunctionCall f, ExpressionAnalyzer input, List<RexNode> projected, List<String> names) {
    String kind = upper(f);
    SqlAggFunction function = AggregateConverter.standard(kind);
    FunctionDef user = function != null || catalog == null ? null : catalog.findFunction(kind).filter(FunctionDef::isAggregate).orElse(null);
    if (user != null) {
      function = new UserFunctions.Aggregate(user, rex.getTypeFactory().createTypeWithNullability(new TypeMapping(rex.getTypeFactory()).toRel(user.resultType()), true));
    }
    if (function == null) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          f.pos(),
          (FunctionAnalyzer.AGGREGATES.contains(kind) ? kind + " is not supported over an OVER window" : kind + "(...) OVER is not supported yet"),
          "OVER windows compute COUNT, SUM, AVG, MIN, MAX and aggregate functions of your own (CREATE FUNCTION).");
    }
    for (Expression arg : f.arguments()) {
      AggregateConverter.walk(arg, e -> {
        if (e instanceof Expression.FunctionCall inner && (inner.over() != null || AggregateConverter.isAggregate(inner))) {
          throw RunnelException.user(ErrorCode.INVALID_AGGREGATE, inner.pos(), "Aggregate function calls cannot be nested inside " + kind + " OVER");
        }
      });
    }
    int argument = -1;
    if (f.star()) {
      if (!kind.equals("COUNT")) {
        throw RunnelException.user(ErrorCode.WRONG_ARGUMENTS, f.pos(), kind + "(*) is not an aggregate; only COUNT(*) is");
      }
    } else {
      if (f.arguments().size() != 1) {
        throw RunnelException.user(ErrorCode.WRONG_ARGUMENTS, f.pos(), kind + " takes one argument, not " + f.arguments().size());
      }
      RexNode arg = input.analyze(f.arguments().get(0));
      boolean numeric = TypeRules.isNumeric(arg.getType());
      if (user == null && (kind.equals("SUM") || kind.equals("AVG")) && !numeric) {
        throw new RunnelException(
            ErrorCode.TYPE_MISMATCH, f.arguments().get(0).pos(), kind + " cannot take " + TypeMapping.describe(arg.getType()), kind + " takes a number.");
      }
      argument = column(projected, names, arg);
    }
    int filter = f.filter() == null ? -1 : column(projected, names, input.condition(f.filter(), "FILTER"));
    return new Object[] {function, argument, filter};
  }

  private static String upper(Expression.FunctionCall f) {
    return f.name().value().toUpperCase(Locale.ROOT);
  }
}
