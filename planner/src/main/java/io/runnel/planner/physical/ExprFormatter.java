package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import java.util.stream.Collectors;

/** Prints an operator expression for EXPLAIN, with input columns by name: {@code (price > 1000000)}. */
public final class ExprFormatter {
  private final List<String> inputNames;

  public ExprFormatter(List<String> inputNames) {
    this.inputNames = inputNames;
  }

  public String format(Expr e) {
    if (e instanceof Expr.InputRef ref) {
      return ref.index() < inputNames.size() ? inputNames.get(ref.index()) : "$" + ref.index();
    }
    if (e instanceof Expr.Literal lit) {
      return literal(lit);
    }
    Expr.Call call = (Expr.Call) e;
    List<String> args = call.operands().stream().map(this::format).toList();
    String infix =
        switch (call.function()) {
          case PLUS -> "+";
          case MINUS -> "-";
          case TIMES -> "*";
          case DIVIDE -> "/";
          case MOD -> "%";
          case EQUALS -> "=";
          case NOT_EQUALS -> "<>";
          case LESS_THAN -> "<";
          case LESS_THAN_OR_EQUAL -> "<=";
          case GREATER_THAN -> ">";
          case GREATER_THAN_OR_EQUAL -> ">=";
          case AND -> "AND";
          case OR -> "OR";
          default -> null;
        };
    if (infix != null) {
      return "(" + String.join(" " + infix + " ", args) + ")";
    }
    return switch (call.function()) {
      case CAST -> "CAST(" + args.get(0) + " AS " + call.type().withNullable(true) + ")";
      case IS_NULL -> "(" + args.get(0) + " IS NULL)";
      case IS_NOT_NULL -> "(" + args.get(0) + " IS NOT NULL)";
      case NOT -> "NOT " + args.get(0);
      case NEGATE -> "-" + args.get(0);
      case FIELD -> args.get(0) + "." + call.type();
      default -> call.function().name() + "(" + String.join(", ", args) + ")";
    };
  }

  private static String literal(Expr.Literal lit) {
    Object v = lit.value();
    if (v == null) {
      return "NULL";
    }
    return switch (lit.type().kind()) {
      case VARCHAR -> "'" + v.toString().replace("'", "''") + "'";
      case BOOLEAN -> ((Number) v).longValue() != 0 ? "TRUE" : "FALSE";
      case INTERVAL -> "INTERVAL '" + ((Number) v).longValue() + "' MILLISECOND";
      case TIMESTAMP, TIMESTAMP_LTZ -> "TIMESTAMP '" + java.time.Instant.ofEpochMilli(((Number) v).longValue()).toString().replace('T', ' ').replace("Z", "") + "'";
      default -> lit.type().kind() == TypeKind.DATE ? "DATE '" + java.time.LocalDate.ofEpochDay(((Number) v).longValue()) + "'" : v.toString();
    };
  }

  public String formatAll(List<Expr> exprs, List<String> outputNames) {
    return java.util.stream.IntStream.range(0, exprs.size())
        .mapToObj(i -> {
          String text = format(exprs.get(i));
          return text.equals(outputNames.get(i)) ? text : text + " AS " + outputNames.get(i);
        })
        .collect(Collectors.joining(", "));
  }
}
