package io.runnel.planner.logical;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Aggregates over a frame of each row's partition, ordered by {@code order}: every input column, then one
 * column per call. {@code preceding} counts rows ({@code rows}) or milliseconds (RANGE) before the current
 * row; -1 is UNBOUNDED PRECEDING. {@code pos} is where the query wrote the window, for errors found later.
 *
 * <p>How it runs depends on its input, known only to the physical plan: over an insert-only input it is
 * ordered by event time, {@code timeColumn}; over an updating one by any columns. What keeps it from running
 * one way or the other is found where the query's text is at hand, and given when the input is known:
 * {@link #refusedOverInserts} and {@link #refusedOverUpdates}, null when there is nothing against it.
 */
public final class OverWindowRel extends SingleRel {
  /** Why a window cannot run over one kind of input: the error to give if it has to. */
  public record Refusal(ErrorCode code, Pos pos, String reason, String hint) {
    public RunnelException exception() {
      return new RunnelException(code, pos, reason, hint);
    }
  }

  private final List<Integer> partitionKeys;
  private final List<RelFieldCollation> order;
  private final int timeColumn;
  private final boolean rows;
  private final long preceding;
  private final List<AggregateCall> calls;
  private final Pos pos;
  private final Refusal refusedOverInserts;
  private final Refusal refusedOverUpdates;

  OverWindowRel(
      RelOptCluster cluster, RelTraitSet traits, RelNode input, List<Integer> partitionKeys, List<RelFieldCollation> order, int timeColumn, boolean rows, long preceding,
      List<AggregateCall> calls, RelDataType rowType, Pos pos, Refusal refusedOverInserts, Refusal refusedOverUpdates) {
    super(cluster, traits, input);
    this.partitionKeys = List.copyOf(partitionKeys);
    this.order = List.copyOf(order);
    this.timeColumn = timeColumn;
    this.rows = rows;
    this.preceding = preceding;
    this.calls = List.copyOf(calls);
    this.rowType = rowType;
    this.pos = pos;
    this.refusedOverInserts = refusedOverInserts;
    this.refusedOverUpdates = refusedOverUpdates;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new OverWindowRel(getCluster(), traitSet, sole(inputs), partitionKeys, order, timeColumn, rows, preceding, calls, rowType, pos, refusedOverInserts, refusedOverUpdates);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("partition", partitionKeys)
        .item("order", order)
        .item("frame", (rows ? "ROWS " : "RANGE ") + preceding)
        .item("calls", calls);
  }

  public List<Integer> partitionKeys() {
    return partitionKeys;
  }

  /** The ORDER BY keys, as columns of the input. */
  public List<RelFieldCollation> order() {
    return order;
  }

  /** The one ORDER BY column when it is a time column in ascending order, else -1. */
  public int timeColumn() {
    return timeColumn;
  }

  public boolean rows() {
    return rows;
  }

  public long preceding() {
    return preceding;
  }

  public List<AggregateCall> calls() {
    return calls;
  }

  public Pos pos() {
    return pos;
  }

  /** Why the window cannot run over an insert-only input, by event time; null when it can. */
  public Refusal refusedOverInserts() {
    return refusedOverInserts;
  }

  /** Why the window cannot run over an updating input; null when it can. */
  public Refusal refusedOverUpdates() {
    return refusedOverUpdates;
  }
}
