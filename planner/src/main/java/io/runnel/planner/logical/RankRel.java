package io.runnel.planner.logical;

import io.runnel.parser.ast.Pos;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;

/**
 * {@code ROW_NUMBER()}, {@code RANK()} or {@code DENSE_RANK()} {@code OVER (PARTITION BY ... ORDER BY ...)}:
 * every input column, then the row's rank within its partition. It runs only under a filter that bounds the
 * rank (Top-N, or deduplication for {@code = 1} over time), which the physical planner takes into it.
 */
public final class RankRel extends SingleRel {
  private final SqlKind function;
  private final List<Integer> partitionKeys;
  private final List<RelFieldCollation> order;
  private final Pos pos;

  RankRel(RelOptCluster cluster, RelTraitSet traits, RelNode input, SqlKind function, List<Integer> partitionKeys, List<RelFieldCollation> order, RelDataType rowType, Pos pos) {
    super(cluster, traits, input);
    this.function = function;
    this.partitionKeys = List.copyOf(partitionKeys);
    this.order = List.copyOf(order);
    this.rowType = rowType;
    this.pos = pos;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new RankRel(getCluster(), traitSet, sole(inputs), function, partitionKeys, order, rowType, pos);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("function", function).item("partition", partitionKeys).item("order", order);
  }

  /** {@link SqlKind#ROW_NUMBER}, {@link SqlKind#RANK} or {@link SqlKind#DENSE_RANK}. */
  public SqlKind function() {
    return function;
  }

  public List<Integer> partitionKeys() {
    return partitionKeys;
  }

  public List<RelFieldCollation> order() {
    return order;
  }

  /** The rank column: the last. */
  public int rankColumn() {
    return rowType.getFieldCount() - 1;
  }

  public Pos pos() {
    return pos;
  }
}
