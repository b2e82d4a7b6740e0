package io.runnel.planner.logical;

import io.runnel.operators.window.WindowKind;
import io.runnel.operators.window.Windows;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.Node;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Relation;
import io.runnel.planner.validate.ExpressionAnalyzer;
import io.runnel.planner.validate.Scope;
import io.runnel.planner.validate.TypeMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * The window table functions {@code TABLE(TUMBLE|HOP|CUMULATE|SESSION(TABLE t, DESCRIPTOR(ts), ...))}
 * and the group-window form {@code GROUP BY TUMBLE(ts, ...)}: both become a {@link WindowFunction} scan
 * that appends {@code window_start}, {@code window_end} and {@code window_time} to its input.
 */
final class WindowConverter {
  static final Set<String> FUNCTIONS = Set.of("TUMBLE", "HOP", "CUMULATE", "SESSION");

  private final RelBuilder builder;

  WindowConverter(RelBuilder builder) {
    this.builder = builder;
  }

  /** The arguments each window function takes after its time column, in order. */
  private static List<String> parameters(WindowKind kind) {
    return switch (kind) {
      case TUMBLE -> List.of("size");
      case HOP -> List.of("slide", "size");
      case CUMULATE -> List.of("step", "size");
      case SESSION -> List.of("gap");
    };
  }

  private static String signature(WindowKind kind, boolean table) {
    String time = table ? "TABLE t, DESCRIPTOR(ts)" : "ts";
    return kind + "(" + time + ", " + String.join(", ", parameters(kind).stream().map(p -> "INTERVAL <" + p + ">").toList()) + ")";
  }

  static WindowKind kind(Name function) {
    String name = function.value().toUpperCase(Locale.ROOT);
    if (!FUNCTIONS.contains(name)) {
      throw new RunnelException(
          ErrorCode.UNKNOWN_FUNCTION,
          function.pos(),
          "Unknown table function '" + function.value() + "'",
          "Table functions: TUMBLE, HOP, CUMULATE, SESSION.");
    }
    return WindowKind.valueOf(name);
  }

  /**
   * {@code TABLE(fn(TABLE t, DESCRIPTOR(ts), intervals...))}: {@code table} converts and pushes the
   * table argument and returns its scope; the window scan is left on the builder.
   */
  Scope tableFunction(Relation.TableFunction tvf, java.util.function.Function<Relation.TableArgument, Scope> table) {
    WindowKind kind = kind(tvf.function());
    List<Node> args = tvf.arguments();
    List<String> params = parameters(kind);
    if (args.size() != 2 + params.size()
        || !(args.get(0) instanceof Relation.TableArgument)
        || !(args.get(1) instanceof Relation.Descriptor)) {
      throw new RunnelException(
          ErrorCode.WRONG_ARGUMENTS, tvf.pos(), kind + " takes " + signature(kind, true), null);
    }
    Relation.TableArgument tableArg = (Relation.TableArgument) args.get(0);
    if (!tableArg.partitionBy().isEmpty() && kind != WindowKind.SESSION) {
      throw RunnelException.user(ErrorCode.WRONG_ARGUMENTS, tableArg.pos(), "PARTITION BY applies to SESSION windows only");
    }
    Scope scope = table.apply(tableArg);
    for (Name key : tableArg.partitionBy()) {
      scope.resolve(new Expression.Identifier(key.pos(), List.of(key)));
    }
    Relation.Descriptor descriptor = (Relation.Descriptor) args.get(1);
    if (descriptor.columns().size() != 1) {
      throw RunnelException.user(ErrorCode.WRONG_ARGUMENTS, descriptor.pos(), "DESCRIPTOR names one column, the event time");
    }
    Name column = descriptor.columns().get(0);
    Scope.Entry time = scope.resolve(new Expression.Identifier(column.pos(), List.of(column))).entry();
    checkTime(time.name(), time.type(), column.pos());
    List<Expression> intervals = new ArrayList<>();
    for (int i = 2; i < args.size(); i++) {
      if (!(args.get(i) instanceof Expression e)) {
        throw new RunnelException(ErrorCode.WRONG_ARGUMENTS, args.get(i).pos(), kind + " takes " + signature(kind, true), null);
      }
      intervals.add(e);
    }
    push(kind, time.index(), intervals, tvf.pos(), params);
    String qualifier = tvf.alias() != null ? tvf.alias().value() : null;
    return withWindowColumns(scope, qualifier);
  }

  /**
   * {@code GROUP BY TUMBLE(ts, size)} and the like: pushes the window scan over the builder's top and
   * returns the scope with the window columns added.
   */
  Scope groupWindow(Expression.FunctionCall call, Scope scope) {
    WindowKind kind = WindowKind.valueOf(call.name().value().toUpperCase(Locale.ROOT));
    List<String> params = parameters(kind);
    if (call.arguments().size() != 1 + params.size() || call.star() || call.distinct() || call.filter() != null) {
      throw new RunnelException(ErrorCode.WRONG_ARGUMENTS, call.pos(), "GROUP BY " + kind + " takes " + signature(kind, false), null);
    }
    Expression timeArg = call.arguments().get(0);
    RexNode time = new ExpressionAnalyzer(builder.getRexBuilder(), scope).analyze(timeArg);
    if (!(time instanceof RexInputRef ref)) {
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW, timeArg.pos(), kind + " windows a column: the event-time column of the input", null);
    }
    checkTime(builder.peek().getRowType().getFieldNames().get(ref.getIndex()), ref.getType(), timeArg.pos());
    push(kind, ref.getIndex(), call.arguments().subList(1, call.arguments().size()), call.pos(), params);
    return withWindowColumns(scope, null);
  }

  private void push(WindowKind kind, int timeColumn, List<Expression> intervals, Pos pos, List<String> params) {
    long[] millis = new long[intervals.size()];
    for (int i = 0; i < intervals.size(); i++) {
      millis[i] = intervalMillis(intervals.get(i), kind, params.get(i));
    }
    Windows windows =
        switch (kind) {
          case TUMBLE -> Windows.tumble(millis[0]);
          case HOP -> Windows.hop(millis[0], millis[1]);
          case CUMULATE -> {
            if (millis[1] % millis[0] != 0) {
              throw new RunnelException(
                  ErrorCode.INVALID_WINDOW, intervals.get(1).pos(), "CUMULATE's size must be a whole number of steps", "Use a size that the step divides.");
            }
            yield Windows.cumulate(millis[0], millis[1]);
          }
          case SESSION -> Windows.session(millis[0]);
        };
    if (kind == WindowKind.HOP && millis[1] < millis[0]) {
      throw new RunnelException(ErrorCode.INVALID_WINDOW, intervals.get(1).pos(), "HOP's size must be at least its slide", "Rows would fall between windows.");
    }
    RelNode input = builder.build();
    RexBuilder rex = builder.getRexBuilder();
    RelDataTypeFactory types = rex.getTypeFactory();
    RelDataType ts = types.createSqlType(SqlTypeName.TIMESTAMP, 3);
    RelDataType rowType =
        types.builder()
            .addAll(input.getRowType().getFieldList())
            .add("window_start", ts)
            .add("window_end", ts)
            .add("window_time", ts)
            .build();
    RexNode call =
        rex.makeCall(
            rowType,
            new WindowFunction(windows, timeColumn, pos),
            List.of(
                rex.makeExactLiteral(BigDecimal.valueOf(timeColumn)),
                rex.makeExactLiteral(BigDecimal.valueOf(windows.size())),
                rex.makeExactLiteral(BigDecimal.valueOf(windows.slide()))));
    builder.push(LogicalTableFunctionScan.create(input.getCluster(), List.of(input), call, null, rowType, null));
  }

  private long intervalMillis(Expression e, WindowKind kind, String param) {
    RexNode node = new ExpressionAnalyzer(builder.getRexBuilder(), Scope.empty()).analyze(e);
    if (!(node instanceof RexLiteral literal) || !SqlTypeFamily.INTERVAL_DAY_TIME.contains(node.getType())) {
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW,
          e.pos(),
          kind + "'s " + param + " must be an interval literal, not " + TypeMapping.describe(node.getType()),
          "Write e.g. INTERVAL '10' SECOND.");
    }
    long millis = literal.getValueAs(BigDecimal.class).longValue();
    if (millis <= 0) {
      throw RunnelException.user(ErrorCode.INVALID_WINDOW, e.pos(), kind + "'s " + param + " must be positive");
    }
    return millis;
  }

  private static void checkTime(String name, RelDataType type, Pos pos) {
    SqlTypeName t = type.getSqlTypeName();
    if (t != SqlTypeName.TIMESTAMP && t != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW,
          pos,
          "Windows need a TIMESTAMP column, but '" + name + "' is " + TypeMapping.describe(type),
          "Name the event-time column, the one in WATERMARK FOR.");
    }
  }

  private Scope withWindowColumns(Scope scope, String qualifier) {
    RelDataType rowType = builder.peek().getRowType();
    List<Scope.Entry> entries = new ArrayList<>();
    int n = rowType.getFieldCount();
    for (Scope.Entry e : scope.entries()) {
      entries.add(new Scope.Entry(qualifier != null ? qualifier : e.qualifier(), e.name(), e.index(), e.type()));
    }
    for (int i = n - 3; i < n; i++) {
      var field = rowType.getFieldList().get(i);
      entries.add(new Scope.Entry(qualifier, field.getName(), i, field.getType()));
    }
    return new Scope(entries, "the windowed input");
  }
}
