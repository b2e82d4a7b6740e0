package io.runnel.planner.validate;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.Suggestions;
import io.runnel.parser.ast.Expression;
import io.runnel.planner.catalog.FunctionDef;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/** Built-in scalar functions: argument counts and types checked, result type fixed. */
public final class FunctionAnalyzer {
  /** Every scalar function name Runnel knows, for SHOW FUNCTIONS and "did you mean". */
  static final Set<String> NAMES =
      new TreeSet<>(
          List.of(
              "ABS", "CEIL", "CEILING", "CHAR_LENGTH", "CHARACTER_LENGTH", "COALESCE", "CONCAT",
              "DATE_FORMAT", "DAYOFMONTH", "EXP", "FLOOR", "HOUR", "LN", "LOWER", "MINUTE", "MOD",
              "MONTH", "POSITION", "POWER", "PROCTIME", "REGEXP_EXTRACT", "REPLACE", "ROUND", "ROW", "SECOND",
              "SPLIT_INDEX", "SQRT", "SUBSTRING", "TRIM", "UPPER", "YEAR"));

  /** The aggregate functions. */
  public static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "APPROX_COUNT_DISTINCT", "APPROX_PERCENTILE");

  /** The group-window functions of GROUP BY and their auxiliary functions in SELECT. */
  public static final Set<String> GROUP_WINDOWS = Set.of("TUMBLE", "HOP", "SESSION", "CUMULATE");

  public static final Set<String> WINDOW_AUXILIARIES =
      Set.of("TUMBLE_START", "TUMBLE_END", "TUMBLE_ROWTIME", "HOP_START", "HOP_END", "HOP_ROWTIME", "SESSION_START", "SESSION_END", "SESSION_ROWTIME");

  private static final Set<String> BUILT_INS = builtInNames();

  private static Set<String> builtInNames() {
    Set<String> all = new TreeSet<>(NAMES);
    all.add("EXTRACT");
    all.addAll(AGGREGATES);
    all.addAll(GROUP_WINDOWS);
    all.addAll(WINDOW_AUXILIARIES);
    return java.util.Collections.unmodifiableSet(all);
  }

  /** Every built-in scalar, aggregate and window function, sorted: what SHOW FUNCTIONS lists. */
  public static Set<String> builtIns() {
    return BUILT_INS;
  }

  /** True when {@code name} (any case) is a built-in scalar, aggregate or window function. */
  public static boolean isBuiltIn(String name) {
    return BUILT_INS.contains(name.toUpperCase(Locale.ROOT));
  }

  private final RexBuilder rex;
  private final RelDataTypeFactory types;
  private final ExpressionAnalyzer analyzer;

  FunctionAnalyzer(RexBuilder rex, ExpressionAnalyzer analyzer) {
    this.rex = rex;
    this.types = rex.getTypeFactory();
    this.analyzer = analyzer;
  }

  RexNode extract(Expression.Extract x) {
    RexNode operand = analyzer.analyze(x.operand());
    SqlOperator op =
        switch (x.unit()) {
          case "YEAR" -> RunnelOperators.YEAR;
          case "MONTH" -> RunnelOperators.MONTH;
          case "DAY" -> RunnelOperators.DAYOFMONTH;
          case "HOUR" -> RunnelOperators.HOUR;
          case "MINUTE" -> RunnelOperators.MINUTE;
          case "SECOND" -> RunnelOperators.SECOND;
          default ->
              throw new RunnelException(
                  ErrorCode.UNSUPPORTED, x.pos(), "EXTRACT(" + x.unit() + " ...) is not supported", "Use YEAR, MONTH, DAY, HOUR, MINUTE or SECOND.");
        };
    requireDatetime(x, operand, x.operand());
    return rex.makeCall(TypeRules.bigint(types, operand.getType().isNullable()), op, List.of(operand));
  }

  RexNode call(Expression.FunctionCall f) {
    String name = f.name().value().toUpperCase(Locale.ROOT);
    FunctionDef user = analyzer.userFunction(name);
    if (AGGREGATES.contains(name) || (user != null && user.isAggregate())) {
      throw new RunnelException(
          ErrorCode.INVALID_AGGREGATE, f.pos(), "Aggregate function " + name + " cannot be used here", "Aggregates belong in SELECT and HAVING, and cannot be nested.");
    }
    if (GROUP_WINDOWS.contains(name)) {
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW, f.pos(), "Group window " + name + "(...) belongs in GROUP BY", "Or read windows from FROM TABLE(" + name + "(TABLE t, DESCRIPTOR(ts), ...)).");
    }
    if (WINDOW_AUXILIARIES.contains(name)) {
      String window = name.substring(0, name.indexOf('_'));
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW, f.pos(), name + " needs GROUP BY " + window + "(...) with the same arguments", null);
    }
    if (f.distinct() || f.star() || f.filter() != null) {
      throw RunnelException.user(
          ErrorCode.WRONG_ARGUMENTS, f.pos(), "DISTINCT, * and FILTER apply only to aggregate functions, not " + name);
    }
    List<RexNode> args = new ArrayList<>();
    for (Expression e : f.arguments()) {
      args.add(analyzer.analyze(e));
    }
    Call c = new Call(f, name, args);
    return switch (name) {
      case "LOWER" -> c.string(SqlStdOperatorTable.LOWER, 1, 1);
      case "UPPER" -> c.string(SqlStdOperatorTable.UPPER, 1, 1);
      case "TRIM" -> c.string(RunnelOperators.TRIM, 1, 1);
      case "CHAR_LENGTH", "CHARACTER_LENGTH" -> {
        c.arity(1, 1);
        c.requireString(0);
        yield c.make(SqlStdOperatorTable.CHAR_LENGTH, TypeRules.integer(types, c.anyNullable()));
      }
      case "SUBSTRING" -> {
        c.arity(2, 3);
        c.requireString(0);
        c.requireInteger(1);
        if (args.size() == 3) {
          c.requireInteger(2);
        }
        yield c.make(RunnelOperators.SUBSTRING, TypeRules.varchar(types, c.anyNullable()));
      }
      case "CONCAT" -> {
        c.arity(1, Integer.MAX_VALUE);
        for (int i = 0; i < args.size(); i++) {
          c.requireString(i);
        }
        yield c.make(RunnelOperators.CONCAT_FUNCTION, TypeRules.varchar(types, c.anyNullable()));
      }
      case "POSITION" -> {
        c.arity(2, 2);
        c.requireString(0);
        c.requireString(1);
        yield c.make(RunnelOperators.POSITION, TypeRules.integer(types, c.anyNullable()));
      }
      case "REPLACE" -> c.string(RunnelOperators.REPLACE, 3, 3);
      case "REGEXP_EXTRACT" -> {
        c.arity(2, 3);
        c.requireString(0);
        c.requireString(1);
        if (args.size() == 3) {
          c.requireInteger(2);
        }
        c.requireRegex(1, args.size() == 3 ? 2 : -1);
        yield c.make(RunnelOperators.REGEXP_EXTRACT, TypeRules.varchar(types, true));
      }
      case "SPLIT_INDEX" -> {
        c.arity(3, 3);
        c.requireString(0);
        c.requireString(1);
        c.requireInteger(2);
        yield c.make(RunnelOperators.SPLIT_INDEX, TypeRules.varchar(types, true));
      }
      case "MOD" -> {
        c.arity(2, 2);
        c.requireInteger(0);
        c.requireInteger(1);
        RelDataType t = widerInteger(args.get(0).getType(), args.get(1).getType(), c.anyNullable());
        yield rex.makeCall(t, SqlStdOperatorTable.MOD, List.of(analyzer.castTo(args.get(0), t), analyzer.castTo(args.get(1), t)));
      }
      case "ABS", "FLOOR", "CEIL", "CEILING" -> {
        c.arity(1, 1);
        c.requireNumeric(0);
        SqlOperator op = switch (name) {
          case "ABS" -> SqlStdOperatorTable.ABS;
          case "FLOOR" -> SqlStdOperatorTable.FLOOR;
          default -> SqlStdOperatorTable.CEIL;
        };
        yield c.make(op, args.get(0).getType());
      }
      case "ROUND" -> {
        c.arity(1, 2);
        c.requireNumeric(0);
        if (args.size() == 2) {
          c.requireInteger(1);
        }
        yield c.make(RunnelOperators.ROUND, args.get(0).getType());
      }
      case "POWER", "SQRT", "LN", "EXP" -> {
        int n = name.equals("POWER") ? 2 : 1;
        c.arity(n, n);
        for (int i = 0; i < n; i++) {
          c.requireNumeric(i);
        }
        SqlOperator op = switch (name) {
          case "POWER" -> SqlStdOperatorTable.POWER;
          case "SQRT" -> SqlStdOperatorTable.SQRT;
          case "LN" -> SqlStdOperatorTable.LN;
          default -> SqlStdOperatorTable.EXP;
        };
        RelDataType dbl = TypeRules.dbl(types, c.anyNullable());
        List<RexNode> cast = args.stream().map(a -> analyzer.castTo(a, dbl)).toList();
        yield rex.makeCall(dbl, op, cast);
      }
      case "DATE_FORMAT" -> {
        c.arity(2, 2);
        requireDatetime(f.arguments().get(0), args.get(0), f.arguments().get(0));
        c.requireString(1);
        yield c.make(RunnelOperators.DATE_FORMAT, TypeRules.varchar(types, c.anyNullable()));
      }
      case "YEAR", "MONTH", "DAYOFMONTH", "HOUR", "MINUTE", "SECOND" -> {
        c.arity(1, 1);
        requireDatetime(f.arguments().get(0), args.get(0), f.arguments().get(0));
        SqlOperator op = switch (name) {
          case "YEAR" -> RunnelOperators.YEAR;
          case "MONTH" -> RunnelOperators.MONTH;
          case "DAYOFMONTH" -> RunnelOperators.DAYOFMONTH;
          case "HOUR" -> RunnelOperators.HOUR;
          case "MINUTE" -> RunnelOperators.MINUTE;
          default -> RunnelOperators.SECOND;
        };
        yield c.make(op, TypeRules.bigint(types, c.anyNullable()));
      }
      case "PROCTIME" -> {
        c.arity(0, 0);
        yield c.make(RunnelOperators.PROCTIME, types.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3));
      }
      case "COALESCE" -> {
        c.arity(1, Integer.MAX_VALUE);
        RelDataType common = analyzer.commonType(args, f.arguments(), "COALESCE arguments");
        boolean nullable = args.stream().allMatch(a -> a.getType().isNullable());
        RelDataType t = types.createTypeWithNullability(common, nullable);
        List<RexNode> cast = args.stream().map(a -> analyzer.castExact(a, types.createTypeWithNullability(common, a.getType().isNullable()))).toList();
        yield rex.makeCall(t, SqlStdOperatorTable.COALESCE, cast);
      }
      case "ROW" -> {
        c.arity(1, Integer.MAX_VALUE);
        List<String> names = new ArrayList<>();
        List<RelDataType> fieldTypes = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
          names.add("EXPR$" + i);
          RelDataType t = args.get(i).getType();
          fieldTypes.add(TypeRules.isNull(t) ? TypeRules.varchar(types, true) : TypeRules.isString(t) ? TypeRules.varchar(types, t.isNullable()) : t);
        }
        List<RexNode> cast = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
          cast.add(analyzer.castExact(args.get(i), fieldTypes.get(i)));
        }
        yield rex.makeCall(types.createStructType(fieldTypes, names), RunnelOperators.ROW, cast);
      }
      default -> {
        if (user != null) {
          List<RexNode> operands = new ArrayList<>();
          for (RexNode a : args) {
            operands.add(TypeRules.isNull(a.getType()) ? rex.makeNullLiteral(TypeRules.varchar(types, true)) : a);
          }
          RelDataType result = new TypeMapping(types).toRel(user.resultType());
          yield rex.makeCall(types.createTypeWithNullability(result, true), new UserFunctions.Scalar(user), operands);
        }
        String closest = Suggestions.closest(name, NAMES);
        throw new RunnelException(
            ErrorCode.UNKNOWN_FUNCTION,
            f.pos(),
            "Unknown function '" + f.name().value() + "'",
            closest != null ? "Did you mean " + closest + "?" : "SHOW FUNCTIONS lists the functions.");
      }
    };
  }

  private RelDataType widerInteger(RelDataType a, RelDataType b, boolean nullable) {
    boolean big = a.getSqlTypeName() == SqlTypeName.BIGINT || b.getSqlTypeName() == SqlTypeName.BIGINT;
    return big ? TypeRules.bigint(types, nullable) : TypeRules.integer(types, nullable);
  }

  private void requireDatetime(Expression where, RexNode operand, Expression arg) {
    if (!TypeRules.isDatetime(operand.getType()) && !TypeRules.isNull(operand.getType())) {
      throw RunnelException.user(
          ErrorCode.TYPE_MISMATCH,
          arg.pos(),
          "Expected a TIMESTAMP or DATE, but '" + analyzer.textOf(arg) + "' is " + TypeMapping.describe(operand.getType()));
    }
  }

  /** One call being checked. */
  private final class Call {
    private final Expression.FunctionCall f;
    private final String name;
    private final List<RexNode> args;

    Call(Expression.FunctionCall f, String name, List<RexNode> args) {
      this.f = f;
      this.name = name;
      this.args = args;
    }

    void arity(int min, int max) {
      int n = args.size();
      if (n < min || n > max) {
        String expected = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
        throw RunnelException.user(
            ErrorCode.WRONG_ARGUMENTS, f.pos(), name + " takes " + expected + " argument" + (max == 1 ? "" : "s") + ", got " + n);
      }
    }

    boolean anyNullable() {
      return args.stream().anyMatch(a -> a.getType().isNullable());
    }

    private void require(int i, boolean ok, String what) {
      if (!ok && !TypeRules.isNull(args.get(i).getType())) {
        throw RunnelException.user(
            ErrorCode.TYPE_MISMATCH,
            f.arguments().get(i).pos(),
            "Argument " + (i + 1) + " of " + name + " must be " + what + ", but '" + analyzer.textOf(f.arguments().get(i)) + "' is " + TypeMapping.describe(args.get(i).getType()));
      }
    }

    void requireString(int i) {
      require(i, TypeRules.isString(args.get(i).getType()), "VARCHAR");
    }

    void requireInteger(int i) {
      require(i, TypeRules.isInteger(args.get(i).getType()), "an integer");
    }

    /**
     * A constant regular expression (argument {@code i}) must compile, and a constant group (argument
     * {@code group}, or -1 for none) must be one it has: rejected here, rather than NULL for every row.
     */
    void requireRegex(int i, int group) {
      if (!(args.get(i) instanceof RexLiteral literal) || literal.getValueAs(String.class) == null) {
        return;
      }
      String regex = literal.getValueAs(String.class);
      Pattern pattern;
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new RunnelException(
            ErrorCode.INVALID_LITERAL,
            f.arguments().get(i).pos(),
            "Invalid regular expression '" + regex + "' in " + name + ": " + e.getDescription() + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""),
            "It is a Java regular expression: quote a special character with a backslash, e.g. '\\('.");
      }
      if (group >= 0 && args.get(group) instanceof RexLiteral g && g.getValueAs(Long.class) != null) {
        long index = g.getValueAs(Long.class);
        int groups = pattern.matcher("").groupCount();
        if (index < 0 || index > groups) {
          throw new RunnelException(
              ErrorCode.INVALID_LITERAL,
              f.arguments().get(group).pos(),
              name + " group " + index + " does not exist: '" + regex + "' has " + groups + " group" + (groups == 1 ? "" : "s"),
              "Group 0 is the whole match, 1 the first parenthesised group.");
        }
      }
    }

    void requireNumeric(int i) {
      require(i, TypeRules.isNumeric(args.get(i).getType()), "numeric");
    }

    RexNode string(SqlOperator op, int min, int max) {
      arity(min, max);
      for (int i = 0; i < args.size(); i++) {
        requireString(i);
      }
      return make(op, TypeRules.varchar(types, anyNullable()));
    }

    RexNode make(SqlOperator op, RelDataType type) {
      List<RexNode> operands = new ArrayList<>();
      for (RexNode a : args) {
        operands.add(TypeRules.isNull(a.getType()) ? rex.makeNullLiteral(TypeRules.varchar(types, true)) : a);
      }
      return rex.makeCall(types.createTypeWithNullability(type, type.isNullable() || anyNullable()), op, operands);
    }
  }
}
