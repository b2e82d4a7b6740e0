package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.join.JoinType;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.dag.RexToExpr;
import io.runnel.planner.logical.TemporalJoinRel;
import io.runnel.planner.validate.TypeMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * Picks how a join runs. Its equality conditions between a column of each side become the keys rows meet
 * by; what else it says is a condition on each pair. Two insert-only inputs joined on equal window starts
 * and ends run window by window ({@link PhysicalNode.IntervalJoin} over the window ends); two insert-only
 * inputs whose time columns the condition bounds from both sides ({@code b.ts BETWEEN a.ts - INTERVAL '10'
 * SECOND AND a.ts}) run as an interval join, their state freed as the watermark passes. Every other join
 * keeps every row of both inputs ({@link PhysicalNode.Join}).
 */
final class JoinPlanner {
  private final RexBuilder rex;
  private final RexToExpr translator;
  /** The regular joins' state time-to-live; 0: none. */
  private final long stateTtl;

  JoinPlanner(RexBuilder rex, RexToExpr translator, long stateTtl) {
    this.rex = rex;
    this.translator = translator;
    this.stateTtl = stateTtl;
  }

  PhysicalNode plan(Join join, PhysicalNode left, PhysicalNode right) {
    JoinType type =
        switch (join.getJoinType()) {
          case INNER -> JoinType.INNER;
          case LEFT -> JoinType.LEFT;
          case RIGHT -> JoinType.RIGHT;
          case FULL -> JoinType.FULL;
          case SEMI -> JoinType.SEMI;
          case ANTI -> JoinType.ANTI;
          default -> throw RunnelException.user(ErrorCode.UNSUPPORTED, null, join.getJoinType() + " joins cannot run yet");
        };
    JoinInfo info = join.analyzeCondition();
    List<Integer> leftKeys = List.copyOf(info.leftKeys);
    List<Integer> rightKeys = List.copyOf(info.rightKeys);
    checkKeyTypes(left, right, leftKeys, rightKeys);
    List<RexNode> residual = new ArrayList<>(info.nonEquiConditions);
    Schema schema = TypeMapping.schemaOf(join.getRowType());
    boolean timed =
        left.mode() == ChangelogMode.INSERT_ONLY && right.mode() == ChangelogMode.INSERT_ONLY && type != JoinType.SEMI && type != JoinType.ANTI;
    if (timed) {
      PhysicalNode windowJoin = windowJoin(type, left, right, leftKeys, rightKeys, residual, schema);
      if (windowJoin != null) {
        return windowJoin;
      }
      PhysicalNode intervalJoin = intervalJoin(type, left, right, leftKeys, rightKeys, residual, schema);
      if (intervalJoin != null) {
        return intervalJoin;
      }
      // equal times (r.ts = l.ts, or l.ts + INTERVAL ...) became a key: as equal bounds they make an interval join
      PhysicalNode equalTimes = equalTimes(type, left, right, leftKeys, rightKeys, residual, schema);
      if (equalTimes != null) {
        return equalTimes;
      }
    }
    if (stateTtl > 0) {
      return withTtl(type, left, right, leftKeys, rightKeys, condition(residual), schema);
    }
    return new PhysicalNode.Join(type, left, right, leftKeys, rightKeys, condition(residual), schema, PhysicalNode.Ttl.NONE, PhysicalNode.Ttl.NONE);
  }

  /**
   * A regular join under a state time-to-live: each side keeps its event time as a column (appended after
   * its own, so the condition's references to the right side move on by one where the left side gained one),
   * dropped again above the join.
   */
  private PhysicalNode withTtl(JoinType type, PhysicalNode left, PhysicalNode right, List<Integer> leftKeys, List<Integer> rightKeys, Expr condition, Schema schema) {
    TtlTimes.Timed l = TtlTimes.keepTime(left);
    TtlTimes.Timed r = TtlTimes.keepTime(right);
    int leftWidth = left.schema().size();
    int leftShift = l.appended() ? 1 : 0;
    List<DataType.Field> fields = new ArrayList<>(schema.fields().subList(0, leftWidth));
    List<Integer> dropped = new ArrayList<>();
    if (l.appended()) {
      dropped.add(fields.size());
      fields.add(l.node().schema().fields().get(l.time()));
    }
    if (type.emitsPairs()) {
      fields.addAll(schema.fields().subList(leftWidth, schema.size()));
      if (r.appended()) {
        dropped.add(fields.size());
        fields.add(r.node().schema().fields().get(r.time()));
      }
    }
    PhysicalNode join =
        new PhysicalNode.Join(
            type,
            l.node(),
            r.node(),
            leftKeys,
            rightKeys,
            TtlTimes.shift(condition, leftWidth, leftShift),
            TtlTimes.unique(fields),
            new PhysicalNode.Ttl(stateTtl, l.time()),
            new PhysicalNode.Ttl(stateTtl, r.time()));
    return TtlTimes.drop(join, dropped.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * A temporal join of {@code left} with the versions of a table ({@code versions}): every column of the
   * table's primary key must be equated with a column of the left side, of the same type; the rest of the
   * condition is tested on the version found. The table needs an event time, from which each version is valid.
   */
  PhysicalNode temporal(TemporalJoinRel join, PhysicalNode left, PhysicalNode.Source versions) {
    if (!left.isTime(join.asOf())) {
      List<String> names = join.getRowType().getFieldNames(); // as the query names them: the left side's columns first
      String column = names.get(join.asOf());
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          join.pos(),
          "FOR SYSTEM_TIME AS OF takes the left side's event time or processing time, and '" + column + "' is neither"
              + (left.rowtime() < 0 ? ": the left side has no event time" : "; its event time" + (TimeAttributes.several(left) ? "s are " : " is ") + TimeAttributes.names(left, names)),
          TimeAttributes.hint(left, join.asOf(), "Declare WATERMARK FOR " + column + " on the stream, or join AS OF a PROCTIME() column."));
    }
    if (versions.rowtime() < 0) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          join.pos(),
          "Table '" + versions.relation().name() + "' has no event time, so its rows have no time from which they are valid",
          "Declare WATERMARK FOR ts AS ts on the table, or join AS OF a PROCTIME() column for its current rows.");
    }
    TableKeys keys = tableKeys(join, left, versions, versions.relation().primaryKey());
    Schema schema = TypeMapping.schemaOf(join.getRowType());
    return new PhysicalNode.TemporalJoin(joinType(join), left, versions, keys.left(), keys.right(), join.asOf(), versions.rowtime(), condition(keys.residual()), schema);
  }

  /**
   * A lookup join of {@code left} with the current rows of a table ({@code table}, its changelog by key):
   * each row joins the table's row for its key as it is when the row comes, read after the table has been
   * read to its end.
   */
  PhysicalNode lookup(TemporalJoinRel join, PhysicalNode left, PhysicalNode.Normalize table, List<Integer> primaryKey) {
    TableKeys keys = tableKeys(join, left, table, primaryKey);
    Schema schema = TypeMapping.schemaOf(join.getRowType());
    return new PhysicalNode.LookupJoin(joinType(join), left, table, keys.left(), keys.right(), condition(keys.residual()), schema);
  }

  private static JoinType joinType(TemporalJoinRel join) {
    return join.joinType() == JoinRelType.LEFT ? JoinType.LEFT : JoinType.INNER;
  }

  /** The columns of the left side equated with the table's primary key, in its order, and the rest of the condition. */
  private record TableKeys(List<Integer> left, List<Integer> right, List<RexNode> residual) {}

  private static TableKeys tableKeys(TemporalJoinRel join, PhysicalNode left, PhysicalNode table, List<Integer> primaryKey) {
    int width = left.schema().size();
    if (left.mode() != ChangelogMode.INSERT_ONLY) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, join.pos(), "The left side of a temporal join must be a stream of inserts, and this one updates its rows", "Join the stream first, then aggregate.");
    }
    List<RexNode> residual = new ArrayList<>(RelOptUtil.conjunctions(join.condition()));
    List<Integer> leftKeys = new ArrayList<>();
    List<Integer> rightKeys = new ArrayList<>();
    for (int key : primaryKey) {
      RexNode pair = null;
      for (RexNode conjunct : residual) {
        int other = equatedWith(conjunct, width + key);
        if (other >= 0 && other < width) {
          pair = conjunct;
          leftKeys.add(other);
          rightKeys.add(key);
          break;
        }
      }
      if (pair == null) {
        throw new RunnelException(
            ErrorCode.UNSUPPORTED,
            join.pos(),
            "A temporal join's condition must equate each column of the table's primary key with a column of the left side, and '"
                + table.schema().name(key) + "' is not",
            "Add ... AND s.k = " + table.schema().name(key) + " to ON (both of the same type).");
      }
      residual.remove(pair);
    }
    checkKeyTypes(left, table, leftKeys, rightKeys);
    return new TableKeys(leftKeys, rightKeys, residual);
  }

  /** The column {@code conjunct} says equals column {@code column} ({@code $a = $column} or {@code $column = $a}), or -1. */
  private static int equatedWith(RexNode conjunct, int column) {
    if (conjunct.getKind() != SqlKind.EQUALS) {
      return -1;
    }
    List<RexNode> operands = ((RexCall) conjunct).getOperands();
    if (operands.get(0) instanceof RexInputRef a && operands.get(1) instanceof RexInputRef b) {
      return a.getIndex() == column ? b.getIndex() : b.getIndex() == column ? a.getIndex() : -1;
    }
    return -1;
  }

  /** Rows meet by the hash of their keys: each key pair must hold one kind of value (the analyzer cast them to a common type). */
  private static void checkKeyTypes(PhysicalNode left, PhysicalNode right, List<Integer> leftKeys, List<Integer> rightKeys) {
    for (int i = 0; i < leftKeys.size(); i++) {
      DataType l = left.schema().type(leftKeys.get(i));
      DataType r = right.schema().type(rightKeys.get(i));
      if (l.kind() != r.kind() || l.scale() != r.scale()) {
        throw new RunnelException(
            ErrorCode.TYPE_MISMATCH,
            null,
            "Join key '" + left.schema().name(leftKeys.get(i)) + "' is " + l + " and '" + right.schema().name(rightKeys.get(i)) + "' is " + r,
            "CAST one side to the other's type.");
      }
    }
  }

  private Expr condition(List<RexNode> conjuncts) {
    return conjuncts.isEmpty() ? null : translator.translate(RexUtil.composeConjunction(rex, conjuncts));
  }

  /** Both inputs windowed by event time, joined on equal window starts and equal window ends. */
  private PhysicalNode windowJoin(
      JoinType type, PhysicalNode left, PhysicalNode right, List<Integer> leftKeys, List<Integer> rightKeys, List<RexNode> residual, Schema schema) {
    PhysicalNode.WindowColumns l = left.window();
    PhysicalNode.WindowColumns r = right.window();
    if (l == null || r == null || l.processingTime() || r.processingTime()) {
      return null;
    }
    if (!pairs(leftKeys, rightKeys, l.start(), r.start()) || !pairs(leftKeys, rightKeys, l.end(), r.end())) {
      return null;
    }
    PhysicalNode.WindowColumns out = new PhysicalNode.WindowColumns(l.start(), l.end(), false);
    return new PhysicalNode.IntervalJoin(type, left, right, leftKeys, rightKeys, l.end(), r.end(), 0, 0, condition(residual), schema, out);
  }

  private static boolean pairs(List<Integer> leftKeys, List<Integer> rightKeys, int leftColumn, int rightColumn) {
    for (int i = 0; i < leftKeys.size(); i++) {
      if (leftKeys.get(i) == leftColumn && rightKeys.get(i) == rightColumn) {
        return true;
      }
    }
    return false;
  }

  /**
   * An interval join where the residual conditions bound {@code right time - left time} from below and from
   * above, for one time column of each side. A side's time columns are its time attributes, and the end of
   * its windows: no row still to come from a side ends a window the watermark passed.
   */
  private PhysicalNode intervalJoin(
      JoinType type, PhysicalNode left, PhysicalNode right, List<Integer> leftKeys, List<Integer> rightKeys, List<RexNode> residual, Schema schema) {
    int width = left.schema().size();
    List<Integer> leftTimes = times(left);
    List<Integer> rightTimes = times(right);
    for (int lt : leftTimes) {
      for (int rt : rightTimes) {
        Long lower = null;
        Long upper = null;
        List<RexNode> rest = new ArrayList<>();
        for (RexNode conjunct : residual) {
          long[] bound = bound(conjunct, lt, width + rt);
          if (bound == null) {
            rest.add(conjunct);
            continue;
          }
          if (bound[0] != Long.MIN_VALUE) {
            lower = lower == null ? bound[0] : Math.max(lower, bound[0]);
          }
          if (bound[1] != Long.MAX_VALUE) {
            upper = upper == null ? bound[1] : Math.min(upper, bound[1]);
          }
        }
        if (lower != null && upper != null) {
          return new PhysicalNode.IntervalJoin(type, left, right, leftKeys, rightKeys, lt, rt, lower, upper, condition(rest), schema, null);
        }
      }
    }
    return null;
  }

  /**
   * An interval join of no width where a key pair is a time column of each side, or a time shifted by a
   * constant ({@code l.ts + INTERVAL '1' SECOND}, which a side computes below the join): such a column grows
   * with the side's watermark as its time does, so a row is freed once the watermark passes it. The pair
   * leaves the keys; null when no key pair is such.
   */
  private PhysicalNode equalTimes(
      JoinType type, PhysicalNode left, PhysicalNode right, List<Integer> leftKeys, List<Integer> rightKeys, List<RexNode> residual, Schema schema) {
    for (int i = 0; i < leftKeys.size(); i++) {
      if (timeLike(left, leftKeys.get(i)) && timeLike(right, rightKeys.get(i))) {
        List<Integer> lk = new ArrayList<>(leftKeys);
        List<Integer> rk = new ArrayList<>(rightKeys);
        lk.remove(i);
        rk.remove(i);
        return new PhysicalNode.IntervalJoin(type, left, right, lk, rk, leftKeys.get(i), rightKeys.get(i), 0, 0, condition(residual), schema, null);
      }
    }
    return null;
  }

  /** True when column {@code column} of {@code side} is one of its time columns, or one of its time attributes plus or minus a constant interval. */
  private static boolean timeLike(PhysicalNode side, int column) {
    if (times(side).contains(column)) {
      return true;
    }
    if (!(side instanceof PhysicalNode.Calc calc) || !(calc.projections().get(column) instanceof Expr.Call call)) {
      return false;
    }
    return (call.function() == Function.PLUS || call.function() == Function.MINUS)
        && call.operands().size() == 2
        && call.operands().get(0) instanceof Expr.InputRef ref
        && calc.input().isTime(ref.index())
        && call.operands().get(1) instanceof Expr.Literal literal
        && literal.type().kind() == TypeKind.INTERVAL;
  }

  /** A side's time columns: its time attributes, then the end of its windows of event time. */
  private static List<Integer> times(PhysicalNode side) {
    List<Integer> times = new ArrayList<>(side.timeColumns());
    if (side.window() != null && !side.window().processingTime() && !times.contains(side.window().end())) {
      times.add(side.window().end());
    }
    return times;
  }

  /**
   * What a comparison says of {@code $right - $left} (in the join's input row): {lower, upper} with
   * Long.MIN_VALUE or Long.MAX_VALUE for a side it leaves open, or null when it is not a comparison of the
   * two columns each plus or minus a constant interval.
   */
  private static long[] bound(RexNode conjunct, int left, int right) {
    if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2) {
      return null;
    }
    SqlKind kind = call.getKind();
    if (kind != SqlKind.EQUALS && kind != SqlKind.LESS_THAN && kind != SqlKind.LESS_THAN_OR_EQUAL && kind != SqlKind.GREATER_THAN && kind != SqlKind.GREATER_THAN_OR_EQUAL) {
      return null;
    }
    long[] a = term(call.getOperands().get(0));
    long[] b = term(call.getOperands().get(1));
    if (a == null || b == null) {
      return null;
    }
    if (a[0] == right && b[0] == left) {
      long[] swap = a;
      a = b;
      b = swap;
      kind = kind.reverse();
    } else if (a[0] != left || b[0] != right) {
      return null;
    }
    // left + a[1] <op> right + b[1], that is right - left <op reversed> a[1] - b[1]
    long d = a[1] - b[1];
    return switch (kind) {
      case EQUALS -> new long[] {d, d};
      case LESS_THAN_OR_EQUAL -> new long[] {d, Long.MAX_VALUE};
      case LESS_THAN -> new long[] {d + 1, Long.MAX_VALUE};
      case GREATER_THAN_OR_EQUAL -> new long[] {Long.MIN_VALUE, d};
      case GREATER_THAN -> new long[] {Long.MIN_VALUE, d - 1};
      default -> null;
    };
  }

  /** {column, milliseconds} for {@code $column}, {@code $column + INTERVAL ...} or {@code $column - INTERVAL ...}; else null. */
  private static long[] term(RexNode node) {
    if (node instanceof RexInputRef ref) {
      return new long[] {ref.getIndex(), 0};
    }
    if (!(node instanceof RexCall call)) {
      return null;
    }
    if (call.getKind() == SqlKind.CAST && call.getType().getSqlTypeName() == call.getOperands().get(0).getType().getSqlTypeName()) {
      return term(call.getOperands().get(0)); // a change of nullability or precision only
    }
    boolean plus = call.getKind() == SqlKind.PLUS;
    boolean minus = call.getKind() == SqlKind.MINUS;
    if ((!plus && !minus) || call.getOperands().size() != 2) {
      return null;
    }
    long[] column = term(call.getOperands().get(0));
    Long millis = intervalMillis(call.getOperands().get(1));
    if (column == null || millis == null) {
      return null;
    }
    return new long[] {column[0], column[1] + (plus ? millis : -millis)};
  }

  private static Long intervalMillis(RexNode node) {
    if (node instanceof RexLiteral literal && literal.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME) {
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      return value == null ? null : value.longValueExact();
    }
    return null;
  }
}
