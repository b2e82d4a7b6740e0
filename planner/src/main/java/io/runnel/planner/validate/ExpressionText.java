package io.runnel.planner.validate;

import io.runnel.parser.ast.Expression;
import io.runnel.parser.ast.Name;
import java.util.List;
import java.util.stream.Collectors;

/** Prints an AST expression back as SQL, for error messages and derived column names. */
public final class ExpressionText {

  public String of(Expression e) {
    if (e instanceof Expression.Identifier id) {
      return id.parts().stream().map(Name::value).collect(Collectors.joining("."));
    } else if (e instanceof Expression.NumericLiteral l) {
      return l.text();
    } else if (e instanceof Expression.StringLiteral l) {
      return "'" + l.value().replace("'", "''") + "'";
    } else if (e instanceof Expression.BooleanLiteral l) {
      return l.value() ? "TRUE" : "FALSE";
    } else if (e instanceof Expression.NullLiteral) {
      return "NULL";
    } else if (e instanceof Expression.IntervalLiteral l) {
      return "INTERVAL '" + l.value() + "' " + l.unit();
    } else if (e instanceof Expression.TypedLiteral l) {
      return l.type() + " '" + l.value() + "'";
    } else if (e instanceof Expression.Binary b) {
      return of(b.left()) + " " + b.operator().symbol() + " " + of(b.right());
    } else if (e instanceof Expression.Unary u) {
      String op =
          switch (u.operator()) {
            case NOT -> "NOT ";
            case MINUS -> "-";
            case PLUS -> "+";
          };
      return op + of(u.operand());
    } else if (e instanceof Expression.IsNull n) {
      return of(n.operand()) + (n.negated() ? " IS NOT NULL" : " IS NULL");
    } else if (e instanceof Expression.Between b) {
      return of(b.operand()) + (b.negated() ? " NOT" : "") + " BETWEEN " + of(b.low()) + " AND " + of(b.high());
    } else if (e instanceof Expression.InSubquery in) {
      return of(in.operand()) + (in.negated() ? " NOT" : "") + " IN (SELECT ...)";
    } else if (e instanceof Expression.Exists) {
      return "EXISTS (SELECT ...)";
    } else if (e instanceof Expression.InList in) {
      return of(in.operand()) + (in.negated() ? " NOT" : "") + " IN (" + list(in.values()) + ")";
    } else if (e instanceof Expression.Like l) {
      return of(l.operand()) + (l.negated() ? " NOT" : "") + " LIKE " + of(l.pattern())
          + (l.escape() == null ? "" : " ESCAPE " + of(l.escape()));
    } else if (e instanceof Expression.Case c) {
      return caseText(c);
    } else if (e instanceof Expression.Cast c) {
      return "CAST(" + of(c.operand()) + " AS " + c.type().name() + ")";
    } else if (e instanceof Expression.Extract x) {
      return "EXTRACT(" + x.unit() + " FROM " + of(x.operand()) + ")";
    } else if (e instanceof Expression.FunctionCall f) {
      return f.name().value() + "(" + (f.distinct() ? "DISTINCT " : "") + (f.star() ? "*" : list(f.arguments())) + ")";
    } else if (e instanceof Expression.FieldAccess f) {
      return of(f.base()) + "." + f.field().value();
    }
    throw new IllegalArgumentException("unknown expression " + e);
  }

  private String list(List<Expression> values) {
    return values.stream().map(this::of).collect(Collectors.joining(", "));
  }

  private String caseText(Expression.Case c) {
    StringBuilder sb = new StringBuilder("CASE");
    if (c.operand() != null) {
      sb.append(' ').append(of(c.operand()));
    }
    for (Expression.WhenClause w : c.whens()) {
      sb.append(" WHEN ").append(of(w.condition())).append(" THEN ").append(of(w.result()));
    }
    if (c.elseResult() != null) {
      sb.append(" ELSE ").append(of(c.elseResult()));
    }
    return sb.append(" END").toString();
  }
}
