package io.runnel.parser.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A scalar expression as written. Nullable components are marked; lists are never null. */
public sealed interface Expression extends Node {

  /** A column reference, possibly qualified ({@code b.price}) or into ROW fields ({@code p.address.city}). */
  record Identifier(Pos pos, List<Name> parts) implements Expression {
    public Identifier {
      parts = List.copyOf(parts);
    }

    public String dotted() {
      return String.join(".", parts.stream().map(Name::value).toList());
    }
  }

  /** A number as written: {@code 42}, {@code 4.2}, {@code 4.2E1}. The planner picks INT/BIGINT/DECIMAL/DOUBLE. */
  record NumericLiteral(Pos pos, String text) implements Expression {}

  /** A string literal, quotes removed and {@code ''} unescaped. */
  record StringLiteral(Pos pos, String value) implements Expression {}

  record BooleanLiteral(Pos pos, boolean value) implements Expression {}

  record NullLiteral(Pos pos) implements Expression {}

  /** {@code INTERVAL '4' SECOND}; {@code value} is the quoted text, {@code unit} upper-case (SECOND, MINUTE, HOUR, DAY, MONTH, YEAR, MILLISECOND). */
  record IntervalLiteral(Pos pos, String value, String unit) implements Expression {}

  /** {@code TIMESTAMP '2020-01-01 10:00:00'}, {@code DATE '2020-01-01'}: {@code type} is TIMESTAMP or DATE. */
  record TypedLiteral(Pos pos, String type, String value) implements Expression {}

  enum BinaryOperator {
    PLUS("+"),
    MINUS("-"),
    TIMES("*"),
    DIVIDE("/"),
    MODULO("%"),
    CONCAT("||"),
    EQUALS("="),
    NOT_EQUALS("<>"),
    LESS_THAN("<"),
    LESS_THAN_OR_EQUAL("<="),
    GREATER_THAN(">"),
    GREATER_THAN_OR_EQUAL(">="),
    AND("AND"),
    OR("OR");

    private final String symbol;

    BinaryOperator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** {@code pos} is the position of the left operand's start. */
  record Binary(Pos pos, BinaryOperator operator, Expression left, Expression right)
      implements Expression {}

  enum UnaryOperator {
    NOT,
    MINUS,
    PLUS
  }

  record Unary(Pos pos, UnaryOperator operator, Expression operand) implements Expression {}

  /** {@code x IS [NOT] NULL}. */
  record IsNull(Pos pos, Expression operand, boolean negated) implements Expression {}

  /** {@code x [NOT] BETWEEN low AND high}. */
  record Between(Pos pos, Expression operand, Expression low, Expression high, boolean negated)
      implements Expression {}

  /** {@code x [NOT] IN (a, b, ...)}. */
  record InList(Pos pos, Expression operand, List<Expression> values, boolean negated)
      implements Expression {
    public InList {
      values = List.copyOf(values);
    }
  }

  /** {@code x [NOT] IN (SELECT ...)}: a semi join (an anti join when negated) of the query with the subquery. */
  record InSubquery(Pos pos, Expression operand, Query query, boolean negated) implements Expression {}

  /** {@code EXISTS (SELECT ...)}: a semi join of the query with the subquery ({@code NOT EXISTS}: an anti join). */
  record Exists(Pos pos, Query query) implements Expression {}

  /** {@code x [NOT] LIKE pattern [ESCAPE e]}; {@code escape} may be null. */
  record Like(Pos pos, Expression operand, Expression pattern, Expression escape, boolean negated)
      implements Expression {}

  record WhenClause(Expression condition, Expression result) {}

  /** {@code CASE [operand] WHEN ... THEN ... [ELSE ...] END}; {@code operand} and {@code elseResult} may be null. */
  record Case(Pos pos, Expression operand, List<WhenClause> whens, Expression elseResult)
      implements Expression {
    public Case {
      whens = List.copyOf(whens);
    }
  }

  /** {@code CAST(x AS type)}. */
  record Cast(Pos pos, Expression operand, TypeSpec type) implements Expression {}

  /** {@code EXTRACT(unit FROM x)}; {@code unit} upper-case. */
  record Extract(Pos pos, String unit, Expression operand) implements Expression {}

  /**
   * A function call: {@code name} as written (resolution is case-insensitive), {@code star} for {@code
   * COUNT(*)}, {@code distinct} for {@code COUNT(DISTINCT x)}, {@code filter} (may be null) for {@code
   * FILTER (WHERE ...)}. {@code ROW(a, b)} is a call named ROW. {@code SUBSTRING(s FROM a FOR b)} is given
   * as SUBSTRING(s, a, b), {@code POSITION(a IN b)} as POSITION(a, b), {@code TRIM(s)} as TRIM(s).
   * {@code over} (may be null) is the call's {@code OVER (...)} window.
   */
  record FunctionCall(
      Pos pos, Name name, List<Expression> arguments, boolean distinct, boolean star, Expression filter, Over over)
      implements Expression {
    public FunctionCall {
      requireNonNull(name, "name is null");
      arguments = List.copyOf(arguments);
    }

    public FunctionCall(Pos pos, Name name, List<Expression> arguments, boolean distinct, boolean star, Expression filter) {
      this(pos, name, arguments, distinct, star, filter, null);
    }
  }

  /**
   * {@code OVER (PARTITION BY ... ORDER BY ... frame)}. {@code frame} is null when none was written (SQL's
   * default, {@code RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW}).
   */
  record Over(Pos pos, List<Expression> partitionBy, List<Query.OrderItem> orderBy, Frame frame) {
    public Over {
      partitionBy = List.copyOf(partitionBy);
      orderBy = List.copyOf(orderBy);
    }
  }

  /**
   * A frame that ends at the current row: {@code ROWS} or {@code RANGE}, starting {@code preceding} before
   * it (a row count for ROWS, an interval for RANGE; null for UNBOUNDED PRECEDING). {@code CURRENT ROW} as
   * the start is a preceding of 0.
   */
  record Frame(Pos pos, boolean rows, Expression preceding) {}

  /** {@code (expr).field} or {@code expr.field} when expr is not a plain identifier. */
  record FieldAccess(Pos pos, Expression base, Name field) implements Expression {}

  /**
   * {@code RUNNING call} or {@code FINAL call} in MATCH_RECOGNIZE: whether a navigation or aggregate
   * ({@code FINAL LAST(A.price)}, {@code RUNNING COUNT(*)}) sees the rows of the match up to the current row
   * (RUNNING, the default) or all of them (FINAL). The parser allows it only in MEASURES and DEFINE, and
   * FINAL only in MEASURES.
   */
  record MatchSemantics(Pos pos, boolean isFinal, FunctionCall inner) implements Expression {
    public MatchSemantics {
      requireNonNull(inner, "inner is null");
    }
  }

  /**
   * {@code v.*} as the one argument of a function in MATCH_RECOGNIZE, as in {@code COUNT(A.*)}: the rows
   * mapped to pattern variable (or subset) {@code v}. The parser allows it only in MEASURES and DEFINE.
   */
  record VariableStar(Pos pos, Name variable) implements Expression {
    public VariableStar {
      requireNonNull(variable, "variable is null");
    }
  }
}
