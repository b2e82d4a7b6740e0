package io.runnel.planner.validate;

import io.runnel.planner.catalog.Catalog;
import io.runnel.planner.catalog.FunctionDef;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Expression.Binary;
import io.runnel.parser.ast.Expression.BinaryOperator;
import io.runnel.parser.ast.Pos;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Type-checks an AST expression against a {@link Scope} and builds the Calcite {@link RexNode} for it.
 * Calcite's builders do not check types, so every rule lives here, and every error names the expression
 * and the types involved. Operands of arithmetic and comparisons are cast to a common type, so the
 * operators downstream always see operands of one type.
 */
public final class ExpressionAnalyzer {
  private final RexBuilder rex;
  private final RelDataTypeFactory types;
  private final Scope scope;
  private final ExpressionText text;
  private final LiteralAnalyzer literals;
  private final FunctionAnalyzer functions;
  private final Function<Expression, RexNode> substitution;
  private final Catalog catalog; // for user-defined functions; null: none

  public ExpressionAnalyzer(RexBuilder rex, Scope scope) {
    this(rex, scope, e -> null);
  }

  /**
   * An analyzer that first offers every sub-expression to {@code substitution}, which returns the
   * expression's replacement or null to analyze it as usual. Aggregating queries use it to read group
   * keys and aggregate calls from the aggregate's output.
   */
  public ExpressionAnalyzer(RexBuilder rex, Scope scope, Function<Expression, RexNode> substitution) {
    this(rex, scope, substitution, null);
  }

  /** An analyzer that also resolves the user-defined functions of {@code catalog} (may be null). */
  public ExpressionAnalyzer(RexBuilder rex, Scope scope, Function<Expression, RexNode> substitution, Catalog catalog) {
    this.catalog = catalog;
    this.substitution = substitution;
    this.rex = rex;
    this.types = rex.getTypeFactory();
    this.scope = scope;
    this.text = new ExpressionText();
    this.literals = new LiteralAnalyzer(rex);
    this.functions = new FunctionAnalyzer(rex, this);
  }

  RexBuilder rex() {
    return rex;
  }

  /** The user-defined function {@code name}, or null. */
  FunctionDef userFunction(String name) {
    return catalog == null ? null : catalog.findFunction(name).orElse(null);
  }

  /** Source text of an expression, for messages. */
  public String textOf(Expression e) {
    return text.of(e);
  }

  public RexNode analyze(Expression e) {
    RexNode substituted = substitution.apply(e);
    if (substituted != null) {
      return substituted;
    }
    if (e instanceof Expression.Identifier id) {
      return identifier(id);
    }
    if (e instanceof Expression.NumericLiteral l) {
      return literals.numeric(l);
    }
    if (e instanceof Expression.StringLiteral l) {
      return literals.string(l.value());
    }
    if (e instanceof Expression.BooleanLiteral l) {
      return rex.makeLiteral(l.value());
    }
    if (e instanceof Expression.NullLiteral l) {
      return rex.makeNullLiteral(types.createSqlType(SqlTypeName.NULL));
    }
    if (e instanceof Expression.IntervalLiteral l) {
      return literals.interval(l);
    }
    if (e instanceof Expression.TypedLiteral l) {
      return literals.typed(l);
    }
    if (e instanceof Binary b) {
      return binary(b);
    }
    if (e instanceof Expression.Unary u) {
      return unary(u);
    }
    if (e instanceof Expression.IsNull n) {
      return rex.makeCall(n.negated() ? SqlStdOperatorTable.IS_NOT_NULL : SqlStdOperatorTable.IS_NULL, analyze(n.operand()));
    }
    if (e instanceof Expression.Between b) {
      return between(b);
    }
    if (e instanceof Expression.InList in) {
      return inList(in);
    }
    if (e instanceof Expression.InSubquery || e instanceof Expression.Exists) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          e.pos(),
          "'" + textOf(e) + "' is supported only as a condition of WHERE, joined to the others with AND",
          "Write the subquery as a JOIN, or move it into the WHERE clause of the query that reads its rows.");
    }
    if (e instanceof Expression.Like l) {
      return like(l);
    }
    if (e instanceof Expression.Case c) {
      return caseWhen(c);
    }
    if (e instanceof Expression.Cast c) {
      return cast(c);
    }
    if (e instanceof Expression.Extract x) {
      return functions.extract(x);
    }
    if (e instanceof Expression.FunctionCall f) {
      return functions.call(f);
    }
    if (e instanceof Expression.FieldAccess f) {
      return field(analyze(f.base()), f.field().value(), f.pos(), textOf(f.base()));
    }
    throw new IllegalArgumentException("unknown expression " + e);
  }

  /** Analyzes a condition (WHERE, HAVING, CASE WHEN) and checks it is BOOLEAN. */
  public RexNode condition(Expression e, String clause) {
    RexNode node = analyze(e);
    SqlTypeName t = node.getType().getSqlTypeName();
    if (t != SqlTypeName.BOOLEAN && t != SqlTypeName.NULL) {
      throw new RunnelException(
          ErrorCode.TYPE_MISMATCH,
          e.pos(),
          clause + " condition '" + textOf(e) + "' must be BOOLEAN, not " + TypeMapping.describe(node.getType()),
          null);
    }
    return t == SqlTypeName.NULL ? rex.makeNullLiteral(types.createSqlType(SqlTypeName.BOOLEAN)) : node;
  }

  private RexNode identifier(Expression.Identifier id) {
    Scope.Resolved resolved = scope.resolve(id);
    RexNode node = rex.makeInputRef(resolved.entry().type(), resolved.entry().index());
    String path = resolved.entry().name();
    for (int i = resolved.partsUsed(); i < id.parts().size(); i++) {
      node = field(node, id.parts().get(i).value(), id.parts().get(i).pos(), path);
      path = path + "." + id.parts().get(i).value();
    }
    return node;
  }

  private RexNode field(RexNode base, String name, Pos pos, String baseText) {
    RelDataType type = base.getType();
    if (!type.isStruct()) {
      throw RunnelException.user(
          ErrorCode.TYPE_MISMATCH, pos, "'" + baseText + "' is " + TypeMapping.describe(type) + ", not a ROW: it has no field '" + name + "'");
    }
    RelDataTypeField field = type.getField(name, false, false);
    if (field == null) {
      List<String> names = type.getFieldNames();
      String closest = io.runnel.parser.Suggestions.closest(name, names);
      throw new RunnelException(
          ErrorCode.UNKNOWN_COLUMN,
          pos,
          "Field '" + name + "' not found in '" + baseText + "'",
          closest != null ? "Did you mean '" + closest + "'?" : "Fields: " + String.join(", ", names) + ".");
    }
    return rex.makeFieldAccess(base, field.getIndex());
  }

  private RexNode binary(Binary b) {
    BinaryOperator op = b.operator();
    RexNode left = analyze(b.left());
    RexNode right = analyze(b.right());
    return switch (op) {
      case AND, OR -> logical(b, left, right);
      case PLUS, MINUS, TIMES, DIVIDE, MODULO -> Arithmetic.arithmetic(this, b, left, right);
      case CONCAT -> concat(b, left, right);
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL ->
          compare(comparisonOperator(op), b, left, right, op.symbol());
    };
  }

  private RexNode logical(Binary b, RexNode left, RexNode right) {
    requireBoolean(left, b.left(), b.operator().symbol());
    requireBoolean(right, b.right(), b.operator().symbol());
    SqlOperator op = b.operator() == BinaryOperator.AND ? SqlStdOperatorTable.AND : SqlStdOperatorTable.OR;
    return rex.makeCall(op, nullToBoolean(left), nullToBoolean(right));
  }

  private RexNode nullToBoolean(RexNode node) {
    return node.getType().getSqlTypeName() == SqlTypeName.NULL
        ? rex.makeNullLiteral(types.createSqlType(SqlTypeName.BOOLEAN))
        : node;
  }

  void requireBoolean(RexNode node, Expression e, String operator) {
    SqlTypeName t = node.getType().getSqlTypeName();
    if (t != SqlTypeName.BOOLEAN && t != SqlTypeName.NULL) {
      throw RunnelException.user(
          ErrorCode.TYPE_MISMATCH,
          e.pos(),
          "Operand '" + textOf(e) + "' of " + operator + " must be BOOLEAN, not " + TypeMapping.describe(node.getType()));
    }
  }

  private RexNode concat(Binary b, RexNode left, RexNode right) {
    if (!TypeRules.isStringOrNull(left.getType()) || !TypeRules.isStringOrNull(right.getType())) {
      throw new RunnelException(
          ErrorCode.TYPE_MISMATCH,
          b.pos(),
          "Cannot apply '||' to arguments of type " + TypeMapping.describe(left.getType()) + " and " + TypeMapping.describe(right.getType()) + " in '" + textOf(b) + "'",
          "CAST the operands to VARCHAR.");
    }
    RelDataType type = TypeRules.varchar(types, left.getType().isNullable() || right.getType().isNullable());
    return rex.makeCall(type, SqlStdOperatorTable.CONCAT, List.of(castTo(left, type), castTo(right, type)));
  }

  private static SqlOperator comparisonOperator(BinaryOperator op) {
    return switch (op) {
      case EQUALS -> SqlStdOperatorTable.EQUALS;
      case NOT_EQUALS -> SqlStdOperatorTable.NOT_EQUALS;
      case LESS_THAN -> SqlStdOperatorTable.LESS_THAN;
      case LESS_THAN_OR_EQUAL -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
      case GREATER_THAN -> SqlStdOperatorTable.GREATER_THAN;
      case GREATER_THAN_OR_EQUAL -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  /** A comparison of two values cast to their common type; {@code where} is the expression to report. */
  public RexNode compare(SqlOperator op, Expression where, RexNode left, RexNode right, String symbol) {
    RelDataType common = TypeRules.comparableType(types, left.getType(), right.getType());
    if (common == null) {
      throw new RunnelException(
          ErrorCode.TYPE_MISMATCH,
          where.pos(),
          "Cannot compare " + TypeMapping.describe(left.getType()) + " with " + TypeMapping.describe(right.getType()) + " in '" + textOf(where) + "'",
          "CAST one side to the type of the other.");
    }
    if (RexUtil.isNullLiteral(left, true) || RexUtil.isNullLiteral(right, true)) {
      // a comparison with NULL is unknown: folded here, as Calcite's rules expect no such comparison
      return rex.makeNullLiteral(types.createSqlType(SqlTypeName.BOOLEAN));
    }
    return rex.makeCall(op, castTo(left, common), castTo(right, common));
  }

  /** {@code node} cast to {@code type}'s kind (keeping the node's nullability), or unchanged if it already is. */
  RexNode castTo(RexNode node, RelDataType type) {
    RelDataType target = types.createTypeWithNullability(type, node.getType().isNullable());
    if (TypeRules.sameKind(node.getType(), target)) {
      return node;
    }
    return rex.makeAbstractCast(target, node, false);
  }

  private RexNode unary(Expression.Unary u) {
    RexNode operand = analyze(u.operand());
    return switch (u.operator()) {
      case NOT -> {
        requireBoolean(operand, u.operand(), "NOT");
        yield rex.makeCall(SqlStdOperatorTable.NOT, nullToBoolean(operand));
      }
      case MINUS -> {
        if (!TypeRules.isNumeric(operand.getType()) && !TypeRules.isInterval(operand.getType())) {
          throw RunnelException.user(
              ErrorCode.TYPE_MISMATCH, u.pos(), "Cannot negate '" + textOf(u.operand()) + "' of type " + TypeMapping.describe(operand.getType()));
        }
        yield literals.negate(operand);
      }
      case PLUS -> operand;
    };
  }

  private RexNode between(Expression.Between b) {
    RexNode x = analyze(b.operand());
    RexNode low = compare(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, b, x, analyze(b.low()), "BETWEEN");
    RexNode high = compare(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, b, x, analyze(b.high()), "BETWEEN");
    RexNode both = rex.makeCall(SqlStdOperatorTable.AND, low, high);
    return b.negated() ? rex.makeCall(SqlStdOperatorTable.NOT, both) : both;
  }

  private RexNode inList(Expression.InList in) {
    RexNode x = analyze(in.operand());
    List<RexNode> equalities = new ArrayList<>();
    for (Expression value : in.values()) {
      equalities.add(compare(SqlStdOperatorTable.EQUALS, in, x, analyze(value), "IN"));
    }
    RexNode any = equalities.size() == 1 ? equalities.get(0) : rex.makeCall(SqlStdOperatorTable.OR, equalities);
    return in.negated() ? rex.makeCall(SqlStdOperatorTable.NOT, any) : any;
  }

  private RexNode like(Expression.Like l) {
    List<RexNode> operands = new ArrayList<>();
    operands.add(analyze(l.operand()));
    operands.add(analyze(l.pattern()));
    if (l.escape() != null) {
      operands.add(analyze(l.escape()));
    }
    for (int i = 0; i < operands.size(); i++) {
      if (!TypeRules.isStringOrNull(operands.get(i).getType())) {
        Expression e = i == 0 ? l.operand() : i == 1 ? l.pattern() : l.escape();
        throw RunnelException.user(
            ErrorCode.TYPE_MISMATCH, e.pos(), "LIKE needs VARCHAR operands, but '" + textOf(e) + "' is " + TypeMapping.describe(operands.get(i).getType()));
      }
    }
    if (l.escape() != null && operands.get(2) instanceof RexLiteral escape && escape.getValueAs(String.class) != null) {
      String text = escape.getValueAs(String.class);
      if (text.codePointCount(0, text.length()) != 1) {
        throw new RunnelException(
            ErrorCode.INVALID_LITERAL, l.escape().pos(), "LIKE escape must be one character, not '" + text + "'", "Write e.g. ESCAPE '\\'.");
      }
    }
    boolean nullable = operands.stream().anyMatch(o -> o.getType().isNullable());
    RelDataType varchar = TypeRules.varchar(types, false);
    List<RexNode> cast = operands.stream().map(o -> castTo(o, varchar)).toList();
    RexNode call = rex.makeCall(TypeRules.bool(types, nullable), SqlStdOperatorTable.LIKE, cast);
    return l.negated() ? rex.makeCall(SqlStdOperatorTable.NOT, call) : call;
  }

  private RexNode caseWhen(Expression.Case c) {
    RexNode operand = c.operand() == null ? null : analyze(c.operand());
    List<RexNode> conditions = new ArrayList<>();
    List<RexNode> results = new ArrayList<>();
    List<Expression> resultExprs = new ArrayList<>();
    for (Expression.WhenClause when : c.whens()) {
      if (operand == null) {
        conditions.add(condition(when.condition(), "WHEN"));
      } else {
        conditions.add(compare(SqlStdOperatorTable.EQUALS, when.condition(), operand, analyze(when.condition()), "="));
      }
      results.add(analyze(when.result()));
      resultExprs.add(when.result());
    }
    RexNode elseResult =
        c.elseResult() == null ? rex.makeNullLiteral(types.createSqlType(SqlTypeName.NULL)) : analyze(c.elseResult());
    results.add(elseResult);
    resultExprs.add(c.elseResult() == null ? c : c.elseResult());
    RelDataType common = commonType(results, resultExprs, "CASE branches");
    boolean nullable = c.elseResult() == null || results.stream().anyMatch(r -> r.getType().isNullable());
    RelDataType type = types.createTypeWithNullability(common, nullable);
    List<RexNode> operands = new ArrayList<>();
    for (int i = 0; i < conditions.size(); i++) {
      operands.add(conditions.get(i));
      operands.add(castExact(results.get(i), type));
    }
    operands.add(castExact(elseResult, type));
    return rex.makeCall(type, SqlStdOperatorTable.CASE, operands);
  }

  /** The common type of several values (CASE, COALESCE, VALUES columns), or an error naming two that clash. */
  public RelDataType commonTypeOf(List<RexNode> values, List<Expression> exprs, String what) {
    RelDataType common = commonType(values, exprs, what);
    boolean nullable = values.stream().anyMatch(v -> v.getType().isNullable());
    return types.createTypeWithNullability(common, nullable);
  }

  RelDataType commonType(List<RexNode> values, List<Expression> exprs, String what) {
    RelDataType common = null;
    for (int i = 0; i < values.size(); i++) {
      RelDataType t = values.get(i).getType();
      RelDataType next = common == null ? t : TypeRules.leastRestrictive(types, common, t);
      if (next == null) {
        throw RunnelException.user(
            ErrorCode.TYPE_MISMATCH,
            exprs.get(i).pos(),
            what + " have incompatible types " + TypeMapping.describe(common) + " and " + TypeMapping.describe(t) + " ('" + textOf(exprs.get(i)) + "')");
      }
      common = next;
    }
    if (common.getSqlTypeName() == SqlTypeName.NULL) {
      common = TypeRules.varchar(types, true);
    }
    return common;
  }

  public RexNode castExactly(RexNode node, RelDataType type) {
    return castExact(node, type);
  }

  RexNode castExact(RexNode node, RelDataType type) {
    if (node.getType().equals(type)) {
      return node;
    }
    if (node.getType().getSqlTypeName() == SqlTypeName.NULL) {
      return rex.makeNullLiteral(type);
    }
    if (TypeRules.sameKind(node.getType(), type)) {
      return node.getType().isNullable() == type.isNullable()
          ? node
          : rex.makeAbstractCast(type, node, false);
    }
    return rex.makeAbstractCast(type, node, false);
  }

  private RexNode cast(Expression.Cast c) {
    RexNode operand = analyze(c.operand());
    RelDataType target = new TypeMapping(types).toRel(TypeMapping.fromSpec(c.type()));
    if (!TypeRules.canCast(operand.getType(), target)) {
      throw new RunnelException(
          ErrorCode.INVALID_CAST,
          c.pos(),
          "Cannot cast '" + textOf(c.operand()) + "' of type " + TypeMapping.describe(operand.getType()) + " to " + TypeMapping.describe(target),
          null);
    }
    RelDataType type = types.createTypeWithNullability(target, operand.getType().isNullable() || TypeRules.castMayFail(operand.getType(), target));
    if (operand.getType().getSqlTypeName() == SqlTypeName.NULL) {
      return rex.makeNullLiteral(type);
    }
    return rex.makeAbstractCast(type, operand, false);
  }
}
