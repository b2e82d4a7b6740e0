package io.runnel.planner.logical;

import io.runnel.operators.match.AfterMatchSkip;
import io.runnel.operators.match.MatchExpr;
import io.runnel.operators.match.MatchRecognizeSpec;
import io.runnel.operators.match.RowPattern;
import io.runnel.parser.ast.Pos;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * {@code MATCH_RECOGNIZE}: the input's rows, partitioned by {@code partitionKeys} and ordered by {@code
 * order} (its first key the event time), matched against {@code pattern} with a condition per variable;
 * a row per match (the partition columns and the measures) or per matched row (the input's columns and
 * the measures). Its expressions are {@link Expr}s: what each reads of the match, and a scalar expression
 * over those values.
 */
public final class MatchRel extends SingleRel {
  /** A value read of the match ({@link MatchExpr.Nav}) before translation: {@code inner} is over the input row. */
  public record NavRex(MatchExpr.Kind kind, int[] variables, long offset, long physical, MatchExpr.Aggregate aggregate, RexNode inner, boolean isFinal, RelDataType type) {}

  /** A {@code DEFINE} condition or a measure: its navs, and {@code outer}, whose input {@code i} is nav {@code i}. */
  public record Expr(List<NavRex> navs, RexNode outer) {}

  private final List<Integer> partitionKeys;
  private final List<RelFieldCollation> order;
  private final RowPattern pattern;
  private final List<String> variables;
  private final AfterMatchSkip skip;
  private final long within;
  private final List<Expr> defines; // per variable, null where it has none
  private final List<Expr> measures;
  private final MatchRecognizeSpec.RowsPerMatch rowsPerMatch;
  private final Pos orderPos;

  MatchRel(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      List<Integer> partitionKeys,
      List<RelFieldCollation> order,
      RowPattern pattern,
      List<String> variables,
      AfterMatchSkip skip,
      long within,
      List<Expr> defines,
      List<Expr> measures,
      MatchRecognizeSpec.RowsPerMatch rowsPerMatch,
      RelDataType rowType,
      Pos orderPos) {
    super(cluster, traits, input);
    this.partitionKeys = List.copyOf(partitionKeys);
    this.order = List.copyOf(order);
    this.pattern = pattern;
    this.variables = List.copyOf(variables);
    this.skip = skip;
    this.within = within;
    this.defines = new ArrayList<>(defines);
    this.measures = List.copyOf(measures);
    this.rowsPerMatch = rowsPerMatch;
    this.rowType = rowType;
    this.orderPos = orderPos;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new MatchRel(getCluster(), traitSet, sole(inputs), partitionKeys, order, pattern, variables, skip, within, defines, measures, rowsPerMatch, rowType, orderPos);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("partition", partitionKeys)
        .item("order", order)
        .item("pattern", pattern.toSql(variables::get))
        .item("rows", rowsPerMatch)
        .item("skip", skip)
        .item("within", within);
  }

  public List<Integer> partitionKeys() {
    return partitionKeys;
  }

  public List<RelFieldCollation> order() {
    return order;
  }

  public RowPattern pattern() {
    return pattern;
  }

  public List<String> variables() {
    return variables;
  }

  public AfterMatchSkip skip() {
    return skip;
  }

  public long within() {
    return within;
  }

  public List<Expr> defines() {
    return defines;
  }

  public List<Expr> measures() {
    return measures;
  }

  public MatchRecognizeSpec.RowsPerMatch rowsPerMatch() {
    return rowsPerMatch;
  }

  /** Where ORDER BY is written: the place of an error about the event time. */
  public Pos orderPos() {
    return orderPos;
  }
}
