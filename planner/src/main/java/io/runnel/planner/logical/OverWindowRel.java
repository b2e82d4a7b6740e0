package io.runnel.planner.logical;

import io.runnel.parser.ast.Pos;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Aggregates over a frame of each row's partition, ordered by event time: every input column, then one
 * column per call. {@code preceding} counts rows ({@code rows}) or milliseconds (RANGE) before the current
 * row; -1 is UNBOUNDED PRECEDING. {@code pos} is where the query wrote the window, for errors found later.
 */
public final class OverWindowRel extends SingleRel {
  private final List<Integer> partitionKeys;
  private final int timeColumn;
  private final boolean rows;
  private final long preceding;
  private final List<AggregateCall> calls;
  private final Pos pos;

  OverWindowRel(
      RelOptCluster cluster, RelTraitSet traits, RelNode input, List<Integer> partitionKeys, int timeColumn, boolean rows, long preceding,
      List<AggregateCall> calls, RelDataType rowType, Pos pos) {
    super(cluster, traits, input);
    this.partitionKeys = List.copyOf(partitionKeys);
    this.timeColumn = timeColumn;
    this.rows = rows;
    this.preceding = preceding;
    this.calls = List.copyOf(calls);
    this.rowType = rowType;
    this.pos = pos;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new OverWindowRel(getCluster(), traitSet, sole(inputs), partitionKeys, timeColumn, rows, preceding, calls, rowType, pos);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("partition", partitionKeys)
        .item("order", timeColumn)
        .item("frame", (rows ? "ROWS " : "RANGE ") + preceding)
        .item("calls", calls);
  }

  public List<Integer> partitionKeys() {
    return partitionKeys;
  }

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
}
