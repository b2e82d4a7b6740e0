package io.runnel.planner.physical;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.window.WindowKind;
import io.runnel.operators.window.Windows;
import io.runnel.operators.window.SessionAggregateSpec;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.planner.logical.ApproxPercentileFunction;
import io.runnel.planner.logical.OverWindowRel;
import io.runnel.planner.logical.RankRel;
import io.runnel.planner.logical.TemporalJoinRel;
import io.runnel.planner.validate.UserFunctions;
import io.runnel.operators.agg.UserAggregate;
import io.runnel.planner.dag.RexToExpr;
import io.runnel.planner.logical.WindowFunction;
import io.runnel.planner.validate.RunnelOperators;
import io.runnel.planner.validate.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexProgram;

/**
 * Turns an optimized logical plan into {@link PhysicalNode}s: decides each node's changelog mode, carries
 * the event-time attribute and the window columns through projections that keep them as they are, and
 * picks the aggregation: over windows when the query groups by a window's start and end (by slices for
 * HOP windows where that gives the same result), unbounded otherwise.
 */
public final class PhysicalPlanner {
  private final RexToExpr translator;
  private final Function<RelNode, RelationDef> tableOf;
  private final PlanOptions options;
  private final JoinPlanner joins;
  private final RankPlanner ranks;

  public PhysicalPlanner(RexBuilder rex, Function<RelNode, RelationDef> tableOf, PlanOptions options) {
    this.translator = new RexToExpr(rex);
    this.tableOf = tableOf;
    this.options = options;
    this.joins = new JoinPlanner(rex, translator, options.stateTtl());
    this.ranks = new RankPlanner(rex, translator, options.stateTtl());
  }

  public PhysicalNode plan(RelNode rel) {
    PhysicalNode root = node(rel);
    checkSessions(root);
    return root;
  }

  private PhysicalNode node(RelNode rel) {
    if (rel instanceof TableScan scan) {
      RelationDef def = tableOf.apply(scan);
      PhysicalNode source = new PhysicalNode.Source(def);
      // a view's changelog is already one: its query wrote each retraction before the row replacing it
      return def.isTable() ? new PhysicalNode.Normalize(source, def.primaryKey()) : source;
    }
    if (rel instanceof Values values) {
      Schema schema = TypeMapping.schemaOf(values.getRowType());
      List<List<Object>> rows = new ArrayList<>();
      for (List<RexLiteral> tuple : values.getTuples()) {
        List<Object> row = new ArrayList<>();
        for (int c = 0; c < tuple.size(); c++) {
          row.add(RexToExpr.literalValue(tuple.get(c), schema.type(c)));
        }
        rows.add(row);
      }
      return new PhysicalNode.Values(schema, rows);
    }
    if (rel instanceof Calc calc) {
      RexProgram program = calc.getProgram();
      RexLocalRef condition = program.getCondition();
      List<RexNode> projects = new ArrayList<>();
      for (RexLocalRef ref : program.getProjectList()) {
        projects.add(program.expandLocalRef(ref));
      }
      if (calc.getInput() instanceof RankRel rank) {
        return ranks.plan(rank, node(rank.getInput()), condition == null ? null : program.expandLocalRef(condition), projects, TypeMapping.schemaOf(calc.getRowType()));
      }
      return calc(node(calc.getInput()), condition == null ? null : program.expandLocalRef(condition), projects, calc);
    }
    if (rel instanceof Filter filter) {
      PhysicalNode input = node(filter.getInput());
      List<RexNode> identity = new ArrayList<>();
      for (int i = 0; i < filter.getRowType().getFieldCount(); i++) {
        identity.add(RexInputRef.of(i, filter.getRowType()));
      }
      return calc(input, filter.getCondition(), identity, filter);
    }
    if (rel instanceof Project project) {
      return calc(node(project.getInput()), null, project.getProjects(), project);
    }
    if (rel instanceof TableFunctionScan scan && ((RexCall) scan.getCall()).getOperator() instanceof WindowFunction fn) {
      PhysicalNode input = node(scan.getInputs().get(0));
      if (input.proctime() == fn.timeColumn() && fn.timeColumn() >= 0) {
        if (fn.windows().kind() == WindowKind.SESSION) {
          throw new RunnelException(
              ErrorCode.INVALID_WINDOW, fn.pos(), "SESSION windows need event time, and '" + input.schema().name(fn.timeColumn()) + "' is processing time", "Use TUMBLE, HOP or CUMULATE over PROCTIME().");
        }
      } else if (!input.isTime(fn.timeColumn())) {
        List<String> names = scan.getRowType().getFieldNames(); // as the query names them: the input's columns first
        String column = names.get(fn.timeColumn());
        throw new RunnelException(
            ErrorCode.INVALID_WINDOW,
            fn.pos(),
            "Windows need " + (TimeAttributes.several(input) ? "an event-time column of the input" : "the input's event-time column") + ", and '" + column + "' is not one"
                + (input.rowtime() < 0 ? ": the input has no event time" : "; the input's " + (TimeAttributes.several(input) ? "are " : "is ") + TimeAttributes.names(input, names)),
            TimeAttributes.hint(input, fn.timeColumn(), "Declare WATERMARK FOR " + column + " AS " + column + " - INTERVAL '1' SECOND on the stream."));
      }
      return new PhysicalNode.WindowTvf(input, fn.windows(), fn.timeColumn(), TypeMapping.schemaOf(scan.getRowType()), fn.pos());
    }
    if (rel instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (rel instanceof OverWindowRel over) {
      return over(over);
    }
    if (rel instanceof io.runnel.planner.logical.MatchRel match) {
      return new MatchPlanner(translator).plan(match, node(match.getInput()));
    }
    if (rel instanceof RankRel rank) {
      throw RankPlanner.unbounded(rank);
    }
    if (rel instanceof TemporalJoinRel temporal && temporal.getRight() instanceof TableScan versions) {
      PhysicalNode left = node(temporal.getLeft());
      RelationDef def = tableOf.apply(versions);
      if (left.proctime() >= 0 && left.proctime() == temporal.asOf()) {
        return joins.lookup(temporal, left, new PhysicalNode.Normalize(new PhysicalNode.Source(def), def.primaryKey()), def.primaryKey());
      }
      // the table's rows as they came, each a version: not normalized to a changelog
      return joins.temporal(temporal, left, new PhysicalNode.Source(def));
    }
    if (rel instanceof Join join) {
      return joins.plan(join, node(join.getLeft()), node(join.getRight()));
    }
    if (rel instanceof Union union && union.all) {
      List<PhysicalNode> inputs = new ArrayList<>();
      for (RelNode input : union.getInputs()) {
        inputs.add(node(input));
      }
      return new PhysicalNode.Union(inputs, TypeMapping.schemaOf(union.getRowType()));
    }
    throw RunnelException.user(ErrorCode.UNSUPPORTED, null, "Plan node " + rel.getRelTypeName() + " cannot run yet");
  }

  private PhysicalNode calc(PhysicalNode input, RexNode condition, List<RexNode> projects, RelNode rel) {
    if (input.mode() == ChangelogMode.UPDATING && projects.stream().anyMatch(p -> RexUtil.findOperatorCall(RunnelOperators.PROCTIME, p) != null)) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          null,
          "PROCTIME() over an updating input would stamp a retraction with another time than the row it retracts, which nothing downstream could then find",
          "Take PROCTIME() of the stream before it is aggregated or joined, or use the table's own time column.");
    }
    Expr cond = condition == null ? null : translator.translate(condition);
    List<Expr> exprs = new ArrayList<>();
    for (RexNode p : projects) {
      exprs.add(translator.translate(p));
    }
    return calc(input, cond, exprs, TypeMapping.schemaOf(rel.getRowType()));
  }

  /** A Calc whose time attributes and window columns are those of its input that it passes on unchanged. */
  static PhysicalNode.Calc calc(PhysicalNode input, Expr condition, List<Expr> exprs, Schema schema) {
    // a Calc over a Calc that only selects columns reads the columns directly
    if (input instanceof PhysicalNode.Calc below
        && below.condition() == null
        && below.projections().stream().allMatch(e -> e instanceof Expr.InputRef)) {
      List<Expr> inlined = new ArrayList<>();
      for (Expr e : exprs) {
        inlined.add(inline(e, below.projections()));
      }
      return calc(below.input(), condition == null ? null : inline(condition, below.projections()), inlined, schema);
    }
    List<Integer> times = new ArrayList<>();
    for (int time : input.timeColumns()) {
      int kept = passedOn(exprs, time);
      if (kept >= 0) {
        times.add(kept);
      }
    }
    PhysicalNode.WindowColumns window = null;
    if (input.window() != null) {
      int start = passedOn(exprs, input.window().start());
      int end = passedOn(exprs, input.window().end());
      if (end >= 0) {
        window = new PhysicalNode.WindowColumns(start, end, input.window().processingTime());
      }
    }
    return new PhysicalNode.Calc(input, condition, exprs, schema, times, window);
  }

  private static Expr inline(Expr e, List<Expr> inputs) {
    if (e instanceof Expr.InputRef ref) {
      return inputs.get(ref.index());
    }
    if (e instanceof Expr.Call call) {
      List<Expr> operands = new ArrayList<>();
      for (Expr operand : call.operands()) {
        operands.add(inline(operand, inputs));
      }
      return new Expr.Call(call.function(), operands, call.type(), call.user());
    }
    return e;
  }

  private static int passedOn(List<Expr> exprs, int column) {
    if (column < 0) {
      return -1;
    }
    for (int i = 0; i < exprs.size(); i++) {
      if (exprs.get(i) instanceof Expr.InputRef ref && ref.index() == column) {
        return i;
      }
    }
    return -1;
  }

  private PhysicalNode aggregate(Aggregate aggregate) {
    PhysicalNode input = node(aggregate.getInput());
    List<Integer> keys = aggregate.getGroupSet().asList();
    Schema schema = TypeMapping.schemaOf(aggregate.getRowType());
    boolean retracting = input.mode() == ChangelogMode.UPDATING;
    List<AggCall> calls = new ArrayList<>();
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      calls.add(call(aggregate.getAggCallList().get(i), schema.name(keys.size() + i), retracting ? UPDATING_INPUT : null, input.schema()));
    }
    PhysicalNode.WindowColumns window = input.window();
    if (window != null && keys.contains(window.start()) && keys.contains(window.end())) {
      PhysicalNode.WindowTvf session = sessionUnder(input);
      if (session != null) {
        return sessionAggregate(input, session, keys, calls, schema);
      }
      PhysicalNode.WindowColumns out = new PhysicalNode.WindowColumns(keys.indexOf(window.start()), keys.indexOf(window.end()), window.processingTime());
      PhysicalNode sliced = sliced(input, keys, calls, schema, out);
      if (sliced != null) {
        return sliced;
      }
      // processing-time windows fire by the clock: no row can be late for them
      long lateness = window.processingTime() ? 0 : options.allowedLateness();
      // a change per row (EMIT CHANGES) leaves nothing for an early-fire interval to do
      long earlyFire = options.emitChanges() ? 0 : options.earlyFire();
      return new PhysicalNode.WindowAggregate(input, keys, window.end(), calls, options.emitChanges(), lateness, schema, out, earlyFire);
    }
    if (options.stateTtl() > 0) {
      // the ttl changes a group per row, by its rows' event time: no mini-batch
      TtlTimes.Timed timed = TtlTimes.keepTime(input);
      if (timed.time() >= 0) {
        return new PhysicalNode.GroupAggregate(timed.node(), keys, calls, schema, false, new PhysicalNode.Ttl(options.stateTtl(), timed.time()));
      }
    }
    return new PhysicalNode.GroupAggregate(input, keys, calls, schema, options.miniBatch(), new PhysicalNode.Ttl(options.stateTtl(), -1));
  }

  /**
   * The window aggregation by slices ({@link PhysicalNode.SlicedWindowAggregate}) where it gives exactly
   * what the window table function and the window aggregate give, else null: HOP windows of event time
   * whose size is a whole number of slides over an insert-only input, aggregated right over the table
   * function or over a projection that only picks its columns (a filter or a computed column there would see
   * rows the slices cannot tell apart, and a row without event time must be reported as the table function
   * saw it); without EMIT CHANGES, early results or allowed lateness; calls that read no window column and
   * merge exactly ({@link AggCall#mergesExactly}).
   */
  private PhysicalNode sliced(PhysicalNode input, List<Integer> keys, List<AggCall> calls, Schema schema, PhysicalNode.WindowColumns out) {
    if (options.emitChanges() || options.earlyFire() > 0 || options.allowedLateness() > 0) {
      return null;
    }
    List<Integer> columns = new ArrayList<>();
    PhysicalNode.WindowTvf tvf;
    if (input instanceof PhysicalNode.WindowTvf t) {
      tvf = t;
      for (int c = 0; c < t.schema().size(); c++) {
        columns.add(c);
      }
    } else if (input instanceof PhysicalNode.Calc c && c.condition() == null && c.input() instanceof PhysicalNode.WindowTvf t) {
      tvf = t;
      for (Expr e : c.projections()) {
        if (!(e instanceof Expr.InputRef ref)) {
          return null;
        }
        columns.add(ref.index());
      }
    } else {
      return null;
    }
    Windows windows = tvf.windows();
    if (windows.kind() != WindowKind.HOP || windows.size() % windows.slide() != 0 || tvf.processingTime() || tvf.input().mode() != ChangelogMode.INSERT_ONLY) {
      return null;
    }
    int width = tvf.input().schema().size();
    for (AggCall call : calls) {
      boolean readsWindow = (call.argument() >= 0 && columns.get(call.argument()) >= width) || (call.filter() >= 0 && columns.get(call.filter()) >= width);
      if (readsWindow || !call.mergesExactly()) {
        return null;
      }
    }
    return new PhysicalNode.SlicedWindowAggregate(tvf.input(), windows, tvf.timeColumn(), columns, input.schema(), keys, calls, schema, out);
  }

  /**
   * An OVER window: over an insert-only input by event time ({@link PhysicalNode.OverAggregate}, rows released
   * as the watermark passes them); over an updating input by its ORDER BY, whatever it is, as an updating
   * result ({@link PhysicalNode.UpdatingOverAggregate}, whose frames are recomputed, so its calls need not
   * take values back).
   */
  private PhysicalNode over(OverWindowRel over) {
    PhysicalNode input = node(over.getInput());
    Schema schema = TypeMapping.schemaOf(over.getRowType());
    int width = over.getInput().getRowType().getFieldCount();
    if (input.mode() == ChangelogMode.UPDATING) {
      if (over.refusedOverUpdates() != null) {
        throw over.refusedOverUpdates().exception();
      }
      List<AggCall> calls = new ArrayList<>();
      for (int i = 0; i < over.calls().size(); i++) {
        calls.add(call(over.calls().get(i), schema.name(width + i), null, input.schema()));
      }
      List<SortKey> order = new ArrayList<>();
      for (RelFieldCollation c : over.order()) {
        order.add(new SortKey(c.getFieldIndex(), c.getDirection() == RelFieldCollation.Direction.DESCENDING, c.nullDirection == RelFieldCollation.NullDirection.FIRST));
      }
      return new PhysicalNode.UpdatingOverAggregate(input, over.partitionKeys(), order, over.rows(), over.preceding(), calls, schema);
    }
    if (over.refusedOverInserts() != null) {
      throw over.refusedOverInserts().exception();
    }
    if (!input.isTime(over.timeColumn())) {
      List<String> names = over.getRowType().getFieldNames(); // as the query names them: the input's columns first
      String column = names.get(over.timeColumn());
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW,
          over.pos(),
          "OVER windows are ordered by event time, and '" + column + "' is not " + TimeAttributes.theInputs(input)
              + (input.rowtime() < 0 ? "" : "; " + TimeAttributes.names(input, names) + (TimeAttributes.several(input) ? " are" : " is")),
          TimeAttributes.hint(input, over.timeColumn(), "ORDER BY the column of the stream's WATERMARK."));
    }
    List<AggCall> calls = new ArrayList<>();
    for (int i = 0; i < over.calls().size(); i++) {
      calls.add(call(over.calls().get(i), schema.name(width + i), over.preceding() >= 0 ? BOUNDED_FRAME : null, input.schema()));
    }
    return new PhysicalNode.OverAggregate(input, over.partitionKeys(), over.timeColumn(), over.rows(), over.preceding(), calls, schema);
  }

  private static final String UPDATING_INPUT = "its input is an updating result";
  private static final String BOUNDED_FRAME = "its OVER frame is bounded, and rows leave it";

  /** The operator call for {@code call}; {@code retractBecause}, when not null, says why it must take values back. */
  private static AggCall call(AggregateCall call, String name, String retractBecause, Schema input) {
    boolean retracting = retractBecause != null;
    List<Integer> args = call.getArgList();
    if (call.getAggregation() instanceof UserFunctions.Aggregate user) {
      UserAggregate bound = user.def().aggregate().bind(input.type(args.get(0)));
      if (retracting && !bound.retractable()) {
        throw new RunnelException(
            ErrorCode.UNSUPPORTED,
            null,
            user.def().name() + " cannot take back values, and " + retractBecause,
            "Implement retractable() and retract(...) in " + user.def().className() + ".");
      }
      DataType type = TypeMapping.fromRel(call.getType());
      return new AggCall(AggKind.USER, args.get(0), call.isDistinct(), call.filterArg, type, name, retracting, Double.NaN, bound);
    }
    // Calcite's APPROX_COUNT_DISTINCT is a COUNT by kind: tell it by name first
    AggKind kind =
        call.getAggregation() instanceof ApproxPercentileFunction ? AggKind.APPROX_PERCENTILE
            : call.getAggregation().getName().equals("APPROX_COUNT_DISTINCT") ? AggKind.APPROX_COUNT_DISTINCT : switch (call.getAggregation().getKind()) {
          case COUNT -> args.isEmpty() ? AggKind.COUNT_STAR : AggKind.COUNT;
          case SUM, SUM0 -> AggKind.SUM;
          case AVG -> AggKind.AVG;
          case MIN -> AggKind.MIN;
          case MAX -> AggKind.MAX;
          default -> throw RunnelException.user(ErrorCode.UNSUPPORTED, null, "Aggregate " + call.getAggregation().getName() + " cannot run yet");
        };
    if (retracting && !kind.retractable()) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED,
          null,
          kind.sql() + " cannot take back values, and " + retractBecause,
          kind == AggKind.APPROX_COUNT_DISTINCT
              ? "Use COUNT(DISTINCT ...) over updating input."
              : "Aggregate the stream before its result becomes an updating one, or use MIN, MAX or AVG.");
    }
    DataType type = TypeMapping.fromRel(call.getType());
    double fraction = call.getAggregation() instanceof ApproxPercentileFunction p ? p.fraction() : Double.NaN;
    return new AggCall(kind, args.isEmpty() ? -1 : args.get(0), call.isDistinct(), call.filterArg, type, name, retracting, fraction);
  }

  /** The SESSION window scan an aggregate's input is (directly or under a Calc), or null. */
  private static PhysicalNode.WindowTvf sessionUnder(PhysicalNode input) {
    if (input instanceof PhysicalNode.Calc c) {
      input = c.input();
    }
    return input instanceof PhysicalNode.WindowTvf t && t.session() ? t : null;
  }

  /**
   * GROUP BY over SESSION windows. The session scan only names the windows; the aggregate assigns them.
   * A Calc between the scan and the aggregate moves below the aggregate's input (it may read every input
   * column, and pass window columns on only as they are), the aggregate's result is reordered to the
   * column order the query expects.
   */
  private PhysicalNode sessionAggregate(
      PhysicalNode input, PhysicalNode.WindowTvf tvf, List<Integer> keys, List<AggCall> calls, Schema schema) {
    int width = tvf.input().schema().size();
    PhysicalNode below = tvf.input();
    int[] mapping; // aggregate input column -> column of `below`, or -1 - (0 start, 1 end, 2 time)
    int time = tvf.timeColumn();
    if (input instanceof PhysicalNode.Calc c) {
      if (c.condition() != null && references(c.condition(), width)) {
        throw sessionError(tvf, "a WHERE on window_start, window_end or window_time");
      }
      List<Expr> kept = new ArrayList<>();
      List<DataType.Field> fields = new ArrayList<>();
      mapping = new int[c.projections().size()];
      for (int i = 0; i < c.projections().size(); i++) {
        Expr e = c.projections().get(i);
        if (e instanceof Expr.InputRef ref && ref.index() >= width) {
          mapping[i] = -1 - (ref.index() - width);
        } else if (references(e, width)) {
          throw sessionError(tvf, "an expression over window_start, window_end or window_time");
        } else {
          mapping[i] = kept.size();
          kept.add(e);
          fields.add(c.schema().fields().get(i));
        }
      }
      time = kept.size();
      kept.add(new Expr.InputRef(tvf.timeColumn(), tvf.input().schema().type(tvf.timeColumn())));
      fields.add(tvf.input().schema().fields().get(tvf.timeColumn()));
      below = calc(tvf.input(), c.condition(), kept, new Schema(fields));
    } else {
      mapping = new int[width + 3];
      for (int i = 0; i < mapping.length; i++) {
        mapping[i] = i < width ? i : -1 - (i - width);
      }
    }
    if (below.mode() == ChangelogMode.UPDATING) {
      throw new RunnelException(
          ErrorCode.UNSUPPORTED, tvf.pos(), "SESSION windows take insert-only input, and this input is an updating result", null);
    }
    List<Integer> sessionKeys = new ArrayList<>();
    for (int k : keys) {
      if (mapping[k] >= 0) {
        sessionKeys.add(mapping[k]);
      }
    }
    List<AggCall> mapped = new ArrayList<>();
    for (AggCall call : calls) {
      int arg = call.argument() < 0 ? -1 : mapping[call.argument()];
      int filter = call.filter() < 0 ? -1 : mapping[call.filter()];
      if ((call.argument() >= 0 && arg < 0) || (call.filter() >= 0 && filter < 0)) {
        throw sessionError(tvf, "an aggregate over window_start, window_end or window_time");
      }
      mapped.add(new AggCall(call.kind(), arg, call.distinct(), filter, call.resultType(), call.name(), call.retracting()));
    }
    long gap = tvf.windows().size();
    Schema sessionSchema = new SessionAggregateSpec(below.schema(), sessionKeys, time, gap, mapped).outputSchema();
    // sessions have no per-row form: an early-fire interval applies with or without EMIT CHANGES
    PhysicalNode session = new PhysicalNode.SessionAggregate(below, sessionKeys, time, gap, mapped, sessionSchema, options.earlyFire());
    // reorder to the aggregate's columns: its keys in input order, then the aggregates
    List<Expr> order = new ArrayList<>();
    int next = 0;
    for (int k : keys) {
      int column = mapping[k] >= 0 ? next++ : sessionKeys.size() + (-1 - mapping[k]);
      order.add(new Expr.InputRef(column, sessionSchema.type(column)));
    }
    for (int i = 0; i < calls.size(); i++) {
      int column = sessionKeys.size() + 3 + i;
      order.add(new Expr.InputRef(column, sessionSchema.type(column)));
    }
    return calc(session, null, order, schema);
  }

  private static RunnelException sessionError(PhysicalNode.WindowTvf tvf, String what) {
    return new RunnelException(
        ErrorCode.UNSUPPORTED,
        tvf.pos(),
        "SESSION windows cannot be grouped with " + what,
        "Session windows are assigned while aggregating; compute with window_start and window_end after the GROUP BY.");
  }

  private static boolean references(Expr e, int from) {
    if (e instanceof Expr.InputRef ref) {
      return ref.index() >= from;
    }
    if (e instanceof Expr.Call call) {
      for (Expr operand : call.operands()) {
        if (references(operand, from)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A SESSION window scan left in the plan had no aggregate to assign its windows. */
  private static void checkSessions(PhysicalNode node) {
    if (node instanceof PhysicalNode.WindowTvf t && t.session()) {
      throw new RunnelException(
          ErrorCode.INVALID_WINDOW,
          t.pos(),
          "SESSION windows need an aggregation that groups by window_start and window_end",
          "A session's extent is known only once it closes; aggregate its rows with GROUP BY window_start, window_end.");
    }
    for (PhysicalNode input : node.inputs()) {
      checkSessions(input);
    }
  }
}
