package io.runnel.planner.logical;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Query;
import io.runnel.planner.validate.ExpressionAnalyzer;
import io.runnel.planner.validate.ExpressionText;
import io.runnel.planner.validate.FunctionAnalyzer;
import io.runnel.planner.validate.Scope;
import io.runnel.planner.validate.TypeMapping;
import io.runnel.planner.validate.TypeRules;
import io.runnel.planner.validate.UserFunctions;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.FunctionDef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * A SELECT with GROUP BY, HAVING or aggregate calls: projects the group keys and the aggregates'
 * arguments, aggregates, then analyzes SELECT and HAVING against the aggregate's output, where a column
 * may appear only as a group key or inside an aggregate.
 */
final class AggregateConverter {
  private final RelBuilder builder;
  private final RexBuilder rex;
  private final WindowConverter windows;
  private final Catalog catalog; // user-defined functions; may be null

  /** One distinct aggregate call of the query. */
  private record Agg(SqlAggFunction function, String kind, int argument, boolean distinct, int filter, String name) {}

  AggregateConverter(RelBuilder builder, WindowConverter windows, Catalog catalog) {
    this.catalog = catalog;
    this.builder = builder;
    this.rex = builder.getRexBuilder();
    this.windows = windows;
  }

  /** True when the SELECT aggregates: it has GROUP BY or HAVING, or calls an aggregate function. */
  static boolean aggregates(Query.Select s, Catalog catalog) {
    if (!s.groupBy().isEmpty() || s.having() != null) {
      return true;
    }
    boolean[] found = {false};
    for (Query.SelectItem item : s.items()) {
      if (item instanceof Query.SingleColumn c) {
        walk(c.expression(), e -> found[0] |= isAggregate(e, catalog));
      }
    }
    return found[0];
  }

  static boolean isAggregate(Expression e) {
    return isAggregate(e, null);
  }

  /** True for a call of a built-in aggregate, or of a user-defined one of {@code catalog} (may be null). */
  static boolean isAggregate(Expression e, Catalog catalog) {
    if (!(e instanceof Expression.FunctionCall f) || f.over() != null) {
      return false;
    }
    return FunctionAnalyzer.AGGREGATES.contains(upper(f)) || (catalog != null && catalog.findFunction(upper(f)).map(FunctionDef::isAggregate).orElse(false));
  }

  private static String upper(Expression.FunctionCall f) {
    return f.name().value().toUpperCase(Locale.ROOT);
  }

  /** Converts the aggregating part of {@code s} over the input on the builder, with {@code scope}. */
  void convert(Query.Select s, Scope scope, List<String> names, List<Expression> items) {
    // the group-window form: GROUP BY TUMBLE(ts, ...) becomes a window scan grouped by its start and end
    Expression.FunctionCall groupWindow = null;
    List<Expression> keys = new ArrayList<>();
    for (Expression e : s.groupBy()) {
      if (e instanceof Expression.FunctionCall f && FunctionAnalyzer.GROUP_WINDOWS.contains(upper(f))) {
        if (groupWindow != null) {
          throw RunnelException.user(ErrorCode.INVALID_WINDOW, f.pos(), "GROUP BY can have only one group window");
        }
        groupWindow = f;
      } else {
        keys.add(e);
      }
    }
    if (groupWindow != null) {
      scope = windows.groupWindow(groupWindow, scope);
    }
    int inputWidth = builder.peek().getRowType().getFieldCount();
    ExpressionAnalyzer input = new ExpressionAnalyzer(rex, scope, e -> null, catalog);
    List<RexNode> projected = new ArrayList<>();
    List<String> projectedNames = new ArrayList<>();
    for (Expression key : keys) {
      RexNode node = input.analyze(key);
      if (!projected.contains(node)) {
        projected.add(node);
        projectedNames.add(node instanceof RexInputRef ref ? scope.nameOf(ref.getIndex()) : "$g" + projected.size());
      }
    }
    int windowStart = -1;
    int windowEnd = -1;
    if (groupWindow != null) {
      windowStart = addKey(projected, projectedNames, inputWidth - 3, "window_start");
      windowEnd = addKey(projected, projectedNames, inputWidth - 2, "window_end");
    }
    int groupCount = projected.size();
    Map<Expression.FunctionCall, Integer> aggIndex = new IdentityHashMap<>();
    List<Agg> aggs = new ArrayList<>();
    List<String> aggKeys = new ArrayList<>();
    List<Expression> clauses = new ArrayList<>(items);
    if (s.having() != null) {
      clauses.add(s.having());
    }
    // an aggregate that is a whole SELECT item is named as the item; others EXPR$<function>
    Map<Expression, String> itemNames = new IdentityHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      itemNames.put(items.get(i), names.get(i));
    }
    for (Expression clause : clauses) {
      walk(clause, e -> {
        if (isAggregate(e, catalog)) {
          Expression.FunctionCall f = (Expression.FunctionCall) e;
          Agg agg = aggregate(f, input, projected, projectedNames, itemNames.get(f));
          String key = agg.function() + "/" + agg.kind() + agg.distinct() + "/" + agg.argument() + "/" + agg.filter()
              + (agg.function() instanceof ApproxPercentileFunction p ? "/" + p.fraction() : "");
          int index = aggKeys.indexOf(key);
          if (index < 0) {
            index = aggKeys.size();
            aggKeys.add(key);
            aggs.add(agg);
          }
          aggIndex.put(f, index);
        }
      });
    }
    builder.project(projected, projectedNames, true);
    List<RelBuilder.AggCall> calls = new ArrayList<>();
    for (Agg agg : aggs) {
      RelBuilder.AggCall call =
          agg.argument() < 0 ? builder.aggregateCall(agg.function()) : builder.aggregateCall(agg.function(), builder.field(agg.argument()));
      call = call.distinct(agg.distinct());
      if (agg.filter() >= 0) {
        call = call.filter(builder.field(agg.filter()));
      }
      calls.add(call.as(agg.name()));
    }
    List<RexNode> groupFields = new ArrayList<>();
    for (int i = 0; i < groupCount; i++) {
      groupFields.add(builder.field(i));
    }
    builder.aggregate(builder.groupKey(groupFields), calls);
    RelDataType output = builder.peek().getRowType();
    List<RexNode> groupRexes = projected.subList(0, groupCount);
    int start = windowStart;
    int end = windowEnd;
    Expression.FunctionCall window = groupWindow;
    ExpressionAnalyzer result =
        new ExpressionAnalyzer(rex, scope, e -> substitute(e, input, groupRexes, aggIndex, output, window, start, end), catalog);
    if (s.having() != null) {
      builder.filter(result.condition(s.having(), "HAVING"));
    }
    List<RexNode> select = new ArrayList<>();
    for (Expression item : items) {
      select.add(result.analyze(item));
    }
    builder.project(select, names, true);
  }

  private int addKey(List<RexNode> projected, List<String> names, int column, String name) {
    RexNode ref = rex.makeInputRef(builder.peek(), column);
    int index = projected.indexOf(ref);
    if (index < 0) {
      projected.add(ref);
      names.add(name);
      index = projected.size() - 1;
    }
    return index;
  }

  private Agg aggregate(Expression.FunctionCall f, ExpressionAnalyzer input, List<RexNode> projected, List<String> names, String name) {
    String kind = upper(f);
    walkArguments(f, inner -> {
      if (isAggregate(inner, catalog)) {
        throw new RunnelException(
            ErrorCode.INVALID_AGGREGATE, inner.pos(), "Aggregate function " + upper((Expression.FunctionCall) inner) + " cannot be nested inside " + kind, null);
      }
    });
    int argument = -1;
    SqlAggFunction function;
    RexNode arg = null;
    if (f.star()) {
      if (!kind.equals("COUNT")) {
        throw RunnelException.user(ErrorCode.WRONG_ARGUMENTS, f.pos(), kind + "(*) is not an aggregate; only COUNT(*) is");
      }
    } else {
      int arity = kind.equals("APPROX_PERCENTILE") ? 2 : 1;
      if (f.arguments().size() != arity) {
        throw RunnelException.user(
            ErrorCode.WRONG_ARGUMENTS, f.pos(), kind + (arity == 1 ? " takes one argument, not " : " takes two arguments (a value and a fraction), not ") + f.arguments().size());
      }
      arg = input.analyze(f.arguments().get(0));
      checkArgument(kind, arg, f);
      argument = project(projected, names, arg);
    }
    FunctionDef user = FunctionAnalyzer.AGGREGATES.contains(kind) || catalog == null ? null : catalog.findFunction(kind).orElse(null);
    if (user != null) {
      function = new UserFunctions.Aggregate(user, rex.getTypeFactory().createTypeWithNullability(new TypeMapping(rex.getTypeFactory()).toRel(user.resultType()), true));
    } else {
      function =
          standard(kind) != null
              ? standard(kind)
              : kind.equals("APPROX_PERCENTILE") ? new ApproxPercentileFunction(fraction(f, input)) : SqlStdOperatorTable.APPROX_COUNT_DISTINCT;
    }
    int filter = -1;
    if (f.filter() != null) {
      filter = project(projected, names, input.condition(f.filter(), "FILTER"));
    }
    return new Agg(function, kind, argument, f.distinct(), filter, name != null ? name : "EXPR$" + kind.toLowerCase(Locale.ROOT));
  }

  /** Calcite's function for the exact aggregates COUNT, SUM, AVG, MIN and MAX; null for any other name. */
  static SqlAggFunction standard(String kind) {
    return switch (kind) {
      case "COUNT" -> SqlStdOperatorTable.COUNT;
      case "SUM" -> SqlStdOperatorTable.SUM;
      case "AVG" -> SqlStdOperatorTable.AVG;
      case "MIN" -> SqlStdOperatorTable.MIN;
      case "MAX" -> SqlStdOperatorTable.MAX;
      default -> null;
    };
  }

  /** APPROX_PERCENTILE's second argument: a constant number from 0 to 1. */
  private double fraction(Expression.FunctionCall f, ExpressionAnalyzer input) {
    Expression e = f.arguments().get(1);
    RexNode analyzed = input.analyze(e);
    RexNode node = org.apache.calcite.rex.RexUtil.isConstant(analyzed) ? ConstantFolder.fold(rex, analyzed) : analyzed;
    if (node instanceof org.apache.calcite.rex.RexLiteral literal && TypeRules.isNumeric(node.getType()) && literal.getValue() != null) {
      double fraction = literal.getValueAs(Double.class);
      if (fraction >= 0 && fraction <= 1) {
        return fraction;
      }
    }
    throw new RunnelException(
        ErrorCode.WRONG_ARGUMENTS,
        e.pos(),
        "APPROX_PERCENTILE's fraction must be a constant from 0 to 1, not '" + input.textOf(e) + "'",
        "0.5 is the median, 0.99 the 99th percentile.");
  }

  private static void checkArgument(String kind, RexNode arg, Expression.FunctionCall f) {
    RelDataType type = arg.getType();
    SqlTypeName t = type.getSqlTypeName();
    boolean ok =
        switch (kind) {
          case "SUM", "AVG" -> TypeRules.isNumeric(type) || (kind.equals("SUM") && TypeRules.isInterval(type));
          case "APPROX_PERCENTILE" -> TypeRules.isNumeric(type);
          case "MIN", "MAX" -> t != SqlTypeName.ROW && t != SqlTypeName.NULL;
          default -> t != SqlTypeName.NULL;
        };
    if (!ok) {
      throw new RunnelException(
          ErrorCode.TYPE_MISMATCH,
          f.arguments().get(0).pos(),
          kind + " cannot take " + TypeMapping.describe(type),
          kind.equals("SUM") || kind.equals("AVG") || kind.equals("APPROX_PERCENTILE") ? kind + " takes a number." : null);
    }
  }

  private int project(List<RexNode> projected, List<String> names, RexNode node) {
    int index = projected.indexOf(node);
    if (index < 0) {
      projected.add(node);
      names.add(node instanceof RexInputRef ref ? builder.peek().getRowType().getFieldNames().get(ref.getIndex()) : "$f" + projected.size());
      index = projected.size() - 1;
    }
    return index;
  }

  private RexNode substitute(
      Expression e,
      ExpressionAnalyzer input,
      List<RexNode> groups,
      Map<Expression.FunctionCall, Integer> aggIndex,
      RelDataType output,
      Expression.FunctionCall window,
      int windowStart,
      int windowEnd) {
    if (e instanceof Expression.FunctionCall f) {
      Integer agg = aggIndex.get(f);
      if (agg != null) {
        return rex.makeInputRef(output.getFieldList().get(groups.size() + agg).getType(), groups.size() + agg);
      }
      String name = upper(f);
      if (FunctionAnalyzer.WINDOW_AUXILIARIES.contains(name)) {
        return auxiliary(f, name, window, output, windowStart, windowEnd);
      }
    }
    boolean[] special = {false};
    walk(e, x -> special[0] |= isAggregate(x, catalog) || (x instanceof Expression.FunctionCall c && FunctionAnalyzer.WINDOW_AUXILIARIES.contains(upper(c))));
    if (special[0]) {
      return null; // analyze its parts
    }
    RexNode node = input.analyze(e);
    int group = groups.indexOf(node);
    if (group >= 0) {
      return rex.makeInputRef(output.getFieldList().get(group).getType(), group);
    }
    if (e instanceof Expression.Identifier || e instanceof Expression.FieldAccess) {
      throw new RunnelException(
          ErrorCode.NOT_GROUPED,
          e.pos(),
          "'" + input.textOf(e) + "' must be in GROUP BY or inside an aggregate function",
          "Add it to GROUP BY, or aggregate it, e.g. MAX(" + input.textOf(e) + ").");
    }
    return null;
  }

  private RexNode auxiliary(Expression.FunctionCall f, String name, Expression.FunctionCall window, RelDataType output, int start, int end) {
    String kind = name.substring(0, name.indexOf('_'));
    if (window == null || !upper(window).equals(kind) || !sameArguments(f, window)) {
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW,
          f.pos(),
          name + " needs GROUP BY " + kind + "(...) with the same arguments",
          window == null ? null : "The query groups by " + upper(window) + ".");
    }
    RexNode startRef = rex.makeInputRef(output.getFieldList().get(start).getType(), start);
    RexNode endRef = rex.makeInputRef(output.getFieldList().get(end).getType(), end);
    if (name.endsWith("_START")) {
      return startRef;
    }
    if (name.endsWith("_END")) {
      return endRef;
    }
    RexNode oneMilli =
        rex.makeIntervalLiteral(BigDecimal.ONE, new SqlIntervalQualifier(TimeUnit.SECOND, null, SqlParserPos.ZERO));
    return rex.makeCall(endRef.getType(), SqlStdOperatorTable.MINUS, List.of(endRef, oneMilli));
  }

  private static boolean sameArguments(Expression.FunctionCall a, Expression.FunctionCall b) {
    if (a.arguments().size() != b.arguments().size()) {
      return false;
    }
    ExpressionText text = new ExpressionText();
    for (int i = 0; i < a.arguments().size(); i++) {
      if (!text.of(a.arguments().get(i)).equalsIgnoreCase(text.of(b.arguments().get(i)))) {
        return false;
      }
    }
    return true;
  }

  /** Visits {@code e} and its sub-expressions, but not the arguments of aggregate calls. */
  static void walk(Expression e, Consumer<Expression> visitor) {
    if (e == null) {
      return;
    }
    visitor.accept(e);
    if (isAggregate(e)) {
      return;
    }
    children(e).forEach(c -> walk(c, visitor));
  }

  private static void walkArguments(Expression.FunctionCall f, Consumer<Expression> visitor) {
    for (Expression arg : f.arguments()) {
      walk(arg, visitor);
    }
    walk(f.filter(), visitor);
  }

  private static List<Expression> children(Expression e) {
    List<Expression> c = new ArrayList<>();
    if (e instanceof Expression.Binary b) {
      c.add(b.left());
      c.add(b.right());
    } else if (e instanceof Expression.Unary u) {
      c.add(u.operand());
    } else if (e instanceof Expression.IsNull n) {
      c.add(n.operand());
    } else if (e instanceof Expression.Between b) {
      c.addAll(List.of(b.operand(), b.low(), b.high()));
    } else if (e instanceof Expression.InList in) {
      c.add(in.operand());
      c.addAll(in.values());
    } else if (e instanceof Expression.InSubquery in) {
      c.add(in.operand()); // the subquery's own aggregates are its own
    } else if (e instanceof Expression.Like l) {
      c.add(l.operand());
      c.add(l.pattern());
      if (l.escape() != null) {
        c.add(l.escape());
      }
    } else if (e instanceof Expression.Case k) {
      if (k.operand() != null) {
        c.add(k.operand());
      }
      for (Expression.WhenClause w : k.whens()) {
        c.add(w.condition());
        c.add(w.result());
      }
      if (k.elseResult() != null) {
        c.add(k.elseResult());
      }
    } else if (e instanceof Expression.Cast k) {
      c.add(k.operand());
    } else if (e instanceof Expression.Extract x) {
      c.add(x.operand());
    } else if (e instanceof Expression.FunctionCall f) {
      c.addAll(f.arguments());
      if (f.filter() != null) {
        c.add(f.filter());
      }
    } else if (e instanceof Expression.FieldAccess f) {
      c.add(f.base());
    }
    return c;
  }
}
