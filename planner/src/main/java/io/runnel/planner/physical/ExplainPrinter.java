package io.runnel.planner.physical;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.AggKind;
import io.runnel.operators.join.JoinType;
import io.runnel.operators.rank.RankFunction;
import io.runnel.operators.rank.SortKey;
import io.runnel.planner.PlanOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a physical plan as an indented tree, one node a line, each with its changelog mode and time
 * attributes ({@code rowtime=ts}, or {@code rowtime=[ts, ts0]} where there are several). EXPLAIN and the plan
 * tests read this same text.
 */
public final class ExplainPrinter {
  private ExplainPrinter() {}

  private static String columns(List<Integer> indices, List<String> names) {
    return String.join(", ", indices.stream().map(names::get).toList());
  }

  /** Aggregate calls with their input columns by name: {@code COUNT(DISTINCT bidder) FILTER (WHERE $f3) AS n}. */
  private static String calls(List<AggCall> calls, List<String> names) {
    List<String> out = new ArrayList<>();
    for (AggCall c : calls) {
      String arg = c.argument() < 0 ? "*" : (c.distinct() ? "DISTINCT " : "") + names.get(c.argument());
      String filter = c.filter() < 0 ? "" : " FILTER (WHERE " + names.get(c.filter()) + ")";
      String fraction = c.kind() == AggKind.APPROX_PERCENTILE ? ", " + c.fraction() : "";
      out.add(c.kind().sql().replace("(*)", "") + "(" + arg + fraction + ")" + filter + " AS " + c.name());
    }
    return String.join(", ", out);
  }

  /** A duration in the largest unit that divides it: {@code 5 s}, {@code 500 ms}, {@code 2 min}. */
  static String duration(long millis) {
    if (millis == 0) {
      return "0 ms";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + " h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + " min";
    }
    return millis % 1_000 == 0 ? millis / 1_000 + " s" : millis + " ms";
  }

  /** A window's emission with an early-fire interval: {@code the results that changed, every 5 s of processing time and finally when ...}. */
  private static String early(long earlyFire, String what, String when) {
    return "the " + what + " that changed, every " + duration(earlyFire) + " of processing time and finally " + when;
  }

  /** What a window aggregate keeps per group: with early results, what it last emitted too. */
  private static String accumulators(long earlyFire, String per) {
    return earlyFire > 0 ? "accumulators and the last early result per " + per : "accumulators per " + per;
  }

  /** The plan as text; {@code lateStream} is where its late rows go. */
  public static String print(PhysicalNode root, String lateStream) {
    StringBuilder sb = new StringBuilder();
    print(root, 0, sb, lateStream);
    return sb.toString();
  }

  private static void print(PhysicalNode node, int depth, StringBuilder sb, String lateStream) {
    sb.append("  ".repeat(depth)).append(depth == 0 ? "" : "+- ").append(describe(node, lateStream));
    sb.append("  changelog=").append(node.mode());
    sb.append("  rowtime=").append(TimeAttributes.explained(node));
    sb.append('\n');
    for (PhysicalNode input : node.inputs()) {
      print(input, depth + 1, sb, lateStream);
    }
  }

  /** A node's line: {@code name(args, behaviour)}; DESCRIBE QUERY names a node without its behaviour. */
  private record Line(String name, String args, String behaviour) {
    String full() {
      String inside = args.isEmpty() ? behaviour : behaviour.isEmpty() ? args : args + ", " + behaviour;
      return name + "(" + inside + ")";
    }

    String brief() {
      return name + "(" + args + ")";
    }
  }

  static String describe(PhysicalNode node, String lateStream) {
    return line(node, lateStream).full();
  }

  /**
   * The operators of a plan as DESCRIBE QUERY lists them: in EXPLAIN's order and depth, each with the DAG
   * vertex it becomes ({@link io.runnel.planner.dag.DagBuilder} numbers vertices inputs first) and its EXPLAIN
   * line without what it says of state, emission and late rows.
   */
  public static List<PlanOperator> operators(PhysicalNode root) {
    List<PlanOperator> out = new ArrayList<>();
    operators(root, 0, new int[] {vertices(root) - 1}, out);
    return out;
  }

  /**
   * Adds {@code node} and its inputs, in EXPLAIN's order. {@code next[0]} is {@code node}'s vertex: vertices
   * are numbered inputs first, so counting down from it numbers the last input's vertices, then the others'.
   */
  private static void operators(PhysicalNode node, int depth, int[] next, List<PlanOperator> out) {
    out.add(new PlanOperator(next[0]--, depth, line(node, "").brief()));
    List<PlanOperator> inputs = new ArrayList<>();
    for (int i = node.inputs().size() - 1; i >= 0; i--) {
      List<PlanOperator> lines = new ArrayList<>();
      operators(node.inputs().get(i), depth + 1, next, lines);
      inputs.addAll(0, lines);
    }
    out.addAll(inputs);
  }

  private static int vertices(PhysicalNode node) {
    int n = 1;
    for (PhysicalNode input : node.inputs()) {
      n += vertices(input);
    }
    return n;
  }

  private static Line line(PhysicalNode node, String lateStream) {
    return node.accept(new Lines(lateStream));
  }

  /** Each kind of node's line; {@code lateStream} is where late rows go. */
  private record Lines(String lateStream) implements PhysicalNode.Visitor<Line> {
    @Override
    public Line source(PhysicalNode.Source s) {
      String kind = s.relation().isTable() ? "TableSource" : s.relation().isMaterializedView() ? "ViewSource" : "StreamSource";
      String wm = s.relation().watermarkText() == null ? "" : "watermark=[" + s.relation().watermarkText() + "]";
      return new Line(kind, s.relation().name(), wm);
    }

    @Override
    public Line values(PhysicalNode.Values v) {
      return new Line("Values", "rows=" + v.rows().size() + ", columns=[" + String.join(", ", v.schema().names()) + "]", "");
    }

    @Override
    public Line normalize(PhysicalNode.Normalize n) {
      var names = n.schema().names();
      return new Line("ChangelogNormalize", "key=[" + String.join(", ", n.keys().stream().map(names::get).toList()) + "]", "state=latest row per key");
    }

    @Override
    public Line windowTvf(PhysicalNode.WindowTvf w) {
      return new Line("WindowTableFunction", w.windows() + ", time=[" + w.input().schema().name(w.timeColumn()) + (w.processingTime() ? ", processing time" : "") + "]", "");
    }

    @Override
    public Line groupAggregate(PhysicalNode.GroupAggregate g) {
      List<String> names = g.input().schema().names();
      return new Line(
          "GroupAggregate",
          "group=[" + columns(g.keys(), names) + "], select=[" + calls(g.calls(), names) + "]",
          "state=[accumulators per group, freed when a group's last row is retracted" + ttl(g.ttl(), "a group") + "], emit=["
              + (g.miniBatch() ? "a change per group per input batch (mini-batch)" : "a change per input row") + "]");
    }

    @Override
    public Line windowAggregate(PhysicalNode.WindowAggregate w) {
      if (w.window().processingTime()) {
        List<String> names = w.input().schema().names();
        String end = names.get(w.windowEnd());
        String emit =
            w.emitChanges()
                ? "a change per input row until the window closes"
                : w.earlyFire() > 0
                    ? early(w.earlyFire(), "results", "when the clock passes " + end)
                    : "one final row per group when the clock passes " + end;
        return new Line(
            "WindowAggregate",
            "group=[" + columns(w.keys(), names) + "], select=[" + calls(w.calls(), names) + "], time=processing",
            "state=[" + accumulators(w.earlyFire(), "group and window") + ", freed when the clock passes " + end + "], emit=[" + emit + "]");
      }
      List<String> names = w.input().schema().names();
      String end = names.get(w.windowEnd());
      String lateness = w.allowedLateness() > 0 ? " + " + w.allowedLateness() + "ms allowed lateness" : "";
      String emit =
          w.emitChanges()
              ? "a change per input row until the window closes"
              : (w.earlyFire() > 0
                      ? early(w.earlyFire(), "results", "when the watermark passes " + end)
                      : "one final row per group when the watermark passes " + end)
                  + (w.allowedLateness() > 0 ? ", then corrections from late rows" : "");
      return new Line(
          "WindowAggregate",
          "group=[" + columns(w.keys(), names) + "], select=[" + calls(w.calls(), names) + "]",
          "state=[" + accumulators(w.earlyFire(), "group and window") + ", freed when the watermark passes " + end + lateness + "], emit=[" + emit + "], late=[dropped, counted, written to "
              + lateStream + "]");
    }

    @Override
    public Line slicedWindowAggregate(PhysicalNode.SlicedWindowAggregate w) {
      List<String> names = w.windowedSchema().names();
      String end = names.get(w.keys().get(w.window().end()));
      return new Line(
          "SlicedWindowAggregate",
          w.windows() + ", time=[" + w.input().schema().name(w.timeColumn()) + "], group=[" + columns(w.keys(), names) + "], select=[" + calls(w.calls(), names) + "]",
          "state=[accumulators per group and slice of " + duration(w.windows().slide()) + ", merged into a window's result when the watermark passes " + end
              + ", a slice freed with its last window], emit=[one final row per group when the watermark passes " + end + "], late=[dropped, counted, written to " + lateStream + "]");
    }

    @Override
    public Line sessionAggregate(PhysicalNode.SessionAggregate s) {
      List<String> names = s.input().schema().names();
      return new Line(
          "SessionAggregate",
          "group=[" + columns(s.keys(), names) + "], gap=" + s.gap() + "ms, time=[" + names.get(s.timeColumn()) + "], select=[" + calls(s.calls(), names) + "]",
          "state=[open sessions per key" + (s.earlyFire() > 0 ? " with their last early result" : "") + ", freed when the watermark passes a session's end], "
              + "emit=[" + (s.earlyFire() > 0 ? early(s.earlyFire(), "sessions", "when the watermark passes a session's end") : "one final row per session")
              + "], late=[dropped, counted, written to " + lateStream + "]");
    }

    @Override
    public Line matchRecognize(PhysicalNode.MatchRecognize m) {
      io.runnel.operators.match.MatchRecognizeSpec spec = m.spec();
      List<String> names = m.input().schema().names();
      List<String> vars = spec.variables();
      StringBuilder args = new StringBuilder();
      args.append("partition=[").append(columns(java.util.Arrays.stream(spec.partitionKeys()).boxed().toList(), names)).append("]");
      args.append(", order=[").append(names.get(spec.rowtime()));
      spec.tieBreaks().forEach(k -> args.append(", ").append(names.get(k.column())).append(k.descending() ? " DESC" : ""));
      args.append("], pattern=[").append(spec.match().automaton().pattern().toSql(vars::get)).append("]");
      if (spec.match().within() >= 0) {
        args.append(", within=[").append(spec.match().within()).append("ms]");
      }
      args.append(", rows=[").append(spec.rowsPerMatch().sql()).append("]");
      args.append(", skip=[").append(MatchText.skip(spec.match().skip(), vars)).append("]");
      List<String> defines = new ArrayList<>();
      for (int v = 0; v < vars.size(); v++) {
        if (spec.defines().get(v) != null) {
          defines.add(vars.get(v) + " AS " + MatchText.expr(spec.defines().get(v), names, vars, false));
        }
      }
      if (!defines.isEmpty()) {
        args.append(", define=[").append(String.join(", ", defines)).append("]");
      }
      List<String> measures = new ArrayList<>();
      int first = spec.rowsPerMatch().allRows() ? names.size() : spec.partitionKeys().length;
      for (int i = 0; i < spec.measures().size(); i++) {
        measures.add(MatchText.expr(spec.measures().get(i), names, vars, spec.rowsPerMatch().allRows()) + " AS " + m.schema().name(first + i));
      }
      if (!measures.isEmpty()) {
        args.append(", measures=[").append(String.join(", ", measures)).append("]");
      }
      String timeouts =
          spec.rowsPerMatch() == io.runnel.operators.match.MatchRecognizeSpec.RowsPerMatch.ONE_ROW_WITH_TIMEOUTS
              ? ", and each partial match WITHIN cuts off once the watermark (or a later row) passes its first row's time plus WITHIN"
              : "";
      String program = spec.match().automaton().describe(vars::get).lines().filter(l -> l.matches("\\d+: .*")).collect(java.util.stream.Collectors.joining("; "));
      return new Line(
          "MatchRecognize",
          args.toString(),
          "program=[" + program + "], state=[per partition: its rows until the watermark passes them, the rows its open partial matches may read, its partial matches; a partition with none open keeps its counts only], emit=[each match once the rows after it decide it" + timeouts + "], late=[dropped, counted, written to " + lateStream + "]");
    }

    @Override
    public Line overAggregate(PhysicalNode.OverAggregate o) {
      List<String> names = o.input().schema().names();
      String start = o.preceding() < 0 ? "UNBOUNDED" : o.rows() ? String.valueOf(o.preceding()) : o.preceding() + "ms";
      String frame = (o.rows() ? "ROWS" : "RANGE") + " BETWEEN " + start + " PRECEDING AND CURRENT ROW";
      String state =
          o.preceding() < 0
              ? "accumulators per partition, never freed"
              : "accumulators and the frame's rows per partition, rows freed as they leave the frame";
      return new Line(
          "OverAggregate",
          "partition=[" + columns(o.partitionKeys(), names) + "], order=[" + names.get(o.timeColumn()) + "], " + frame + ", select=[" + calls(o.calls(), names) + "]",
          "state=[" + state + ", and rows until the watermark passes them], emit=[each row once the watermark passes its time], late=[dropped, counted, written to " + lateStream + "]");
    }

    @Override
    public Line updatingOverAggregate(PhysicalNode.UpdatingOverAggregate o) {
      List<String> names = o.input().schema().names();
      List<String> keys = new ArrayList<>();
      for (SortKey k : o.orderBy()) {
        keys.add(names.get(k.column()) + (k.descending() ? " DESC" : ""));
      }
      String start = o.preceding() < 0 ? "UNBOUNDED PRECEDING" : !o.rows() && o.preceding() == 0 ? "CURRENT ROW" : o.preceding() + (o.rows() ? "" : "ms") + " PRECEDING";
      String frame = (o.rows() ? "ROWS" : "RANGE") + " BETWEEN " + start + " AND CURRENT ROW";
      String reached =
          o.preceding() < 0
              ? (o.rows() ? "every row after it" : "every row after it and its peers")
              : o.rows()
                  ? (o.preceding() == 1 ? "the row after it" : "the " + o.preceding() + " rows after it")
                  : o.preceding() == 0 ? "its peers" : "its peers and the rows after it within " + o.preceding() + "ms";
      String emit = o.rows() && o.preceding() == 0 ? "each input row's own result" : "each input row's own result, then -U/+U for " + reached + " whose result it changes";
      return new Line(
          "UpdatingOverAggregate",
          "partition=[" + columns(o.partitionKeys(), names) + "], order=[" + String.join(", ", keys) + ", then every column], " + frame + ", select=[" + calls(o.calls(), names) + "]",
          "state=[every live row per partition, freed when it is retracted (unbounded: grows with the live rows)], emit=[" + emit + ", in order]");
    }

    @Override
    public Line union(PhysicalNode.Union u) {
      return new Line("Union", "all=true, columns=[" + String.join(", ", u.schema().names()) + "]", "");
    }

    @Override
    public Line calc(PhysicalNode.Calc c) {
      ExprFormatter f = new ExprFormatter(c.input().schema().names());
      String where = c.condition() == null ? "" : "where=[" + f.format(c.condition()) + "], ";
      return new Line("Calc", where + "select=[" + f.formatAll(c.projections(), c.schema().names()) + "]", "");
    }

    @Override
    public Line join(PhysicalNode.Join j) {
      List<String> names = joinedNames(j.left(), j.right());
      String where = j.condition() == null ? "" : ", where=[" + new ExprFormatter(names).format(j.condition()) + "]";
      return new Line(
          "Join",
          "type=" + typeName(j.type()) + ", on=[" + keyPairs(j.leftKeys(), j.rightKeys(), names, j.left().schema().size()) + "]" + where,
          "state=[" + joinState(j) + "], emit=[a change per input row"
              + (j.mode() == ChangelogMode.UPDATING && j.type() != JoinType.INNER && j.type() != JoinType.SEMI ? ", a padded or unmatched row retracted when its first match arrives" : "") + "]");
    }

    @Override
    public Line temporalJoin(PhysicalNode.TemporalJoin j) {
      List<String> names = joinedNames(j.left(), j.right());
      int width = j.left().schema().size();
      String where = j.condition() == null ? "" : ", where=[" + new ExprFormatter(names).format(j.condition()) + "]";
      String asOf = names.get(j.leftTime());
      String padded = j.type() == JoinType.LEFT ? ", padded where no version is valid" : "";
      return new Line(
          "TemporalJoin",
          "type=" + typeName(j.type()) + ", on=[" + keyPairs(j.leftKeys(), j.rightKeys(), names, width) + "], asOf=[" + asOf + "], version=[" + names.get(width + j.rightTime()) + "]" + where,
          "state=[left rows until the watermark passes their " + asOf + "; per key, the versions from the last one the watermark passed (bounded by the table's keys)], emit=[each left row once the watermark passes its "
              + asOf + padded + "], watermark=[held back 1 ms]");
    }

    @Override
    public Line lookupJoin(PhysicalNode.LookupJoin j) {
      List<String> names = joinedNames(j.left(), j.right());
      String where = j.condition() == null ? "" : ", where=[" + new ExprFormatter(names).format(j.condition()) + "]";
      String padded = j.type() == JoinType.LEFT ? ", padded where the table has none" : "";
      return new Line(
          "LookupJoin",
          "type=" + typeName(j.type()) + ", on=[" + keyPairs(j.leftKeys(), j.rightKeys(), names, j.left().schema().size()) + "]" + where,
          "state=[the table's current row per key], emit=[each left row as it comes, with the table's row for its key then" + padded
              + "], reads=[the table to its end first; its time holds nothing back]");
    }

    @Override
    public Line intervalJoin(PhysicalNode.IntervalJoin j) {
      List<String> names = joinedNames(j.left(), j.right());
      int width = j.left().schema().size();
      String where = j.condition() == null ? "" : ", where=[" + new ExprFormatter(names).format(j.condition()) + "]";
      String on = "type=" + typeName(j.type()) + ", on=[" + keyPairs(j.leftKeys(), j.rightKeys(), names, width) + "]";
      String padded = j.type() == JoinType.INNER ? "" : ", an unmatched row emitted padded when it is freed";
      if (j.windowJoin()) {
        String end = names.get(j.leftTime());
        return new Line(
            "WindowJoin",
            on + ", window=[" + names.get(j.window().start()) + ", " + end + "]" + where,
            "state=[the rows of each window on both sides, freed when the watermark passes its " + end + "], emit=[each match as its second row arrives" + padded
                + "], watermark=[held back " + duration(j.watermarkDelay()) + "]");
      }
      String leftTime = names.get(j.leftTime());
      String rightTime = names.get(width + j.rightTime());
      String between = rightTime + " BETWEEN " + leftTime + offset(j.lower()) + " AND " + leftTime + offset(j.upper());
      return new Line(
          "IntervalJoin",
          on + ", between=[" + between + "]" + where,
          "state=[left rows until the watermark passes " + leftTime + offset(j.upper()) + ", right rows until it passes " + rightTime + offset(-j.lower())
              + " (bounded by the interval)], emit=[each match as its second row arrives" + padded + "], watermark=[held back " + duration(j.watermarkDelay()) + "]");
    }

    @Override
    public Line rank(PhysicalNode.Rank r) {
      List<String> names = r.input().schema().names();
      String state =
          r.input().mode() == ChangelogMode.INSERT_ONLY
              ? top(r.limit()) + " per partition (bounded by partitions x " + r.limit() + ")"
              : "every live row per partition, freed when it is retracted";
      state += ttl(r.ttl(), "a partition");
      return new Line(
          "Rank", rankArgs(r.function(), r.partitionKeys(), r.orderBy(), r.limit(), r.outputRank(), r.schema().names()), "state=[" + state + "], emit=[a change per input row that changes " + top(r.limit()) + " of its partition]");
    }

    @Override
    public Line windowRank(PhysicalNode.WindowRank r) {
      List<String> names = r.input().schema().names();
      String end = names.get(r.input().window().end());
      return new Line(
          "WindowRank",
          rankArgs(r.function(), r.partitionKeys(), r.orderBy(), r.limit(), r.outputRank(), r.schema().names()),
          "state=[" + top(r.limit()) + " per partition and window, freed when the watermark passes " + end + "], emit=[the top rows of each window once, when the watermark passes " + end + "]");
    }

    @Override
    public Line deduplicate(PhysicalNode.Deduplicate d) {
      List<String> names = d.input().schema().names();
      String order = d.timeColumn() < 0 ? "arrival" : names.get(d.timeColumn());
      String kept = d.input().mode() == ChangelogMode.INSERT_ONLY ? (d.passesThrough() ? "the keys seen" : "one row per key") : "every live row per key, freed when it is retracted";
      return new Line(
          "Deduplicate",
          "keys=[" + columns(d.keys(), names) + "], keep=" + (d.keepLast() ? "last" : "first") + ", order=" + order,
          "state=[" + kept + (d.input().mode() == ChangelogMode.INSERT_ONLY && !d.ttl().frees() ? ", never freed (unbounded in the number of keys)" : "") + ttl(d.ttl(), "a key")
              + "], emit=["
              + (d.passesThrough() ? "each key's first row, once" : "a change whenever a key's kept row changes") + "]");
    }
  }

  private static String top(long n) {
    return n == 1 ? "the top row" : "the top " + n + " rows";
  }

  private static String rankArgs(RankFunction function, List<Integer> partition, List<SortKey> order, long limit, boolean outputRank, List<String> names) {
    List<String> keys = new ArrayList<>();
    for (SortKey k : order) {
      keys.add(names.get(k.column()) + (k.descending() ? " DESC" : ""));
    }
    return "function=" + function.name().toLowerCase(java.util.Locale.ROOT) + ", partition=[" + columns(partition, names) + "], order=[" + String.join(", ", keys) + "], limit=" + limit
        + (outputRank ? ", rank=[" + names.get(names.size() - 1) + "]" : "");
  }

  private static String typeName(JoinType type) {
    return type.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The column names a join condition reads: the left side's, then the right side's. */
  private static List<String> joinedNames(PhysicalNode left, PhysicalNode right) {
    List<String> names = new ArrayList<>(left.schema().names());
    for (String name : right.schema().names()) {
      names.add(names.contains(name) ? name + "0" : name);
    }
    return names;
  }

  private static String keyPairs(List<Integer> leftKeys, List<Integer> rightKeys, List<String> names, int width) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < leftKeys.size(); i++) {
      pairs.add(names.get(leftKeys.get(i)) + " = " + names.get(width + rightKeys.get(i)));
    }
    return pairs.isEmpty() ? "TRUE" : String.join(", ", pairs);
  }

  /** What a regular join keeps of each side: every row for ever, or the live rows of an updating input; then its time-to-live. */
  private static String joinState(PhysicalNode.Join j) {
    boolean left = j.leftTtl().frees();
    boolean right = j.rightTtl().frees();
    String state = "left: " + sideState(j.left(), left) + "; right: " + sideState(j.right(), right);
    long millis = j.leftTtl().millis();
    if (millis == 0) {
      return state;
    }
    if (!left && !right) {
      return state + "; state.ttl " + duration(millis) + " frees nothing: neither side has an event time";
    }
    String sides = left && right ? "both sides" : left ? "the left side" : "the right side";
    return state + "; a key's rows on " + sides + " freed " + duration(millis) + " of event time after its latest row (state.ttl)";
  }

  private static String sideState(PhysicalNode side, boolean freedByTtl) {
    if (side.mode() == ChangelogMode.INSERT_ONLY) {
      return freedByTtl ? "every row" : "every row, never freed (unbounded)";
    }
    return "each live row, freed when it is retracted";
  }

  /** What a state time-to-live adds to a node's state: when {@code what} is freed, or that nothing is. */
  private static String ttl(PhysicalNode.Ttl ttl, String what) {
    if (ttl.millis() == 0) {
      return "";
    }
    if (!ttl.frees()) {
      return "; state.ttl " + duration(ttl.millis()) + " frees nothing: the input has no event time";
    }
    return "; " + what + " freed " + duration(ttl.millis()) + " of event time after its latest row (state.ttl)";
  }

  /** {@code  + 5 s}, {@code  - 10 s}, or nothing for 0. */
  private static String offset(long millis) {
    return millis == 0 ? "" : millis > 0 ? " + " + duration(millis) : " - " + duration(-millis);
  }
}
