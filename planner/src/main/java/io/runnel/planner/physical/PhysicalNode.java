package io.runnel.planner.physical;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.join.IntervalJoinSpec;
import io.runnel.operators.join.JoinType;
import io.runnel.operators.rank.RankFunction;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.types.Schema;
import io.runnel.operators.window.WindowKind;
import io.runnel.operators.window.Windows;
import io.runnel.parser.ast.Pos;
import io.runnel.planner.catalog.RelationDef;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical plan: what will run, annotated per node with its changelog mode and its time attributes
 * ({@link #timeColumns}, the output columns carrying event time). Holds no Calcite types.
 */
public sealed interface PhysicalNode {
  Schema schema();

  ChangelogMode mode();

  /**
   * The node's time attributes: the output columns of event time that a window, an OVER, MATCH_RECOGNIZE, a
   * temporal or an interval join downstream may take as time (a source's watermarked column; after an
   * interval join, its left time, then its right), in that order through projections. All share the node's
   * one watermark: a row the node emits after it forwarded watermark {@code W} has a time above {@code W} in
   * each of them, unless it came late to the query already. Empty when the output has no event time (an aggregate's
   * result, a regular join's: a new row may pair with one the watermark passed long ago). A node that holds
   * rows back until the watermark passes one of their times (an OVER, a temporal join) keeps that column
   * alone: the row's other times may be behind the watermark by then.
   */
  List<Integer> timeColumns();

  /** The first of the {@link #timeColumns}, or -1 when there are none: the one a state time-to-live reads. */
  default int rowtime() {
    List<Integer> times = timeColumns();
    return times.isEmpty() ? -1 : times.get(0);
  }

  /** Whether output column {@code column} is one of the node's {@link #timeColumns time attributes}. */
  default boolean isTime(int column) {
    return column >= 0 && timeColumns().contains(column);
  }

  List<PhysicalNode> inputs();

  /** The output column holding processing time ({@code PROCTIME()}) passed on unchanged, or -1. */
  default int proctime() {
    return -1;
  }

  /** Calls the method of {@code visitor} for this node's kind: the compiler checks every kind has one. */
  <R> R accept(Visitor<R> visitor);

  /** One method per kind of node. */
  interface Visitor<R> {
    R source(Source node);

    R values(Values node);

    R normalize(Normalize node);

    R union(Union node);

    R calc(Calc node);

    R windowTvf(WindowTvf node);

    R overAggregate(OverAggregate node);

    R updatingOverAggregate(UpdatingOverAggregate node);

    R groupAggregate(GroupAggregate node);

    R windowAggregate(WindowAggregate node);

    R slicedWindowAggregate(SlicedWindowAggregate node);

    R sessionAggregate(SessionAggregate node);

    R join(Join node);

    R intervalJoin(IntervalJoin node);

    R temporalJoin(TemporalJoin node);

    R lookupJoin(LookupJoin node);

    R rank(Rank node);

    R windowRank(WindowRank node);

    R deduplicate(Deduplicate node);

    R matchRecognize(MatchRecognize node);
  }

  /** Where the output carries a window's start and end, or null when it has no window columns. */
  default WindowColumns window() {
    return null;
  }

  /**
   * The output columns holding {@code window_start} and {@code window_end}, and whether the windows are of
   * processing time. {@code start} is -1 where a projection kept only the end (a join can still read it as
   * time: no row still to come ends a window the watermark passed).
   */
  record WindowColumns(int start, int end, boolean processingTime) {}

  /**
   * A state time-to-live ({@code SET 'state.ttl'}, milliseconds; 0: none) and the input column of event time
   * it reads ({@code time}, -1 where the input has none: the ttl then frees nothing).
   */
  record Ttl(long millis, int time) {
    public static final Ttl NONE = new Ttl(0, -1);

    /** Whether the ttl frees anything: it is set, and has an event time to read. */
    public boolean frees() {
      return millis > 0 && time >= 0;
    }
  }

  /**
   * Reads a stored stream, a table's changelog as upserts (normalized by a {@link Normalize} above it), or a
   * materialized view's changelog as its query wrote it (updating when the query's result is).
   */
  record Source(RelationDef relation) implements PhysicalNode {
    public Source {
      requireNonNull(relation, "relation is null");
    }

    @Override
    public Schema schema() {
      return relation.schema();
    }

    @Override
    public ChangelogMode mode() {
      return relation.isMaterializedView() && relation.view().updating() ? ChangelogMode.UPDATING : ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return relation.rowtime() < 0 ? List.of() : List.of(relation.rowtime());
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.source(this);
    }
  }

  /** Constant rows, then the end of input. */
  record Values(Schema schema, List<List<Object>> rows) implements PhysicalNode {
    public Values {
      rows = List.copyOf(rows);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.values(this);
    }
  }

  /** Keeps the latest row per key of an upsert log and emits the changes as a proper changelog. */
  record Normalize(PhysicalNode input, List<Integer> keys) implements PhysicalNode {
    public Normalize {
      keys = List.copyOf(keys);
    }

    @Override
    public Schema schema() {
      return input.schema();
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.UPDATING;
    }

    @Override
    public int proctime() {
      return input.proctime();
    }

    @Override
    public List<Integer> timeColumns() {
      return input.timeColumns();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.normalize(this);
    }
  }

  /**
   * {@code UNION ALL} of inputs with the same column types. Updating when any input is. Keeps a time
   * attribute (and window columns) only where every input has it in the same column.
   */
  record Union(List<PhysicalNode> inputs, Schema schema) implements PhysicalNode {
    public Union {
      inputs = List.copyOf(inputs);
      requireNonNull(schema, "schema is null");
    }

    @Override
    public ChangelogMode mode() {
      return inputs.stream().anyMatch(i -> i.mode() == ChangelogMode.UPDATING) ? ChangelogMode.UPDATING : ChangelogMode.INSERT_ONLY;
    }

    // each input is asked once: asking the first twice doubles the work at every level of a UNION chain
    @Override
    public List<Integer> timeColumns() {
      List<List<Integer>> each = inputs.stream().map(PhysicalNode::timeColumns).toList();
      return each.get(0).stream().filter(c -> each.stream().allMatch(times -> times.contains(c))).toList();
    }

    @Override
    public int proctime() {
      return common(inputs.stream().map(PhysicalNode::proctime).toList(), -1);
    }

    @Override
    public WindowColumns window() {
      return common(inputs.stream().map(PhysicalNode::window).toList(), null);
    }

    private static <T> T common(List<T> values, T none) {
      T first = values.get(0);
      return values.stream().allMatch(v -> java.util.Objects.equals(v, first)) ? first : none;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.union(this);
    }
  }

  /**
   * Filter (condition may be null) then projection; stateless, keeps its input's changelog mode. Its time
   * attributes ({@code timeColumns}) are those of its input it passes on unchanged.
   */
  record Calc(PhysicalNode input, Expr condition, List<Expr> projections, Schema schema, List<Integer> timeColumns, WindowColumns window)
      implements PhysicalNode {
    public Calc {
      projections = List.copyOf(projections);
      timeColumns = List.copyOf(timeColumns);
    }

    @Override
    public int proctime() {
      for (int i = 0; i < projections.size(); i++) {
        Expr e = projections.get(i);
        if ((e instanceof Expr.Call call && call.function() == Function.PROCTIME) || (e instanceof Expr.InputRef ref && ref.index() == input.proctime())) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public ChangelogMode mode() {
      return input.mode();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.calc(this);
    }
  }

  /**
   * A window table function: appends window_start, window_end and window_time to each row, once per window
   * it falls into. SESSION windows exist only under a {@link SessionAggregate}, which assigns them.
   */
  record WindowTvf(PhysicalNode input, Windows windows, int timeColumn, Schema schema, Pos pos) implements PhysicalNode {
    @Override
    public ChangelogMode mode() {
      return input.mode();
    }

    @Override
    public List<Integer> timeColumns() {
      return input.timeColumns();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public WindowColumns window() {
      int n = input.schema().size();
      return new WindowColumns(n, n + 1, processingTime());
    }

    @Override
    public int proctime() {
      return input.proctime();
    }

    /** True when the windows are over processing time rather than event time. */
    public boolean processingTime() {
      return timeColumn == input.proctime();
    }

    public boolean session() {
      return windows.kind() == WindowKind.SESSION;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.windowTvf(this);
    }
  }

  /**
   * Aggregates over a frame of each row's partition, in event-time order: the input's columns, then one per
   * call. Append-only; keeps its order column ({@code timeColumn}) as time, not the input's other time
   * attributes: a row waits until the watermark passes its time, when its other times may be behind it.
   * {@code preceding}: rows or milliseconds, -1 unbounded.
   */
  record OverAggregate(PhysicalNode input, List<Integer> partitionKeys, int timeColumn, boolean rows, long preceding, List<AggCall> calls, Schema schema)
      implements PhysicalNode {
    public OverAggregate {
      partitionKeys = List.copyOf(partitionKeys);
      calls = List.copyOf(calls);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of(timeColumn);
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.overAggregate(this);
    }
  }

  /**
   * Aggregates over a frame of each row's partition of an updating input, the partition's live rows ordered
   * by {@code orderBy} (then by their values): the input's columns, then one per call. An updating result: a
   * change to one row changes the results of the rows whose frames reach it. {@code preceding}: rows or
   * milliseconds, -1 unbounded.
   */
  record UpdatingOverAggregate(PhysicalNode input, List<Integer> partitionKeys, List<SortKey> orderBy, boolean rows, long preceding, List<AggCall> calls, Schema schema)
      implements PhysicalNode {
    public UpdatingOverAggregate {
      partitionKeys = List.copyOf(partitionKeys);
      orderBy = List.copyOf(orderBy);
      calls = List.copyOf(calls);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.UPDATING;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.updatingOverAggregate(this);
    }
  }

  /** Unbounded GROUP BY: an updating result, state per group. */
  record GroupAggregate(PhysicalNode input, List<Integer> keys, List<AggCall> calls, Schema schema, boolean miniBatch, Ttl ttl) implements PhysicalNode {
    public GroupAggregate {
      keys = List.copyOf(keys);
      calls = List.copyOf(calls);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.UPDATING;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.groupAggregate(this);
    }
  }

  /**
   * GROUP BY over assigned windows (keys include the window's start and end): a final row per group and
   * window when the watermark passes the window's end, or updates as rows arrive with {@code emitChanges},
   * or, with {@code earlyFire} (milliseconds, 0 for none), the changed results each time processing time
   * passes a multiple of it and the final correction at the window's end.
   */
  record WindowAggregate(
      PhysicalNode input,
      List<Integer> keys,
      int windowEnd,
      List<AggCall> calls,
      boolean emitChanges,
      long allowedLateness,
      Schema schema,
      WindowColumns window,
      long earlyFire)
      implements PhysicalNode {
    public WindowAggregate {
      keys = List.copyOf(keys);
      calls = List.copyOf(calls);
    }

    @Override
    public ChangelogMode mode() {
      return emitChanges || allowedLateness > 0 || earlyFire > 0 ? ChangelogMode.UPDATING : ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.windowAggregate(this);
    }
  }

  /**
   * GROUP BY over HOP windows planned by slices: stands for {@code input} under a window table function of
   * {@code windows} over {@code timeColumn}, a projection picking {@code columns} of its rows (the input's
   * columns, then window_start, window_end and window_time) into {@code windowedSchema}, and a {@link
   * WindowAggregate} by {@code keys} with {@code calls} over that, and gives the same rows; but each row
   * goes into one slice of the slide's length instead of being copied into each of its windows, and a
   * window's result is merged from its slices when it fires. Keys and calls are over {@code windowedSchema}.
   */
  record SlicedWindowAggregate(
      PhysicalNode input,
      Windows windows,
      int timeColumn,
      List<Integer> columns,
      Schema windowedSchema,
      List<Integer> keys,
      List<AggCall> calls,
      Schema schema,
      WindowColumns window)
      implements PhysicalNode {
    public SlicedWindowAggregate {
      columns = List.copyOf(columns);
      keys = List.copyOf(keys);
      calls = List.copyOf(calls);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.slicedWindowAggregate(this);
    }
  }

  /**
   * GROUP BY over session windows: output is the keys, window_start, window_end, window_time, then the
   * aggregates, one final row per session; with {@code earlyFire} (milliseconds, 0 for none) also the
   * changed sessions each time processing time passes a multiple of it, an updating result.
   */
  record SessionAggregate(PhysicalNode input, List<Integer> keys, int timeColumn, long gap, List<AggCall> calls, Schema schema, long earlyFire)
      implements PhysicalNode {
    public SessionAggregate {
      keys = List.copyOf(keys);
      calls = List.copyOf(calls);
    }

    @Override
    public ChangelogMode mode() {
      return earlyFire > 0 ? ChangelogMode.UPDATING : ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public WindowColumns window() {
      return new WindowColumns(keys.size(), keys.size() + 1, false);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.sessionAggregate(this);
    }
  }

  /**
   * A join that keeps every row of both inputs while it may still match (an equi-join on {@code leftKeys} and
   * {@code rightKeys}, then {@code condition} over the left columns followed by the right ones), so a change on
   * either side finds its partners. Updating when an input is, or when unmatched rows are padded (outer joins)
   * or emitted only while unmatched (anti joins): such rows are retracted when a match arrives. Its output has
   * no event time: a new row may pair with one the watermark passed long ago.
   */
  record Join(JoinType type, PhysicalNode left, PhysicalNode right, List<Integer> leftKeys, List<Integer> rightKeys, Expr condition, Schema schema, Ttl leftTtl, Ttl rightTtl)
      implements PhysicalNode {
    public Join {
      requireNonNull(type, "type is null");
      leftKeys = List.copyOf(leftKeys);
      rightKeys = List.copyOf(rightKeys);
    }

    @Override
    public ChangelogMode mode() {
      boolean retracts = switch (type) {
        case LEFT, RIGHT, FULL, ANTI -> true;
        case INNER, SEMI -> false;
      };
      return retracts || left.mode() == ChangelogMode.UPDATING || right.mode() == ChangelogMode.UPDATING ? ChangelogMode.UPDATING : ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(left, right);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.join(this);
    }
  }

  /**
   * An event-time temporal join: each row of {@code left} (insert-only, event time {@code leftTime}) joined
   * to the version of the table's row ({@code right}: the table's rows as they came, each a version from its
   * time {@code rightTime}) for its key ({@code rightKeys}, the table's primary key, equal to {@code leftKeys})
   * valid at the row's time, if {@code condition} holds for the pair. INNER or LEFT. A row is emitted once the
   * watermark reaches its time, before the watermark is forwarded: the output is insert-only and keeps
   * {@code leftTime} as time (not the left side's other time attributes, which may be behind the watermark
   * by then), its watermark not held back.
   */
  record TemporalJoin(
      JoinType type,
      PhysicalNode left,
      PhysicalNode right,
      List<Integer> leftKeys,
      List<Integer> rightKeys,
      int leftTime,
      int rightTime,
      Expr condition,
      Schema schema)
      implements PhysicalNode {
    public TemporalJoin {
      requireNonNull(type, "type is null");
      leftKeys = List.copyOf(leftKeys);
      rightKeys = List.copyOf(rightKeys);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of(leftTime);
    }

    @Override
    public int proctime() {
      return left.proctime();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(left, right);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.temporalJoin(this);
    }
  }

  /**
   * A lookup join: each row of {@code left} (insert-only) joined, when it comes, to the row {@code right}
   * (a table's changelog by its primary key {@code rightKeys}, equal to {@code leftKeys}) holds then, if
   * {@code condition} holds for the pair. INNER or LEFT. The table is read to its end before the stream, and
   * its time does not hold the join's back: the output is insert-only and keeps the left side's times.
   */
  record LookupJoin(JoinType type, PhysicalNode left, PhysicalNode right, List<Integer> leftKeys, List<Integer> rightKeys, Expr condition, Schema schema)
      implements PhysicalNode {
    public LookupJoin {
      requireNonNull(type, "type is null");
      leftKeys = List.copyOf(leftKeys);
      rightKeys = List.copyOf(rightKeys);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return left.timeColumns();
    }

    @Override
    public int proctime() {
      return left.proctime();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(left, right);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.lookupJoin(this);
    }
  }

  /**
   * A join of two insert-only inputs whose time columns must lie close: a pair matches when its keys are equal,
   * {@code right[rightTime] - left[leftTime]} is within [{@code lower}, {@code upper}] milliseconds and
   * {@code condition} holds. A row is kept only until the watermark shows no partner can still come, then
   * freed (an outer side's unmatched row emitted padded). A window join is one over two windowed inputs on
   * equal window ends ({@code window} says where the output carries the left side's window), bounds 0 and 0.
   * The output is insert-only, its watermark held back by the bounds; it keeps both sides' time columns as
   * time attributes where they are their sides' ({@link #timeColumns}).
   */
  record IntervalJoin(
      JoinType type,
      PhysicalNode left,
      PhysicalNode right,
      List<Integer> leftKeys,
      List<Integer> rightKeys,
      int leftTime,
      int rightTime,
      long lower,
      long upper,
      Expr condition,
      Schema schema,
      WindowColumns window)
      implements PhysicalNode {
    public IntervalJoin {
      requireNonNull(type, "type is null");
      leftKeys = List.copyOf(leftKeys);
      rightKeys = List.copyOf(rightKeys);
    }

    /** True for a join of two windowed inputs, window by window. */
    public boolean windowJoin() {
      return window != null;
    }

    /**
     * How far the output watermark stays behind the input's: as far as the bounds let a row wait for its
     * partners, and a millisecond more where a time column is a window's end (not a time attribute of its
     * side): a window's rows belong to its last millisecond, so a window over the join's result closes once
     * the watermark reaches end - 1, when a padded row of that window may still come.
     */
    public long watermarkDelay() {
      boolean windowEnd = !left.isTime(leftTime) || !right.isTime(rightTime);
      return IntervalJoinSpec.minimumDelay(lower, upper) + (windowEnd ? 1 : 0);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    /**
     * The left time column, then the right one (in the output, after the left side's columns), each where it
     * is a time attribute of its side and no row the join pads has NULL there: an INNER join keeps both, a
     * LEFT join the left one, a RIGHT join the right one, a FULL join none (a padded row has NULL in the other
     * side's columns, which a window downstream would report as an error, and an unmatched row is none). The watermark's delay keeps both above it ({@link
     * IntervalJoinSpec#minimumDelay}). The sides' other time attributes are not kept: a row may wait in the
     * join until the watermark passes them. A window join keeps its window columns instead.
     */
    @Override
    public List<Integer> timeColumns() {
      if (windowJoin()) {
        return List.of();
      }
      List<Integer> times = new ArrayList<>(2);
      if (!type.preserves(1) && left.isTime(leftTime)) {
        times.add(leftTime);
      }
      if (!type.preserves(0) && right.isTime(rightTime)) {
        times.add(left.schema().size() + rightTime);
      }
      return List.copyOf(times);
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(left, right);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.intervalJoin(this);
    }
  }

  /**
   * Top-N: per partition, the rows whose rank ({@code function} over {@code orderBy}) is at most {@code limit};
   * the input's columns, then the rank when {@code outputRank}. An updating result: a row entering the top
   * N pushes another out. Over an insert-only input only the top rows are kept; over an updating one every
   * live row, for a retraction may bring a lower one up.
   */
  record Rank(PhysicalNode input, List<Integer> partitionKeys, List<SortKey> orderBy, RankFunction function, long limit, boolean outputRank, Schema schema, Ttl ttl)
      implements PhysicalNode {
    public Rank {
      partitionKeys = List.copyOf(partitionKeys);
      orderBy = List.copyOf(orderBy);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.UPDATING;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.rank(this);
    }
  }

  /**
   * Top-N per window: over an insert-only windowed input whose partition keys hold the window's start and
   * end, the top rows of each window and partition, emitted once when the watermark passes the window's end.
   */
  record WindowRank(PhysicalNode input, List<Integer> partitionKeys, List<SortKey> orderBy, RankFunction function, long limit, boolean outputRank, Schema schema)
      implements PhysicalNode {
    public WindowRank {
      partitionKeys = List.copyOf(partitionKeys);
      orderBy = List.copyOf(orderBy);
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public WindowColumns window() {
      return input.window();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.windowRank(this);
    }
  }

  /**
   * One row per key: the first or the last by event time ({@code timeColumn}), or by order of arrival
   * ({@code timeColumn} -1, processing time). Keeping the first by arrival over an insert-only input passes
   * rows through once, insert-only, with the input's event time; every other kind replaces the key's row,
   * an updating result.
   */
  record Deduplicate(PhysicalNode input, List<Integer> keys, int timeColumn, boolean keepLast, Ttl ttl) implements PhysicalNode {
    public Deduplicate {
      keys = List.copyOf(keys);
    }

    /** Keeps the first row by arrival of an insert-only input: never takes a row back. */
    public boolean passesThrough() {
      return !keepLast && timeColumn < 0 && input.mode() == ChangelogMode.INSERT_ONLY;
    }

    @Override
    public Schema schema() {
      return input.schema();
    }

    @Override
    public ChangelogMode mode() {
      return passesThrough() ? ChangelogMode.INSERT_ONLY : ChangelogMode.UPDATING;
    }

    @Override
    public List<Integer> timeColumns() {
      return passesThrough() ? input.timeColumns() : List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.deduplicate(this);
    }
  }

  /**
   * {@code MATCH_RECOGNIZE} over the input's event time: an insert-only result without event time (a match's
   * row is emitted when the watermark decides it).
   */
  record MatchRecognize(PhysicalNode input, io.runnel.operators.match.MatchRecognizeSpec spec) implements PhysicalNode {
    @Override
    public Schema schema() {
      return spec.outputSchema();
    }

    @Override
    public ChangelogMode mode() {
      return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public List<Integer> timeColumns() {
      return List.of();
    }

    @Override
    public List<PhysicalNode> inputs() {
      return List.of(input);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.matchRecognize(this);
    }
  }
}
