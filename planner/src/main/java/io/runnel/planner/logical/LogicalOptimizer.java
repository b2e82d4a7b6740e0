package io.runnel.planner.logical;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.ProjectJoinTransposeRule;

/**
 * Rule-based rewriting with Calcite's {@link HepPlanner}: constant folding, filter and project merging and
 * push-down (a WHERE over a join becomes its condition, and a side's own conditions move below it; key
 * expressions of an equi-join are computed below it, and each side passes up only the columns read above
 * it, so that a join holds no column nobody reads), then fusing adjacent filters and projections into one {@code Calc} per chain.
 */
public final class LogicalOptimizer {
  /**
   * A projection over a join moves the columns it reads below it, and nothing else: an expression of the
   * join's condition stays in it, where the planner reads time bounds ({@code a.ts + INTERVAL '10' SECOND}).
   */
  private static final RelOptRule PRUNE_BELOW_JOIN = ProjectJoinTransposeRule.Config.DEFAULT.withPreserveExprCondition(expr -> false).toRule();

  /** Simplification: fold constants, merge and push down filters and projections, drop no-op nodes. */
  static final List<RelOptRule> SIMPLIFY =
      List.of(
          CoreRules.FILTER_REDUCE_EXPRESSIONS,
          CoreRules.PROJECT_REDUCE_EXPRESSIONS,
          CoreRules.FILTER_MERGE,
          CoreRules.PROJECT_MERGE,
          CoreRules.FILTER_PROJECT_TRANSPOSE,
          CoreRules.FILTER_INTO_JOIN,
          CoreRules.JOIN_CONDITION_PUSH,
          CoreRules.JOIN_PUSH_EXPRESSIONS,
          PRUNE_BELOW_JOIN,
          CoreRules.PROJECT_REMOVE,
          CoreRules.FILTER_VALUES_MERGE,
          CoreRules.PROJECT_VALUES_MERGE,
          CoreRules.PROJECT_FILTER_VALUES_MERGE);

  /** Fusion: every chain of filters and projections becomes a single Calc. */
  static final List<RelOptRule> FUSE =
      List.of(CoreRules.FILTER_TO_CALC, CoreRules.PROJECT_TO_CALC, CoreRules.CALC_MERGE, CoreRules.CALC_REMOVE);

  private LogicalOptimizer() {}

  public static RelNode optimize(RelNode root) {
    HepProgram program =
        new HepProgramBuilder()
            .addMatchOrder(HepMatchOrder.BOTTOM_UP)
            .addRuleCollection(SIMPLIFY)
            .addRuleCollection(FUSE)
            .build();
    HepPlanner planner = new HepPlanner(program);
    planner.setExecutor(new ConstantFolder());
    planner.setRoot(root);
    return planner.findBestExp();
  }
}
