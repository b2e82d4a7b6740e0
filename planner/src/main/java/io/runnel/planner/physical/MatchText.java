package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.match.AfterMatchSkip;
import io.runnel.operators.match.MatchExpr;
import java.util.ArrayList;
import java.util.List;

/** How EXPLAIN writes the parts of MATCH_RECOGNIZE: its skip, conditions and measures, in SQL's words. */
final class MatchText {
  private MatchText() {}

  static String skip(AfterMatchSkip skip, List<String> vars) {
    if (skip instanceof AfterMatchSkip.ToNextRow) {
      return "TO NEXT ROW";
    } else if (skip instanceof AfterMatchSkip.ToFirst f) {
      return "TO FIRST " + vars.get(f.variable());
    } else if (skip instanceof AfterMatchSkip.ToLast l) {
      return "TO LAST " + vars.get(l.variable());
    }
    return "PAST LAST ROW";
  }

  /** {@code e} with each nav written as SQL writes it; FINAL is written when {@code showFinal}. */
  static String expr(MatchExpr e, List<String> columns, List<String> vars, boolean showFinal) {
    List<String> navs = new ArrayList<>();
    for (MatchExpr.Nav nav : e.navs()) {
      navs.add(nav(nav, columns, vars, showFinal));
    }
    return new ExprFormatter(navs).format(e.outer());
  }

  private static String nav(MatchExpr.Nav nav, List<String> columns, List<String> vars, boolean showFinal) {
    String qualifier = nav.variables() == null ? "" : nav.variables().length == 1 ? vars.get(nav.variables()[0]) : setOf(nav.variables(), vars);
    String value = nav.inner() == null ? (qualifier.isEmpty() ? "*" : qualifier + ".*") : read(nav.inner(), qualifier, columns);
    String text =
        switch (nav.kind()) {
          case LAST -> nav.offset() == 0 ? value : "LAST(" + value + ", " + nav.offset() + ")";
          case FIRST -> "FIRST(" + value + (nav.offset() == 0 ? "" : ", " + nav.offset()) + ")";
          case AGGREGATE -> nav.aggregate() + "(" + value + ")";
          case CLASSIFIER -> "CLASSIFIER()";
          case MATCH_NUMBER -> "MATCH_NUMBER()";
          case TIMED_OUT -> "MATCH_TIMED_OUT()";
        };
    if (nav.physical() != 0) {
      text = (nav.physical() < 0 ? "PREV(" : "NEXT(") + text + (Math.abs(nav.physical()) == 1 ? "" : ", " + Math.abs(nav.physical())) + ")";
    }
    return showFinal && nav.isFinal() ? "FINAL " + text : text;
  }

  private static String read(Expr inner, String qualifier, List<String> columns) {
    String text = new ExprFormatter(columns).format(inner);
    if (qualifier.isEmpty()) {
      return text;
    }
    return inner instanceof Expr.InputRef ? qualifier + "." + text : qualifier + ".(" + text + ")";
  }

  private static String setOf(int[] variables, List<String> vars) {
    List<String> names = new ArrayList<>();
    for (int v : variables) {
      names.add(vars.get(v));
    }
    return "{" + String.join(", ", names) + "}";
  }
}
