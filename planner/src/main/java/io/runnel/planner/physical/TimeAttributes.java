package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import java.util.List;

/**
 * What a plan says of a node's time attributes ({@link PhysicalNode#timeColumns}): EXPLAIN's {@code rowtime=}
 * and the errors where a column that is not one is taken as time, which name the ones there are and say why
 * an outer interval join's padded side has none.
 */
final class TimeAttributes {
  private TimeAttributes() {}

  /** EXPLAIN's form: {@code none}, {@code ts} for one (as before there could be more), {@code [ts, ts0]}. */
  static String explained(PhysicalNode node) {
    List<String> names = node.timeColumns().stream().map(node.schema()::name).toList();
    return names.isEmpty() ? "none" : names.size() == 1 ? names.get(0) : "[" + String.join(", ", names) + "]";
  }

  /** Whether {@code node} has more than one time attribute: the errors then say "are" and list them. */
  static boolean several(PhysicalNode node) {
    return node.timeColumns().size() > 1;
  }

  /** {@code the input's event-time column}, or where it has several {@code one of the input's event-time columns}. */
  static String theInputs(PhysicalNode node) {
    return several(node) ? "one of the input's event-time columns" : "the input's event-time column";
  }

  /**
   * The names of the node's time attributes, quoted and listed: {@code 'ts'}, {@code 'ts' and 'ts0'}, {@code 'a',
   * 'b' and 'c'}. {@code names} are its columns' names as the query reads them (where a projection only
   * renamed them, the node's own may be those below it).
   */
  static String names(PhysicalNode node, List<String> names) {
    List<String> quoted = node.timeColumns().stream().map(c -> "'" + names.get(c) + "'").toList();
    if (quoted.size() < 2) {
      return String.join("", quoted);
    }
    return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
  }

  /**
   * The hint for taking column {@code column} of {@code node} as time when it is not a time attribute:
   * where it is the time of the side an outer interval join pads with NULL (as the join gives it, or passed
   * on unchanged by projections), why it is not one and which join keeps it; else {@code otherwise}.
   */
  static String hint(PhysicalNode node, int column, String otherwise) {
    while (node instanceof PhysicalNode.Calc calc) {
      if (!(calc.projections().get(column) instanceof Expr.InputRef ref)) {
        return otherwise;
      }
      column = ref.index();
      node = calc.input();
    }
    if (!(node instanceof PhysicalNode.IntervalJoin join) || join.windowJoin()) {
      return otherwise;
    }
    int rightTime = join.left().schema().size() + join.rightTime();
    String side;
    String other;
    if (column == join.leftTime() && join.left().isTime(join.leftTime()) && join.type().preserves(1)) {
      side = "left";
      other = "right";
    } else if (column == rightTime && join.right().isTime(join.rightTime()) && join.type().preserves(0)) {
      side = "right";
      other = "left";
    } else {
      return otherwise;
    }
    return "The " + side + " side's time is NULL in the rows a " + join.type().name() + " interval join pads (a " + other
        + " row that found no match), so it is no event time after the join: an INNER join keeps both sides' times as event time, a LEFT join the left side's, a RIGHT join the right side's.";
  }
}
