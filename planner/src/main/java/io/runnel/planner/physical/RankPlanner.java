package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.rank.RankFunction;
import io.runnel.operators.rank.RankSpec;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.dag.RexToExpr;
import io.runnel.planner.logical.RankRel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Picks how a ranking runs, from the filter above it that bounds the rank: {@code rn = 1} (or {@code <= 1})
 * over one time column with the rank unread is deduplication (keep the first row ascending, the last
 * descending; by arrival for processing time); partitions holding a window's start and end over an
 * insert-only windowed input rank each window once it closes; anything else is an updating Top-N.
 */
final class RankPlanner {
  private final RexBuilder rex;
  private final RexToExpr translator;
  /** The Top-N and deduplications' state time-to-live; 0: none. */
  private final long stateTtl;

  /** {@code input}, with its event time kept as a column when a state time-to-live needs it. */
  private TtlTimes.Timed timed(PhysicalNode input) {
    return stateTtl > 0 ? TtlTimes.keepTime(input) : new TtlTimes.Timed(input, -1, false);
  }

  RankPlanner(RexBuilder rex, RexToExpr translator, long stateTtl) {
    this.rex = rex;
    this.translator = translator;
    this.stateTtl = stateTtl;
  }

  /** A ranking with no filter on its rank. */
  static RunnelException unbounded(RankRel rank) {
    return new RunnelException(
        ErrorCode.UNSUPPORTED,
        rank.pos(),
        rank.function() + "() OVER needs a filter on its result in the enclosing query, as in WHERE rn <= 10",
        "Each new row would change the rank of every row after it: keep the top N (rn <= N), or one row per key (rn = 1).");
  }

  /**
   * {@code condition} and {@code projects} of the Calc over {@code rank} (over its columns: the input's,
   * then the rank); {@code input} is the ranking's input planned.
   */
  PhysicalNode plan(RankRel rank, PhysicalNode input, RexNode condition, List<RexNode> projects, Schema schema) {
    int rankColumn = rank.rankColumn();
    long limit = Long.MAX_VALUE;
    List<RexNode> rest = new ArrayList<>();
    for (RexNode conjunct : condition == null ? List.<RexNode>of() : RelOptUtil.conjunctions(condition)) {
      long bound = bound(conjunct, rankColumn);
      if (bound >= 0) {
        limit = Math.min(limit, bound);
        if (conjunct.getKind() == SqlKind.EQUALS && bound > 1) {
          rest.add(conjunct); // rn = 3 keeps the top 3, then the third
        }
      } else {
        rest.add(conjunct);
      }
    }
    if (limit == Long.MAX_VALUE) {
      throw unbounded(rank);
    }
    if (limit < 1) {
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW, rank.pos(), "The filter on " + rank.function() + "() keeps no row: ranks start at 1", "Keep the top N with rn <= N, N at least 1.");
    }
    boolean outputRank = reads(projects, rankColumn) || reads(rest, rankColumn);
    RankFunction function =
        switch (rank.function()) {
          case RANK -> RankFunction.RANK;
          case DENSE_RANK -> RankFunction.DENSE_RANK;
          default -> RankFunction.ROW_NUMBER;
        };
    List<SortKey> order = new ArrayList<>();
    for (RelFieldCollation c : rank.order()) {
      order.add(new SortKey(c.getFieldIndex(), c.getDirection() == RelFieldCollation.Direction.DESCENDING, c.nullDirection == RelFieldCollation.NullDirection.FIRST));
    }
    List<Integer> keys = rank.partitionKeys();
    String rankName = rank.getRowType().getFieldNames().get(rankColumn);
    PhysicalNode ranked;
    PhysicalNode.WindowColumns window = input.window();
    // partitioned by a window, ranked once per window (window deduplication too): before deduplication, which
    // would keep every window's row for ever and update it as rows come
    if (window != null && window.start() >= 0 && keys.contains(window.start()) && keys.contains(window.end()) && input.mode() == ChangelogMode.INSERT_ONLY) {
      ranked = new PhysicalNode.WindowRank(input, keys, order, function, limit, outputRank, ranked(input.schema(), outputRank, rankName));
    } else if (function == RankFunction.ROW_NUMBER && limit == 1 && !outputRank && order.size() == 1 && isTime(input, order.get(0).column())) {
      int time = order.get(0).column();
      TtlTimes.Timed timed = timed(input);
      ranked = new PhysicalNode.Deduplicate(timed.node(), keys, time == input.proctime() ? -1 : time, order.get(0).descending(), new PhysicalNode.Ttl(stateTtl, timed.time()));
      ranked = timed.appended() ? TtlTimes.drop(ranked, timed.time()) : ranked;
    } else {
      TtlTimes.Timed timed = timed(input);
      PhysicalNode in = timed.node();
      ranked = new PhysicalNode.Rank(in, keys, order, function, limit, outputRank, ranked(in.schema(), outputRank, rankName), new PhysicalNode.Ttl(stateTtl, timed.time()));
      ranked = timed.appended() ? TtlTimes.drop(ranked, timed.time()) : ranked;
    }
    Expr cond = rest.isEmpty() ? null : translator.translate(RexUtil.composeConjunction(rex, rest));
    List<Expr> exprs = new ArrayList<>();
    for (RexNode p : projects) {
      exprs.add(translator.translate(p));
    }
    return PhysicalPlanner.calc(ranked, cond, exprs, schema);
  }

  private static boolean isTime(PhysicalNode input, int column) {
    return input.isTime(column) || column == input.proctime();
  }

  private static Schema ranked(Schema input, boolean outputRank, String rankName) {
    return outputRank ? RankSpec.withRankColumn(input, rankName) : input;
  }

  /** The largest rank {@code conjunct} lets through ({@code rank <= n}, {@code rank < n}, {@code rank = n}), or -1. */
  private static long bound(RexNode conjunct, int rankColumn) {
    if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2) {
      return -1;
    }
    SqlKind kind = call.getKind();
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    if (b instanceof RexInputRef && a instanceof RexLiteral) {
      RexNode swap = a;
      a = b;
      b = swap;
      kind = kind.reverse();
    }
    if (!(a instanceof RexInputRef ref) || ref.getIndex() != rankColumn || !(b instanceof RexLiteral literal)) {
      return -1;
    }
    BigDecimal value = literal.getValueAs(BigDecimal.class);
    if (value == null) {
      return -1;
    }
    long n = value.longValue();
    return switch (kind) {
      case LESS_THAN_OR_EQUAL -> n;
      case LESS_THAN -> n - 1;
      case EQUALS -> n;
      default -> -1;
    };
  }

  private static boolean reads(List<RexNode> nodes, int column) {
    for (RexNode n : nodes) {
      if (RelOptUtil.InputFinder.bits(n).get(column)) {
        return true;
      }
    }
    return false;
  }
}
