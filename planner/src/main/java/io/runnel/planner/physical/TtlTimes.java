package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a state time-to-live reads each row's event time. A stateful node under {@code state.ttl} needs its
 * input's event-time column; a query that does not select it has it pruned by the projection below the node,
 * so that projection keeps it as one more, last column, which a projection above the node drops again. An
 * input with no event time at all (an aggregate's result, a table without WATERMARK FOR) gives the ttl
 * nothing to read: the node keeps its state, and EXPLAIN says so.
 */
final class TtlTimes {
  private TtlTimes() {}

  /** {@code node}, perhaps with a column appended, and its column of event time (-1: none). */
  record Timed(PhysicalNode node, int time, boolean appended) {}

  /** {@code input} with its event time as a column: as it is, or its projection keeping the time it drops. */
  static Timed keepTime(PhysicalNode input) {
    if (input.rowtime() >= 0) {
      return new Timed(input, input.rowtime(), false);
    }
    if (input instanceof PhysicalNode.Calc calc && calc.input().rowtime() >= 0 && calc.window() == null) {
      PhysicalNode below = calc.input();
      int time = below.rowtime();
      List<Expr> projections = new ArrayList<>(calc.projections());
      projections.add(new Expr.InputRef(time, below.schema().type(time)));
      List<DataType.Field> fields = new ArrayList<>(calc.schema().fields());
      fields.add(new DataType.Field(unique(below.schema().name(time), calc.schema()), below.schema().type(time)));
      PhysicalNode kept = new PhysicalNode.Calc(below, calc.condition(), projections, new Schema(fields), List.of(fields.size() - 1), null);
      return new Timed(kept, fields.size() - 1, true);
    }
    return new Timed(input, -1, false);
  }

  /** A projection of {@code node} without its columns {@code dropped} (ascending), keeping its time and window columns where they stay. */
  static PhysicalNode drop(PhysicalNode node, int... dropped) {
    if (dropped.length == 0) {
      return node;
    }
    Schema schema = node.schema();
    int[] to = new int[schema.size()];
    List<Expr> projections = new ArrayList<>();
    List<DataType.Field> fields = new ArrayList<>();
    for (int c = 0, d = 0; c < schema.size(); c++) {
      if (d < dropped.length && dropped[d] == c) {
        to[c] = -1;
        d++;
        continue;
      }
      to[c] = fields.size();
      projections.add(new Expr.InputRef(c, schema.type(c)));
      fields.add(schema.fields().get(c));
    }
    List<Integer> times = node.timeColumns().stream().filter(c -> to[c] >= 0).map(c -> to[c]).toList();
    PhysicalNode.WindowColumns w = node.window();
    PhysicalNode.WindowColumns window = w == null || to[w.start()] < 0 || to[w.end()] < 0 ? null : new PhysicalNode.WindowColumns(to[w.start()], to[w.end()], w.processingTime());
    return new PhysicalNode.Calc(node, null, projections, new Schema(fields), times, window);
  }

  /** {@code e} with its references to columns {@code from} and beyond moved {@code by} columns on. */
  static Expr shift(Expr e, int from, int by) {
    if (e == null || by == 0) {
      return e;
    }
    if (e instanceof Expr.InputRef ref) {
      return ref.index() >= from ? new Expr.InputRef(ref.index() + by, ref.type()) : ref;
    }
    if (e instanceof Expr.Call call) {
      return new Expr.Call(call.function(), call.operands().stream().map(o -> shift(o, from, by)).toList(), call.type(), call.user());
    }
    return e; // a literal
  }

  /** A schema of {@code fields}, each name made unique by a number where an earlier field has it. */
  static Schema unique(List<DataType.Field> fields) {
    List<DataType.Field> named = new ArrayList<>();
    for (DataType.Field f : fields) {
      named.add(new DataType.Field(unique(f.name(), new Schema(named)), f.type()));
    }
    return new Schema(named);
  }

  private static String unique(String name, Schema schema) {
    String candidate = name;
    for (int i = 0; schema.names().contains(candidate); i++) {
      candidate = name + i;
    }
    return candidate;
  }
}
