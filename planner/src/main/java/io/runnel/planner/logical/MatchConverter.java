package io.runnel.planner.logical;

import io.runnel.operators.match.AfterMatchSkip;
import io.runnel.operators.match.MatchExpr;
import io.runnel.operators.match.MatchRecognizeSpec;
import io.runnel.operators.match.RowPattern;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Name;
import io.runnel.parser.ast.PatternNode;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Query;
import io.runnel.parser.ast.Relation;
import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.validate.ExpressionAnalyzer;
import io.runnel.planner.validate.LiteralAnalyzer;
import io.runnel.planner.validate.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * Turns {@code input MATCH_RECOGNIZE (...)} into a {@link MatchRel} over the input on the builder's stack:
 * names the pattern's variables, compiles the pattern, and splits each condition and measure into what it
 * reads of the match ({@code A.price}, {@code LAST(A.price, 1)}, {@code PREV(price)}, {@code AVG(A.price)},
 * {@code CLASSIFIER()}, {@code MATCH_NUMBER()}) and the scalar expression over those values.
 */
final class MatchConverter {
  private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX");

  private final RelBuilder builder;
  private final Catalog catalog;
  private final RexBuilder rex;
  private final RelDataTypeFactory types;

  MatchConverter(RelBuilder builder, Catalog catalog) {
    this.builder = builder;
    this.catalog = catalog;
    this.rex = builder.getRexBuilder();
    this.types = builder.getTypeFactory();
  }

  /** Converts {@code mr}, whose input's columns are {@code input}; returns the scope of its result. */
  Scope convert(Relation.MatchRecognize mr, Scope input) {
    RelNode in = builder.peek();
    RelDataType inputType = in.getRowType();
    Map<String, Integer> variables = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    collect(mr.pattern(), variables, names);
    Map<String, int[]> subsets = subsets(mr, variables);
    RowPattern pattern = pattern(mr.pattern(), variables);

    List<Integer> partitionKeys = new ArrayList<>();
    for (Expression e : mr.partitionBy()) {
      partitionKeys.add(column(e, input, "PARTITION BY"));
    }
    if (mr.orderBy().isEmpty()) {
      throw new RunnelException(
          ErrorCode.INVALID_MATCH_EXPRESSION, mr.pos(), "MATCH_RECOGNIZE needs ORDER BY its input's event time", "Add ORDER BY ts, where ts is the stream's WATERMARK column.");
    }
    List<RelFieldCollation> order = new ArrayList<>();
    for (Query.OrderItem item : mr.orderBy()) {
      int c = column(item.expression(), input, "ORDER BY");
      order.add(new RelFieldCollation(
          c,
          item.ascending() ? RelFieldCollation.Direction.ASCENDING : RelFieldCollation.Direction.DESCENDING,
          item.nullsSortFirst() ? RelFieldCollation.NullDirection.FIRST : RelFieldCollation.NullDirection.LAST));
    }
    if (order.get(0).getDirection() != RelFieldCollation.Direction.ASCENDING) {
      throw new RunnelException(
          ErrorCode.INVALID_MATCH_EXPRESSION, mr.orderBy().get(0).pos(), "MATCH_RECOGNIZE orders rows by ascending event time first", "Remove DESC from the first ORDER BY key.");
    }

    List<MatchRel.Expr> defines = new ArrayList<>();
    names.forEach(n -> defines.add(null));
    for (Relation.MatchRecognize.Define d : mr.defines()) {
      Integer v = variables.get(key(d.variable()));
      if (v == null) {
        throw new RunnelException(
            ErrorCode.INVALID_ROW_PATTERN, d.variable().pos(), "DEFINE names '" + d.variable().value() + "', which is not a variable of the PATTERN", "The pattern's variables are " + names + ".");
      }
      if (defines.get(v) != null) {
        throw new RunnelException(ErrorCode.INVALID_MATCH_EXPRESSION, d.variable().pos(), "Variable " + names.get(v) + " is defined twice", "Give each variable one DEFINE condition.");
      }
      Context context = new Context(input, inputType, variables, subsets, v, false, false);
      RexNode condition = new ExpressionAnalyzer(rex, input, e -> context.substitute(e), catalog).condition(d.condition(), "DEFINE");
      defines.set(v, new MatchRel.Expr(context.navs, condition));
    }

    boolean timeouts = mr.rowsPerMatch().mode() == Relation.MatchRecognize.RowsPerMatchMode.ONE_ROW_WITH_TIMEOUTS;
    boolean oneRow = timeouts || mr.rowsPerMatch().mode() == Relation.MatchRecognize.RowsPerMatchMode.ONE_ROW;
    List<MatchRel.Expr> measures = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    List<RelDataType> columnTypes = new ArrayList<>();
    if (oneRow) {
      for (int k : partitionKeys) {
        columns.add(inputType.getFieldList().get(k).getName());
        columnTypes.add(inputType.getFieldList().get(k).getType());
      }
    } else {
      inputType.getFieldList().forEach(f -> {
        columns.add(f.getName());
        columnTypes.add(f.getType());
      });
    }
    Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    seen.addAll(columns);
    for (Relation.MatchRecognize.Measure m : mr.measures()) {
      if (!seen.add(m.name().value())) {
        throw new RunnelException(ErrorCode.DUPLICATE_COLUMN, m.name().pos(), "Column '" + m.name().value() + "' appears twice in the result of MATCH_RECOGNIZE", "Give the measure another name.");
      }
      Context context = new Context(input, inputType, variables, subsets, -1, oneRow, timeouts);
      RexNode value = new ExpressionAnalyzer(rex, input, e -> context.substitute(e), catalog).analyze(m.expression());
      measures.add(new MatchRel.Expr(context.navs, value));
      columns.add(m.name().value());
      columnTypes.add(value.getType());
    }
    if (columns.isEmpty()) {
      throw new RunnelException(
          ErrorCode.INVALID_MATCH_EXPRESSION, mr.pos(), "This MATCH_RECOGNIZE answers with no columns: ONE ROW PER MATCH gives the PARTITION BY columns and the MEASURES", "Add MEASURES, e.g. MATCH_NUMBER() AS n.");
    }
    RelDataType rowType = types.createStructType(columnTypes, columns);
    AfterMatchSkip skip = skip(mr.afterMatch(), variables);
    long within = MatchSpecWithin.millis(mr);
    if (within == io.runnel.operators.match.MatchSpec.NO_WITHIN) {
      refuseUndecided(mr, in, variables, defines);
    }
    MatchRel rel = new MatchRel(
        in.getCluster(), in.getTraitSet(), in, partitionKeys, order, pattern, names, skip, within, defines, measures, rowsPerMatch(mr), rowType, mr.orderBy().get(0).pos());
    builder.build();
    builder.push(rel);
    return Scope.of(mr.alias() == null ? null : mr.alias().value(), rowType);
  }

  private static MatchRecognizeSpec.RowsPerMatch rowsPerMatch(Relation.MatchRecognize mr) {
    return switch (mr.rowsPerMatch().mode()) {
      case ONE_ROW -> MatchRecognizeSpec.RowsPerMatch.ONE_ROW;
      case ONE_ROW_WITH_TIMEOUTS -> MatchRecognizeSpec.RowsPerMatch.ONE_ROW_WITH_TIMEOUTS;
      case ALL_ROWS_SHOW_EMPTY -> MatchRecognizeSpec.RowsPerMatch.ALL_ROWS_SHOW_EMPTY;
      case ALL_ROWS_OMIT_EMPTY -> MatchRecognizeSpec.RowsPerMatch.ALL_ROWS_OMIT_EMPTY;
      case ALL_ROWS_WITH_UNMATCHED -> MatchRecognizeSpec.RowsPerMatch.ALL_ROWS_WITH_UNMATCHED;
    };
  }

  /** {@code WITHIN}'s interval in millis, or none. */
  private static final class MatchSpecWithin {
    static long millis(Relation.MatchRecognize mr) {
      if (mr.within() == null) {
        return io.runnel.operators.match.MatchSpec.NO_WITHIN;
      }
      java.math.BigDecimal millis = LiteralAnalyzer.millis(mr.within().interval());
      if (millis.signum() < 0) {
        throw new RunnelException(ErrorCode.INVALID_ROW_PATTERN, mr.within().pos(), "WITHIN takes an interval of zero or more, not " + millis + " ms", "Write e.g. WITHIN INTERVAL '5' SECOND.");
      }
      return millis.longValue();
    }
  }

  /**
   * Refuses a pattern no match of which is ever decided ({@link UndecidedMatches}) over an input that does
   * not end: the query would hold every row and answer nothing. {@code defines} by variable, null where
   * there is no DEFINE.
   */
  private static void refuseUndecided(Relation.MatchRecognize mr, RelNode in, Map<String, Integer> variables, List<MatchRel.Expr> defines) {
    UndecidedMatches.Trap trap = UndecidedMatches.find(mr.pattern(), v -> takesAnyRow(defines.get(variables.get(key(v.name())))));
    if (trap == null) {
      return;
    }
    String endless = endless(in);
    if (endless == null) {
      return; // the end of the input decides
    }
    PatternNode.Quantified q = trap.quantifier();
    List<String> names = new ArrayList<>();
    int undefined = 0;
    for (PatternNode.Var v : trap.variables()) {
      if (!names.contains(v.toString())) {
        names.add(v.toString());
        undefined += defines.get(variables.get(key(v.name()))) == null ? 1 : 0;
      }
    }
    String how = undefined == names.size() ? ", with no DEFINE," : undefined == 0 ? ", defined as TRUE," : "";
    PatternNode.Quantified reluctant = new PatternNode.Quantified(q.pos(), q.pattern(), q.min(), q.max(), true);
    throw new RunnelException(
        ErrorCode.INVALID_ROW_PATTERN,
        q.pos(),
        "No match is ever answered here: " + q + " takes as many rows as it can, and " + String.join(" and ", names) + how + (names.size() == 1 ? " takes" : " take")
            + " any row, so every match waits for one more row, and " + endless + " does not end",
        "Add WITHIN INTERVAL '1' MINUTE after the PATTERN to bound a match in time, give " + names.get(0) + " a condition in DEFINE, or make the quantifier reluctant: "
            + reluctant + ".");
  }

  /**
   * The first relation {@code in} reads that does not end, as a message names it ({@code stream ticks}), or
   * null when all end. The table of a temporal or lookup join is left out: a lookup join's output ends
   * with its left input (for a temporal join that only lets more through).
   */
  private static String endless(RelNode in) {
    if (in instanceof org.apache.calcite.rel.core.TableScan scan) {
      RelationTable table = scan.getTable().unwrap(RelationTable.class);
      if (table == null || table.def().bounded()) {
        return null;
      }
      RelationDef def = table.def();
      String kind = def.isMaterializedView() ? "materialized view " : def.isTable() ? "table " : "stream ";
      return kind + def.name();
    }
    List<RelNode> inputs = in instanceof TemporalJoinRel join ? List.of(join.getLeft()) : in.getInputs();
    for (RelNode input : inputs) {
      String endless = endless(input);
      if (endless != null) {
        return endless;
      }
    }
    return null; // VALUES, or only relations that end
  }

  /** Whether a variable so defined takes any row: no DEFINE, or DEFINE ... AS TRUE. */
  private static boolean takesAnyRow(MatchRel.Expr define) {
    return define == null || (define.outer() instanceof org.apache.calcite.rex.RexLiteral l && Boolean.TRUE.equals(l.getValueAs(Boolean.class)));
  }

  private static AfterMatchSkip skip(Relation.MatchRecognize.AfterMatch after, Map<String, Integer> variables) {
    if (after.variable() != null && !variables.containsKey(key(after.variable()))) {
      throw new RunnelException(
          ErrorCode.INVALID_ROW_PATTERN, after.variable().pos(), "AFTER MATCH SKIP names '" + after.variable().value() + "', which is not a variable of the PATTERN", "Skip to one of " + variables.keySet() + ".");
    }
    return switch (after.skipTo()) {
      case PAST_LAST_ROW -> new AfterMatchSkip.PastLastRow();
      case NEXT_ROW -> new AfterMatchSkip.ToNextRow();
      case FIRST_VARIABLE -> new AfterMatchSkip.ToFirst(variables.get(key(after.variable())));
      case LAST_VARIABLE -> new AfterMatchSkip.ToLast(variables.get(key(after.variable())));
    };
  }

  static String key(Name name) {
    return name.quoted() ? name.value() : name.value().toUpperCase(Locale.ROOT);
  }

  private static void collect(PatternNode p, Map<String, Integer> variables, List<String> names) {
    if (p instanceof PatternNode.Var v) {
      if (!variables.containsKey(key(v.name()))) {
        variables.put(key(v.name()), names.size());
        names.add(v.name().value());
      }
    } else if (p instanceof PatternNode.Concat c) {
      c.terms().forEach(t -> collect(t, variables, names));
    } else if (p instanceof PatternNode.Alt a) {
      a.alternatives().forEach(t -> collect(t, variables, names));
    } else if (p instanceof PatternNode.Quantified q) {
      collect(q.pattern(), variables, names);
    } else if (p instanceof PatternNode.Permute pm) {
      pm.patterns().forEach(t -> collect(t, variables, names));
    } else if (p instanceof PatternNode.Exclude x) {
      collect(x.pattern(), variables, names);
    }
  }

  /** The pattern the operator runs, its variables numbered by {@code variables} (keys as {@link #key} makes them). */
  static RowPattern pattern(PatternNode p, Map<String, Integer> variables) {
    if (p instanceof PatternNode.Var v) {
      return new RowPattern.Var(variables.get(key(v.name())));
    } else if (p instanceof PatternNode.Concat c) {
      return new RowPattern.Concat(c.terms().stream().map(t -> pattern(t, variables)).toList());
    } else if (p instanceof PatternNode.Alt a) {
      return new RowPattern.Alt(a.alternatives().stream().map(t -> pattern(t, variables)).toList());
    } else if (p instanceof PatternNode.Quantified q) {
      return new RowPattern.Quantified(pattern(q.pattern(), variables), q.min(), q.max() == null ? -1 : q.max(), q.reluctant());
    } else if (p instanceof PatternNode.Permute pm) {
      return new RowPattern.Permute(pm.patterns().stream().map(t -> pattern(t, variables)).toList());
    } else if (p instanceof PatternNode.Exclude x) {
      return new RowPattern.Exclude(pattern(x.pattern(), variables));
    } else if (p instanceof PatternNode.Start) {
      return new RowPattern.Start();
    } else if (p instanceof PatternNode.End) {
      return new RowPattern.End();
    }
    return RowPattern.empty();
  }

  private static Map<String, int[]> subsets(Relation.MatchRecognize mr, Map<String, Integer> variables) {
    Map<String, int[]> subsets = new LinkedHashMap<>();
    for (Relation.MatchRecognize.Subset s : mr.subsets()) {
      if (variables.containsKey(key(s.name())) || subsets.containsKey(key(s.name()))) {
        throw new RunnelException(ErrorCode.INVALID_ROW_PATTERN, s.name().pos(), "SUBSET '" + s.name().value() + "' is already a variable or a subset", "Give the subset a name of its own.");
      }
      int[] members = new int[s.variables().size()];
      for (int i = 0; i < members.length; i++) {
        Name v = s.variables().get(i);
        Integer index = variables.get(key(v));
        if (index == null) {
          throw new RunnelException(ErrorCode.INVALID_ROW_PATTERN, v.pos(), "SUBSET " + s.name().value() + " names '" + v.value() + "', which is not a variable of the PATTERN", "The pattern's variables are " + variables.keySet() + ".");
        }
        members[i] = index;
      }
      subsets.put(key(s.name()), members);
    }
    return subsets;
  }

  /** A column of the input named by a plain identifier: its index. */
  private static int column(Expression e, Scope input, String clause) {
    if (!(e instanceof Expression.Identifier id)) {
      throw new RunnelException(ErrorCode.UNSUPPORTED, e.pos(), "MATCH_RECOGNIZE " + clause + " takes columns of its input", "Compute the value in a subquery first.");
    }
    return input.resolve(id).entry().index();
  }

  /**
   * Splits an expression of DEFINE ({@code defining} the variable it defines) or MEASURES into navs: the
   * substitution an {@link ExpressionAnalyzer} offers every sub-expression to.
   */
  private final class Context {
    final Scope input;
    final RelDataType inputType;
    final Map<String, Integer> variables;
    final Map<String, int[]> subsets;
    final int defining;
    final boolean finalByDefault;
    final boolean timeouts; // MEASURES of ONE ROW PER MATCH WITH TIMEOUTS
    final List<MatchRel.NavRex> navs = new ArrayList<>();

    Context(
        Scope input, RelDataType inputType, Map<String, Integer> variables, Map<String, int[]> subsets, int defining, boolean finalByDefault, boolean timeouts) {
      this.input = input;
      this.inputType = inputType;
      this.variables = variables;
      this.subsets = subsets;
      this.defining = defining;
      this.finalByDefault = finalByDefault;
      this.timeouts = timeouts;
    }

    RexNode substitute(Expression e) {
      if (e instanceof Expression.MatchSemantics s) {
        if (s.isFinal() && defining >= 0) {
          throw new RunnelException(ErrorCode.INVALID_MATCH_EXPRESSION, s.pos(), "FINAL is for MEASURES: a condition sees the match up to its row", "Remove FINAL.");
        }
        return call(s.inner(), s.isFinal());
      }
      if (e instanceof Expression.FunctionCall f) {
        return call(f, finalByDefault);
      }
      if (e instanceof Expression.Identifier id) {
        Located at = locate(id);
        if (at == null) {
          return null;
        }
        return nav(new MatchRel.NavRex(MatchExpr.Kind.LAST, at.variables, 0, 0, null, at.column, finalByDefault, nullable(at.column.getType())));
      }
      if (e instanceof Expression.VariableStar v) {
        throw new RunnelException(ErrorCode.INVALID_MATCH_EXPRESSION, v.pos(), v.variable().value() + ".* is an argument of COUNT only", "Write COUNT(" + v.variable().value() + ".*).");
      }
      return null;
    }

    private RexNode call(Expression.FunctionCall f, boolean isFinal) {
      String name = f.name().value().toUpperCase(Locale.ROOT);
      switch (name) {
        case "CLASSIFIER":
          return nav(new MatchRel.NavRex(MatchExpr.Kind.CLASSIFIER, null, 0, 0, null, null, isFinal, nullable(types.createSqlType(SqlTypeName.VARCHAR))));
        case "MATCH_NUMBER": {
          // a partial match cut off is no match: it has no number
          RelDataType number = types.createSqlType(SqlTypeName.BIGINT);
          return nav(new MatchRel.NavRex(MatchExpr.Kind.MATCH_NUMBER, null, 0, 0, null, null, isFinal, timeouts ? nullable(number) : number));
        }
        case "MATCH_TIMED_OUT":
          return nav(new MatchRel.NavRex(MatchExpr.Kind.TIMED_OUT, null, 0, 0, null, null, isFinal, timedOut(f)));
        case "FIRST", "LAST":
          return navigation(f, name.equals("FIRST") ? MatchExpr.Kind.FIRST : MatchExpr.Kind.LAST, 0, isFinal);
        case "PREV", "NEXT": {
          long by = offset(f, 1);
          long physical = name.equals("PREV") ? -by : by;
          Expression arg = f.arguments().isEmpty() ? null : f.arguments().get(0);
          if (arg instanceof Expression.FunctionCall inner && Set.of("FIRST", "LAST").contains(inner.name().value().toUpperCase(Locale.ROOT))) {
            MatchExpr.Kind kind = inner.name().value().equalsIgnoreCase("FIRST") ? MatchExpr.Kind.FIRST : MatchExpr.Kind.LAST;
            return navigation(inner, kind, physical, isFinal);
          }
          if (arg instanceof Expression.FunctionCall agg && AGGREGATES.contains(agg.name().value().toUpperCase(Locale.ROOT))) {
            throw new RunnelException(ErrorCode.INVALID_MATCH_EXPRESSION, agg.pos(), name + " moves from a row; an aggregate has none", "Aggregate the rows, or write " + name + "(A.x).");
          }
          return single(f, arg, MatchExpr.Kind.LAST, 0, physical, isFinal);
        }
        default:
          if (AGGREGATES.contains(name) && f.over() == null) {
            return aggregate(f, MatchExpr.Aggregate.valueOf(name), isFinal);
          }
          return null;
      }
    }

    /** {@code MATCH_TIMED_OUT()}'s type, where it may be used: the MEASURES of ONE ROW PER MATCH WITH TIMEOUTS. */
    private RelDataType timedOut(Expression.FunctionCall f) {
      if (defining >= 0) {
        throw new RunnelException(
            ErrorCode.INVALID_MATCH_EXPRESSION, f.pos(), "MATCH_TIMED_OUT() is for MEASURES: a condition sees a match in progress, which has not timed out", "Remove it from DEFINE.");
      }
      if (!timeouts) {
        throw new RunnelException(
            ErrorCode.INVALID_MATCH_EXPRESSION,
            f.pos(),
            "MATCH_TIMED_OUT() tells the partial matches WITHIN cut off from matches, and this MATCH_RECOGNIZE answers matches only",
            "Write ONE ROW PER MATCH WITH TIMEOUTS, with a WITHIN after the PATTERN.");
      }
      return types.createSqlType(SqlTypeName.BOOLEAN);
    }

    private RexNode navigation(Expression.FunctionCall f, MatchExpr.Kind kind, long physical, boolean isFinal) {
      long offset = offset(f, 0);
      return single(f, f.arguments().isEmpty() ? null : f.arguments().get(0), kind, offset, physical, isFinal);
    }

    /** A nav to one row found by {@code kind} and {@code offset}, reading {@code arg} there. */
    private RexNode single(Expression.FunctionCall f, Expression arg, MatchExpr.Kind kind, long offset, long physical, boolean isFinal) {
      if (arg == null) {
        throw new RunnelException(ErrorCode.INVALID_MATCH_EXPRESSION, f.pos(), f.name().value() + " needs a value to read, as in " + f.name().value() + "(A.price)", null);
      }
      Inner inner = inner(arg);
      return nav(new MatchRel.NavRex(kind, inner.variables, offset, physical, null, inner.value, isFinal, nullable(inner.value.getType())));
    }

    private RexNode aggregate(Expression.FunctionCall f, MatchExpr.Aggregate aggregate, boolean isFinal) {
      if (f.distinct() || f.filter() != null) {
        throw new RunnelException(ErrorCode.UNSUPPORTED, f.pos(), "DISTINCT and FILTER are not supported in aggregates of MATCH_RECOGNIZE yet", null);
      }
      if (f.star() || (f.arguments().size() == 1 && f.arguments().get(0) instanceof Expression.VariableStar)) {
        if (aggregate != MatchExpr.Aggregate.COUNT) {
          throw new RunnelException(ErrorCode.INVALID_AGGREGATE, f.pos(), f.name().value() + " takes a value, not *", null);
        }
        int[] vars = f.star() ? null : variablesOf(((Expression.VariableStar) f.arguments().get(0)).variable());
        return nav(new MatchRel.NavRex(MatchExpr.Kind.AGGREGATE, vars, 0, 0, aggregate, null, isFinal, types.createSqlType(SqlTypeName.BIGINT)));
      }
      if (f.arguments().size() != 1) {
        throw new RunnelException(ErrorCode.INVALID_AGGREGATE, f.pos(), f.name().value() + " takes one argument", null);
      }
      Inner inner = inner(f.arguments().get(0));
      RelDataType type = inner.value.getType();
      SqlTypeName t = type.getSqlTypeName();
      boolean numeric = t == SqlTypeName.INTEGER || t == SqlTypeName.BIGINT || t == SqlTypeName.DOUBLE || t == SqlTypeName.SMALLINT || t == SqlTypeName.TINYINT;
      boolean summed = aggregate == MatchExpr.Aggregate.SUM || aggregate == MatchExpr.Aggregate.AVG;
      if (summed && !numeric && t != SqlTypeName.DECIMAL) {
        throw new RunnelException(
            ErrorCode.UNSUPPORTED, f.pos(), f.name().value() + " in MATCH_RECOGNIZE takes INT, BIGINT, DOUBLE or DECIMAL values, not " + t, "Cast the value to DOUBLE.");
      }
      RelDataType result;
      if (aggregate == MatchExpr.Aggregate.COUNT) {
        result = types.createSqlType(SqlTypeName.BIGINT);
      } else if (summed && t == SqlTypeName.DECIMAL) {
        // the types a GROUP BY's SUM and AVG give, from the same type system
        result = nullable(aggregate == MatchExpr.Aggregate.SUM ? types.getTypeSystem().deriveSumType(types, type) : types.getTypeSystem().deriveAvgAggType(types, type));
      } else if (summed) {
        result = nullable(types.createSqlType(t == SqlTypeName.DOUBLE ? SqlTypeName.DOUBLE : SqlTypeName.BIGINT));
      } else {
        result = nullable(type);
      }
      return nav(new MatchRel.NavRex(MatchExpr.Kind.AGGREGATE, inner.variables, 0, 0, aggregate, inner.value, isFinal, result));
    }

    private long offset(Expression.FunctionCall f, long byDefault) {
      if (f.arguments().size() < 2) {
        return byDefault;
      }
      if (f.arguments().size() > 2 || !(f.arguments().get(1) instanceof Expression.NumericLiteral n) || !n.text().matches("\\d+")) {
        throw new RunnelException(
            ErrorCode.INVALID_MATCH_EXPRESSION, f.pos(), f.name().value() + " takes a value and a whole number of rows", "Write e.g. " + f.name().value() + "(A.price, 1).");
      }
      return Long.parseLong(n.text());
    }

    private RexNode nav(MatchRel.NavRex nav) {
      navs.add(nav);
      return new RexInputRef(navs.size() - 1, nav.type());
    }

    /** The value {@code arg} computes of one row, and the variable (or subset) its columns are qualified by. */
    private Inner inner(Expression arg) {
      int[][] seen = new int[1][];
      boolean[] qualified = new boolean[1];
      boolean[] any = new boolean[1];
      RexNode value = new ExpressionAnalyzer(rex, input, e -> {
        if (e instanceof Expression.FunctionCall f && isMatchFunction(f)) {
          throw new RunnelException(ErrorCode.INVALID_MATCH_EXPRESSION, f.pos(), f.name().value() + " cannot be nested here", "Navigate once: FIRST, LAST, PREV and NEXT read one row.");
        }
        if (!(e instanceof Expression.Identifier id)) {
          return null;
        }
        Located at = locate(id);
        if (at == null) {
          return null;
        }
        if (at.variables == null) {
          any[0] = true;
        } else if (seen[0] != null && !java.util.Arrays.equals(seen[0], at.variables)) {
          throw new RunnelException(ErrorCode.INVALID_MATCH_EXPRESSION, id.pos(), "'" + id.dotted() + "' reads another variable than the rest of its expression", "Read one variable's row at a time.");
        } else {
          seen[0] = at.variables;
          qualified[0] = true;
        }
        return at.column;
      }, catalog).analyze(arg);
      if (qualified[0] && any[0]) {
        throw new RunnelException(ErrorCode.INVALID_MATCH_EXPRESSION, arg.pos(), "Columns with and without a pattern variable are mixed in one navigation", "Qualify every column, as in A.price - A.tax.");
      }
      return new Inner(seen[0], value);
    }

    private boolean isMatchFunction(Expression.FunctionCall f) {
      String n = f.name().value().toUpperCase(Locale.ROOT);
      return Set.of("FIRST", "LAST", "PREV", "NEXT", "CLASSIFIER", "MATCH_NUMBER", "MATCH_TIMED_OUT").contains(n) || AGGREGATES.contains(n);
    }

    /** A column of the input, qualified by a variable or subset (or by nothing: every row), or null when it is not one. */
    private Located locate(Expression.Identifier id) {
      List<Name> parts = id.parts();
      if (parts.size() >= 2 && (variables.containsKey(key(parts.get(0))) || subsets.containsKey(key(parts.get(0))))) {
        RexNode column = new ExpressionAnalyzer(rex, input).analyze(new Expression.Identifier(id.pos(), parts.subList(1, parts.size())));
        return new Located(variablesOf(parts.get(0)), column);
      }
      if (parts.size() >= 2) {
        try {
          return new Located(null, new ExpressionAnalyzer(rex, input).analyze(id)); // a column of the input's alias, or a ROW field
        } catch (RunnelException e) {
          if (e.code() != ErrorCode.UNKNOWN_COLUMN) {
            throw e;
          }
          throw new RunnelException(
              ErrorCode.UNKNOWN_COLUMN, id.pos(), "'" + parts.get(0).value() + "' in '" + id.dotted() + "' is not a variable of the PATTERN", "The pattern's variables are " + variables.keySet() + ".");
        }
      }
      if (parts.size() == 1) {
        RexNode column = new ExpressionAnalyzer(rex, input).analyze(id);
        return new Located(null, column); // every row: in DEFINE the row tested, in MEASURES the current row
      }
      return null;
    }

    private int[] variablesOf(Name name) {
      Integer v = variables.get(key(name));
      if (v != null) {
        return new int[] {v};
      }
      int[] subset = subsets.get(key(name));
      if (subset == null) {
        throw new RunnelException(ErrorCode.UNKNOWN_COLUMN, name.pos(), "'" + name.value() + "' is not a variable of the PATTERN nor a SUBSET", "The pattern's variables are " + variables.keySet() + ".");
      }
      return subset;
    }
  }

  private record Located(int[] variables, RexNode column) {}

  private record Inner(int[] variables, RexNode value) {}

  private RelDataType nullable(RelDataType type) {
    return types.createTypeWithNullability(type, true);
  }
}
