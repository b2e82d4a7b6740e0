package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The columns that identify a row of a plan's result: no two rows of the result (as its changelog leaves
 * it) share their values. An aggregate's are its group columns (none for a global aggregate: it has one
 * row), a table's its primary key, a materialized view's its own; a projection keeps them when it passes
 * each on unchanged, and a filter keeps them as they are.
 */
public final class UniqueKeys {
  private UniqueKeys() {}

  /** The identifying columns of {@code node}'s output, or null when nothing says which they are. */
  public static List<Integer> of(PhysicalNode node) {
    if (node instanceof PhysicalNode.Source s) {
      if (s.relation().isMaterializedView()) {
        return s.relation().view().key();
      }
      return s.relation().isTable() ? s.relation().primaryKey() : null;
    }
    if (node instanceof PhysicalNode.Normalize n) {
      return n.keys();
    }
    if (node instanceof PhysicalNode.GroupAggregate a) {
      return leading(a.keys().size());
    }
    if (node instanceof PhysicalNode.WindowAggregate a) {
      return leading(a.keys().size());
    }
    if (node instanceof PhysicalNode.SlicedWindowAggregate a) {
      return leading(a.keys().size());
    }
    if (node instanceof PhysicalNode.SessionAggregate a) {
      // a key has several sessions, told apart by their start and end
      List<Integer> key = new ArrayList<>(leading(a.keys().size()));
      key.add(a.window().start());
      key.add(a.window().end());
      return key;
    }
    if (node instanceof PhysicalNode.Calc c) {
      return projected(of(c.input()), c.projections());
    }
    if (node instanceof PhysicalNode.OverAggregate o) {
      return of(o.input()); // the input's columns come first, unchanged
    }
    return null; // a union may repeat a row of one input in another; a window function repeats rows
  }

  private static List<Integer> leading(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** Where each of {@code key}'s columns ends up among {@code projections}; null if one is dropped or changed. */
  private static List<Integer> projected(List<Integer> key, List<Expr> projections) {
    if (key == null) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    for (int column : key) {
      int at = -1;
      for (int i = 0; i < projections.size() && at < 0; i++) {
        if (projections.get(i) instanceof Expr.InputRef ref && ref.index() == column) {
          at = i;
        }
      }
      if (at < 0) {
        return null;
      }
      out.add(at);
    }
    return out;
  }
}
