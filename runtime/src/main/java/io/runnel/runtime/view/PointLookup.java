package io.runnel.runtime.view;

import io.runnel.operators.calc.CalcSpec;
import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.dag.Vertex;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.types.TypeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Finds, in a query over a view, the key the query's filter pins: {@code WHERE k1 = 'x' AND k2 = 7 AND
 * ...} directly over the view's rows, an equality with a constant for every key column. The query then
 * reads the one row with that key instead of all of them; its filter still runs on that row, so this only
 * decides which rows are read, never which are answered.
 */
public final class PointLookup {
  /** Kinds whose values compare by {@code equals} the same in a literal as in a row. */
  private static final Set<TypeKind> EXACT = Set.of(TypeKind.INT, TypeKind.BIGINT, TypeKind.VARCHAR, TypeKind.TIMESTAMP, TypeKind.TIMESTAMP_LTZ, TypeKind.DATE);

  private PointLookup() {}

  /** The values of {@code key}'s columns the filter above {@code source} pins, or null when it pins no key. */
  public static List<Object> keyOf(DagSpec dag, Vertex.Source source, List<Integer> key) {
    if (key == null || key.isEmpty()) {
      return null;
    }
    CalcSpec calc = null;
    for (Vertex v : dag.vertices()) {
      if (v instanceof Vertex.Transform t && t.inputs().contains(source.id())) {
        if (calc != null || !(t.spec() instanceof CalcSpec c) || t.inputs().size() != 1) {
          return null; // read by more than one filter, or by something else
        }
        calc = c;
      }
    }
    if (calc == null || calc.condition() == null) {
      return null;
    }
    List<Expr> conjuncts = new ArrayList<>();
    conjuncts(calc.condition(), conjuncts);
    Object[] values = new Object[key.size()];
    boolean[] found = new boolean[key.size()];
    for (Expr e : conjuncts) {
      if (!(e instanceof Expr.Call call) || call.function() != Function.EQUALS || call.operands().size() != 2) {
        continue;
      }
      Expr a = call.operands().get(0);
      Expr b = call.operands().get(1);
      Expr.InputRef ref = a instanceof Expr.InputRef r ? r : b instanceof Expr.InputRef r ? r : null;
      Expr.Literal literal = a instanceof Expr.Literal l ? l : b instanceof Expr.Literal l ? l : null;
      if (ref == null || literal == null || literal.value() == null) {
        continue;
      }
      int i = key.indexOf(ref.index());
      if (i < 0 || literal.type().kind() != ref.type().kind() || !EXACT.contains(ref.type().kind())) {
        continue;
      }
      if (found[i] && !values[i].equals(literal.value())) {
        return null; // two values for one column (the planner folds that to no rows first): the filter decides
      }
      values[i] = literal.value();
      found[i] = true;
    }
    for (boolean f : found) {
      if (!f) {
        return null;
      }
    }
    return Arrays.asList(values);
  }

  private static void conjuncts(Expr e, List<Expr> into) {
    if (e instanceof Expr.Call call && call.function() == Function.AND) {
      call.operands().forEach(o -> conjuncts(o, into));
    } else {
      into.add(e);
    }
  }
}
