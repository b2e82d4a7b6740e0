package io.runnel.planner.logical;

import io.runnel.parser.ast.Pos;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.BiRel;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * {@code left [LEFT] JOIN table FOR SYSTEM_TIME AS OF left.column ON condition}: each row of the left input
 * joined to the version of the table's row valid at its {@code asOf} column. Its own node, not a {@code
 * Join}, so that no rule moves a condition on the table's columns below it: a version that fails the
 * condition leaves the row without a match, it does not make an older version valid.
 */
public final class TemporalJoinRel extends BiRel {
  private final JoinRelType joinType;
  private final RexNode condition;
  private final int asOf;
  private final Pos pos;

  TemporalJoinRel(
      RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right, JoinRelType joinType, RexNode condition, int asOf, RelDataType rowType, Pos pos) {
    super(cluster, traits, left, right);
    this.joinType = joinType;
    this.condition = condition;
    this.asOf = asOf;
    this.rowType = rowType;
    this.pos = pos;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new TemporalJoinRel(getCluster(), traitSet, inputs.get(0), inputs.get(1), joinType, condition, asOf, rowType, pos);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("joinType", joinType).item("condition", condition).item("asOf", asOf);
  }

  /** INNER or LEFT. */
  public JoinRelType joinType() {
    return joinType;
  }

  /** Over the left input's columns followed by the table's. */
  public RexNode condition() {
    return condition;
  }

  /** The left input's column whose time picks the version. */
  public int asOf() {
    return asOf;
  }

  /** Where the query names the table, for errors. */
  public Pos pos() {
    return pos;
  }
}
