package io.runnel.operators.match;

import io.runnel.operators.api.BaseOperator;
import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.api.RowTimes;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.expr.EvalContext;
import io.runnel.operators.rank.GroupKey;
import io.runnel.operators.rank.SortKey;
import io.runnel.operators.state.StateSize;
import io.runnel.operators.state.ValueCodec;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectRBTreeMap;
import it.unimi.dsi.fastutil.objects.ObjectArrayList;
import it.unimi.dsi.fastutil.objects.ObjectLinkedOpenHashSet;
import it.unimi.dsi.fastutil.objects.ObjectRBTreeSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code MATCH_RECOGNIZE} over event time. Rows wait until the watermark passes their time, then go, per
 * partition, in order of time (then of the tie-break columns, then of arrival) to the partition's {@link
 * Matcher}; each match it decides is answered with its measures as one row, or as a row per matched row
 * (ALL ROWS PER MATCH). A row at or behind the watermark is late: its place in the order has passed; it goes
 * to the late sink. At the end of the input (the last watermark) every partition's matcher decides what the
 * end completes. Append-only.
 *
 * <p>State: per partition, the rows waiting for the watermark, the rows the matcher may still read (from its
 * {@link Matcher#lowestNeededRow}), and the matcher (one holding little kept as its state's bytes between the
 * times rows come); a partition with nothing open keeps only its row and match counts. Partitions are kept in order of first arrival, so that what the operator emits never
 * depends on hash order. A watermark visits the partitions it gives rows to, those whose attempt {@code
 * WITHIN} cuts off by then (kept by that deadline); only the last, the end, passes over every partition, once,
 * for those with a matcher open. Under {@code WITHIN}, what a watermark decides comes out in the order of the
 * instants it passes (see {@link #processWatermark}), so a result never depends on how the watermark moved.
 */
final class MatchRecognize extends BaseOperator {
  private final MatchRecognizeSpec spec;
  private final MatchEvaluator[] defines;
  private final MatchEvaluator[] measures;
  private final Comparator<Object[]> tieBreak;
  // the spec's, asked for every row: computed once
  private final int lookahead;
  private final int lookbehind;
  private final boolean[] historyFree;
  private final List<List<Conditions.HistoryRead>> historyReads;
  private final boolean[] readsMatchNumber;
  private final Map<GroupKey, Partition> partitions = new LinkedHashMap<>();
  /** The partitions whose next attempt WITHIN cuts off at a watermark, by that watermark, then by first arrival. */
  private final ObjectRBTreeSet<Partition> deadlines =
      new ObjectRBTreeSet<>(Comparator.<Partition>comparingLong(p -> p.deadline).thenComparingLong(p -> p.arrival));
  /** For each time with waiting rows, the partitions that have them. */
  private final Long2ObjectRBTreeMap<ObjectLinkedOpenHashSet<Partition>> due = new Long2ObjectRBTreeMap<>();
  // due's entry rows were last added to: rows come mostly in order of time, many of one time in a row
  private long lastDueTime;
  private ObjectLinkedOpenHashSet<Partition> lastDue;
  private long watermark = Long.MIN_VALUE;
  private boolean ended;
  private long rowsHeld;
  /** The sum of the open matchers' {@link Matcher#stateBytes}, as each last said after its partition was drained. */
  private long matcherBytes;
  private final StateSize.Average rowSizes = new StateSize.Average();
  private EvalContext eval;
  /**
   * A matcher with at most this many entries of state (threads, records, results) sleeps as bytes between
   * the times rows come: most open partitions of a pattern hold one thread waiting for their next row, and
   * a live matcher takes several times the room. A busier one stays awake: waking it would cost more.
   */
  private static final long SLEEPS_UP_TO = 2;
  private Matcher.Shared shared; // by every partition's matcher: their conditions answer alike
  private final ByteArrayOutputStream dormantBytes = new ByteArrayOutputStream(256);
  private final DataOutputStream dormantOut = new DataOutputStream(dormantBytes);

  private Matcher.Shared shared(Conditions conditions) {
    if (shared == null) {
      shared = spec.match().share(conditions);
    }
    return shared;
  }

  /** One partition: its waiting rows, the rows from {@code base} on that its matcher may read, its matcher. */
  private final class Partition implements Conditions, MatchEvaluator.Rows {
    final Object[] key;
    final long arrival; // the order of first arrival among the partitions
    WaitingRows waiting; // null while no row waits: most partitions hold none most of the time
    final ObjectArrayList<Object[]> rows = new ObjectArrayList<>();
    long base; // the index of rows.get(0)
    long offered; // rows given to the matcher
    Matcher matcher; // while rows are given to it; else null
    byte[] dormant; // the open matcher as its state's bytes, between the times rows are given to it
    long lastBytes; // what the matcher's state took when last drained
    long nextMatchNumber = 1;
    long deadline = Matcher.NO_DEADLINE; // while scheduled in deadlines

    Partition(Object[] key) {
      this.key = key;
      this.arrival = partitions.size();
    }

    /** The partition's matcher, woken from its bytes, or new (then the partition is open). */
    Matcher matcher() {
      if (matcher == null && dormant != null) {
        matcher = wake(this, dormant);
        dormant = null;
      } else if (matcher == null) {
        matcher = spec.match().resumeMatcher(this, offered, nextMatchNumber, shared(this));
      }
      return matcher;
    }

    /** Whether the partition has a matcher, awake or asleep: what the end of the input must still decide. */
    boolean open() {
      return matcher != null || dormant != null;
    }

    /** Keeps the open matcher as its state's bytes until rows come ({@link #SLEEPS_UP_TO}). */
    void sleep() {
      dormant = dehydrate(matcher);
      matcher = null;
      matcherBytes += dormant.length - lastBytes;
      lastBytes = dormant.length;
    }

    @Override
    public Object[] row(long index) {
      long i = index - base;
      return i < 0 || i >= rows.size() || index >= offered ? null : rows.get((int) i);
    }

    @Override
    public boolean test(int variable, MatchContext ctx) {
      MatchEvaluator define = defines[variable];
      if (define == null) {
        return true;
      }
      Object result = define.evaluate(ctx, ctx, ctx.row(), this, eval);
      return result != null && (result instanceof Boolean b ? b : ((Number) result).longValue() != 0);
    }

    @Override
    public int lookahead() {
      return lookahead;
    }

    @Override
    public int lookbehind() {
      return lookbehind;
    }

    @Override
    public boolean historyFree(int variable) {
      return historyFree[variable];
    }

    @Override
    public String name(int variable) {
      return spec.variables().get(variable);
    }

    @Override
    public List<Conditions.HistoryRead> historyReads(int variable) {
      return historyReads.get(variable);
    }

    @Override
    public boolean readsMatchNumber(int variable) {
      return readsMatchNumber[variable];
    }

    /**
     * Frees the matcher when nothing is open, the rows no one reads any more, and updates the matchers' bytes.
     * True when it freed the matcher.
     */
    boolean trim() {
      boolean closed = matcher != null && matcher.idle();
      if (closed) {
        // first, so that the rows the dropped matcher would have kept go now: a quiet partition may get no other trim
        nextMatchNumber = matcher.nextMatchNumber();
        matcher = null;
      }
      long keep = matcher == null ? offered : Math.min(matcher.lowestNeededRow(), offered);
      keep = Math.max(base, keep - lookbehind);
      int drop = (int) Math.min(rows.size(), keep - base);
      if (drop > 0) {
        rows.removeElements(0, drop);
        base += drop;
        rowsHeld -= drop;
      }
      long bytes = matcher == null ? 0 : matcher.stateBytes();
      matcherBytes += bytes - lastBytes;
      lastBytes = bytes;
      return closed;
    }
  }

  MatchRecognize(MatchRecognizeSpec spec) {
    super(spec.outputSchema());
    this.spec = spec;
    this.defines = new MatchEvaluator[spec.defines().size()];
    for (int v = 0; v < defines.length; v++) {
      MatchExpr d = spec.defines().get(v);
      defines[v] = d == null ? null : new MatchEvaluator(d, spec.inputSchema(), spec.variables());
    }
    this.measures = spec.measures().stream().map(m -> new MatchEvaluator(m, spec.inputSchema(), spec.variables())).toArray(MatchEvaluator[]::new);
    this.tieBreak = tieBreak(spec.tieBreaks());
    this.lookahead = spec.lookahead();
    this.lookbehind = spec.lookbehind();
    this.historyFree = new boolean[spec.variables().size()];
    for (int v = 0; v < historyFree.length; v++) {
      historyFree[v] = spec.historyFree(v);
    }
    this.historyReads = IntStream.range(0, historyFree.length).mapToObj(spec::historyReads).toList();
    this.readsMatchNumber = new boolean[historyFree.length];
    for (int v = 0; v < historyFree.length; v++) {
      readsMatchNumber[v] = spec.readsMatchNumber(v);
    }
  }

  @Override
  public void open(OperatorContext context) {
    super.open(context);
    this.eval = new EvalContext(context.name(), context.errors(), context.clock());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Object[]> tieBreak(List<SortKey> keys) {
    Comparator<Object[]> order = (a, b) -> 0;
    for (SortKey k : keys) {
      Comparator<Object[]> one = (a, b) -> {
        Object x = a[k.column()];
        Object y = b[k.column()];
        if (x == null || y == null) {
          return x == y ? 0 : (x == null) == k.nullsFirst() ? -1 : 1;
        }
        int c = ((Comparable) x).compareTo(y);
        return k.descending() ? -c : c;
      };
      order = order.thenComparing(one);
    }
    return order;
  }

  @Override
  public void processBatch(int input, Batch batch) {
    for (int r = 0; r < batch.size(); r++) {
      long ts = RowTimes.timeOf(context, batch, r, spec.rowtime(), watermark, ended);
      if (ts == RowTimes.NONE) {
        continue;
      }
      Object[] row = batch.row(r);
      Partition p = partitions.computeIfAbsent(key(row), k -> new Partition(k.values()));
      if (p.waiting == null) {
        p.waiting = new WaitingRows();
      }
      p.waiting.add(ts, hold(row));
      dueAt(ts).add(p);
    }
  }

  /** The partitions with rows of time {@code ts}, in the order they got them: made when the first comes. */
  private ObjectLinkedOpenHashSet<Partition> dueAt(long ts) {
    if (lastDue == null || lastDueTime != ts) {
      lastDue = due.get(ts);
      if (lastDue == null) {
        lastDue = new ObjectLinkedOpenHashSet<>();
        due.put(ts, lastDue);
      }
      lastDueTime = ts;
    }
    return lastDue;
  }

  private GroupKey key(Object[] row) {
    return GroupKey.of(row, spec.partitionKeys());
  }

  private Object[] hold(Object[] row) {
    rowsHeld++;
    if (rowSizes.wants()) {
      rowSizes.add(StateSize.row(row) + StateSize.REFERENCE);
    }
    return row;
  }

  /**
   * Goes through the instants up to the watermark in order: at each, first the partitions whose attempt
   * {@code WITHIN} cuts off then ({@link Matcher#deadline}), then the rows of that time, each in order of the
   * partitions' first arrival. So what comes out, and in what order, is the same whether the watermark moved
   * there at once or in steps. The end of the input (the last watermark) cuts off nothing by time: what is
   * open then had time left when the input ended; each matcher decides what the end completes.
   */
  @Override
  public void processWatermark(Watermark next) {
    if (next.timestamp() <= watermark) {
      return;
    }
    long before = watermark;
    watermark = next.timestamp();
    boolean end = watermark == Long.MAX_VALUE;
    long expiries = end ? before : watermark;
    BatchBuilder out = new BatchBuilder(outputSchema, 16);
    while (true) {
      boolean rows = !due.isEmpty() && due.firstLongKey() <= watermark;
      boolean expiry = !deadlines.isEmpty() && deadlines.first().deadline <= expiries;
      if (expiry && (!rows || deadlines.first().deadline <= due.firstLongKey())) {
        expire(deadlines.first().deadline, out);
      } else if (rows) {
        release(due.firstLongKey(), out);
      } else {
        break;
      }
    }
    if (end) {
      // once, so a pass over every partition, in order of first arrival, costs less than keeping the open ones in order
      for (Partition p : partitions.values()) {
        if (p.open()) {
          p.matcher().advanceTime(before); // what the input showed of time before it ended
          p.matcher.end();
          unschedule(p);
          drain(p, out);
        }
      }
    }
    ended |= end;
    emit(out);
    context.output().emitWatermark(next);
  }

  /** Gives each partition with rows of time {@code ts} those rows, in order. */
  private void release(long ts, BatchBuilder out) {
    ObjectLinkedOpenHashSet<Partition> partitionsDue = due.remove(ts);
    if (partitionsDue == lastDue) {
      lastDue = null;
    }
    for (Partition p : partitionsDue) {
      Object[][] rows = p.waiting.take(ts);
      if (p.waiting.isEmpty()) {
        p.waiting = null;
      }
      if (rows.length > 1) {
        Arrays.sort(rows, tieBreak); // stable: rows that tie keep their order of arrival
      }
      Matcher m = p.matcher();
      unschedule(p);
      for (Object[] row : rows) {
        p.rows.add(row);
        p.offered++;
        m.offer(ts);
      }
      settle(p, ts, out);
    }
  }

  /** Tells each partition whose deadline is {@code time} that no row earlier than it is to come. */
  private void expire(long time, BatchBuilder out) {
    while (!deadlines.isEmpty() && deadlines.first().deadline == time) {
      Partition p = deadlines.first();
      unschedule(p);
      p.matcher().advanceTime(time);
      settle(p, time, out);
    }
  }

  /** Answers what partition {@code p} decided at {@code time}; frees its matcher or schedules its next deadline. */
  private void settle(Partition p, long time, BatchBuilder out) {
    if (drain(p, out)) {
      return;
    }
    long deadline = p.matcher.deadline();
    if (deadline != Matcher.NO_DEADLINE && deadline > time) { // never twice at one time: each instant moves on
      p.deadline = deadline;
      deadlines.add(p);
    }
    if (p.matcher.stateEntries() <= SLEEPS_UP_TO) {
      p.sleep();
    }
  }

  /** The bytes of {@code m}'s state (as a checkpoint has them). */
  private byte[] dehydrate(Matcher m) {
    dormantBytes.reset();
    try {
      m.snapshotState(dormantOut);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dormantBytes.toByteArray();
  }

  /** The matcher of partition {@code p} back from its bytes. */
  private Matcher wake(Partition p, byte[] bytes) {
    Matcher m = spec.match().resumeMatcher(p, 0, 1, shared(p));
    try {
      m.restoreState(new DataInputStream(new ByteArrayInputStream(bytes)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  private void unschedule(Partition p) {
    if (p.deadline != Matcher.NO_DEADLINE) {
      deadlines.remove(p);
      p.deadline = Matcher.NO_DEADLINE;
    }
  }

  /** Answers what the partition's matcher has decided, then frees what it no longer reads; true when that is its matcher. */
  private boolean drain(Partition p, BatchBuilder out) {
    // a skip the standard forbids (to the match's first row, to a variable with no row) throws a MatchException:
    // the query fails with its message
    for (MatchResult result = p.matcher.poll(); result != null; result = p.matcher.poll()) {
      answer(p, result, out);
    }
    return p.trim();
  }

  private void answer(Partition p, MatchResult result, BatchBuilder out) {
    if (result instanceof MatchResult.Match match) {
      if (!spec.rowsPerMatch().allRows()) {
        oneRow(p, DecidedMatch.whole(match), out);
      } else if (match.empty()) {
        if (spec.rowsPerMatch().showsEmptyMatches()) {
          DecidedMatch whole = DecidedMatch.whole(match);
          Object[] row = new Object[outputSchema.size()];
          Object[] start = p.row(match.startRow());
          int width = spec.inputSchema().size();
          if (start != null) {
            System.arraycopy(start, 0, row, 0, width);
          }
          for (int i = 0; i < measures.length; i++) {
            row[width + i] = measures[i].evaluate(whole, whole, match.startRow(), p, eval);
          }
          out.add(row);
        }
      } else {
        DecidedMatch whole = DecidedMatch.whole(match);
        int width = spec.inputSchema().size();
        for (int k = 0; k < match.rows().size(); k++) {
          MatchResult.MatchedRow matched = match.rows().get(k);
          if (matched.excluded()) {
            continue;
          }
          Object[] row = Arrays.copyOf(p.row(matched.row()), outputSchema.size());
          DecidedMatch upTo = DecidedMatch.upTo(match, k);
          for (int i = 0; i < measures.length; i++) {
            row[width + i] = measures[i].evaluate(upTo, whole, matched.row(), p, eval);
          }
          out.add(row);
        }
      }
    } else if (result instanceof MatchResult.Unmatched unmatched && spec.rowsPerMatch() == MatchRecognizeSpec.RowsPerMatch.ALL_ROWS_WITH_UNMATCHED) {
      out.add(Arrays.copyOf(p.row(unmatched.row()), outputSchema.size()));
    } else if (result instanceof MatchResult.TimedOut partial && spec.rowsPerMatch() == MatchRecognizeSpec.RowsPerMatch.ONE_ROW_WITH_TIMEOUTS) {
      oneRow(p, DecidedMatch.timedOut(partial), out);
    }
  }

  /** The row of ONE ROW PER MATCH: the partition's key, then each measure over the whole match. */
  private void oneRow(Partition p, DecidedMatch whole, BatchBuilder out) {
    Object[] row = new Object[outputSchema.size()];
    System.arraycopy(p.key, 0, row, 0, p.key.length);
    for (int i = 0; i < measures.length; i++) {
      row[p.key.length + i] = measures[i].evaluate(whole, whole, whole.row(), p, eval);
    }
    out.add(row);
  }

  @Override
  public void snapshotState(DataOutput out) throws IOException {
    out.writeLong(watermark);
    out.writeBoolean(ended);
    out.writeInt(partitions.size());
    for (Partition p : partitions.values()) {
      ValueCodec.writeRow(out, p.key);
      WaitingRows.write(out, p.waiting);
      out.writeLong(p.base);
      out.writeLong(p.offered);
      out.writeInt(p.rows.size());
      for (Object[] row : p.rows) {
        ValueCodec.writeRow(out, row);
      }
      out.writeLong(p.nextMatchNumber);
      out.writeBoolean(p.matcher != null || p.dormant != null);
      if (p.matcher != null) {
        p.matcher.snapshotState(out);
      } else if (p.dormant != null) {
        out.write(p.dormant);
      }
    }
    // the order in which the partitions with rows of a time got them: they are released in that order
    out.writeInt(due.size());
    for (Long2ObjectMap.Entry<ObjectLinkedOpenHashSet<Partition>> e : due.long2ObjectEntrySet()) {
      out.writeLong(e.getLongKey());
      out.writeInt(e.getValue().size());
      for (Partition p : e.getValue()) {
        out.writeLong(p.arrival);
      }
    }
  }

  @Override
  public void restoreState(DataInput in) throws IOException {
    watermark = in.readLong();
    ended = in.readBoolean();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      Object[] key = ValueCodec.readRow(in);
      Partition p = new Partition(key);
      partitions.put(GroupKey.of(key), p);
      p.waiting = WaitingRows.read(in, this::hold);
      p.base = in.readLong();
      p.offered = in.readLong();
      int held = in.readInt();
      for (int r = 0; r < held; r++) {
        p.rows.add(hold(ValueCodec.readRow(in)));
      }
      p.nextMatchNumber = in.readLong();
      if (in.readBoolean()) {
        Matcher m = spec.match().resumeMatcher(p, 0, 1, shared(p));
        m.restoreState(in);
        p.matcher = m;
        long deadline = m.deadline();
        if (deadline != Matcher.NO_DEADLINE && deadline > watermark) {
          p.deadline = deadline;
          deadlines.add(p);
        }
        p.sleep();
      }
    }
    Partition[] byArrival = partitions.values().toArray(new Partition[0]);
    lastDue = null;
    int times = in.readInt();
    for (int t = 0; t < times; t++) {
      ObjectLinkedOpenHashSet<Partition> waiting = new ObjectLinkedOpenHashSet<>();
      due.put(in.readLong(), waiting);
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        waiting.add(byArrival[(int) in.readLong()]);
      }
    }
  }

  @Override
  public long stateEntries() {
    return partitions.size() + rowsHeld;
  }

  @Override
  public long stateBytes() {
    return rowsHeld * rowSizes.mean() + partitions.size() * (StateSize.HEADER * 4 + StateSize.MAP_SLOT) + matcherBytes;
  }
}
