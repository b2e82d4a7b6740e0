package io.runnel.operators.match;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Row pattern matching over the rows of one partition, offered one at a time in their final order: decides
 * matches exactly as SQL:2016 does on the whole sequence, but as rows come, and reports each result as soon as
 * it is certain, never revising it.
 *
 * <p>As the standard: attempts go in order of start row, from the first row not yet skipped; an attempt
 * yields the preferred match from its row if there is one ({@link RowPattern} tells the order), after which
 * {@link AfterMatchSkip} picks the next start; else the row is unmatched and the next row is tried.
 *
 * <p>How: every row starts threads (partial matches) at once, so later attempts progress before earlier ones
 * are decided. Threads at the same position with the same counters where every condition ahead is
 * history-free are pruned to one: the preferred, or the one of the earliest start, which then stands for the
 * others. When such a thread is cut off before its own end (its start matched or was skipped, or {@code
 * WITHIN} expired it), the starts it stood for are re-run from their first row when their turn comes. So,
 * with history-free conditions, live threads are bounded by the program's positions times its counter
 * values, whatever the number of open starts; past a condition reading the match, each open start keeps its
 * own threads. See the package documentation for what this costs.
 *
 * <p>Call order: {@link #offer}, {@link #advanceTime} in any interleaving, then {@link #end} once; {@link
 * #poll} at any time. Results do not depend on when they are polled. One thread; never blocks.
 * After a {@link MatchException} the matcher is not to be used again.
 */
public final class Matcher {
  private static final long THREAD_BYTES = 48;
  private static final long NODE_BYTES = 40;
  private static final long RECORD_BYTES = 72;
  /** {@link #deadline} when time decides nothing. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  final MatchSpec spec;
  final Conditions conditions;
  final int lookahead;
  final Pike pike;
  /** Under WITHIN, the times of the rows from the next attempt's start on. */
  final RowTimeBuffer times = new RowTimeBuffer();
  /** Rows offered: the index the next row gets. */
  long rows;
  /** The next row to step threads over. */
  long frontier;
  /** The start of the next attempt to decide. */
  long next;
  long nextMatchNumber;
  /** The last row of any match so far, or -1. */
  long lastMatchedRow = -1;
  boolean ended;
  long watermark = Long.MIN_VALUE;
  ThreadList threads = new ThreadList();
  /** Starts from {@link #next} on with something to say besides their live threads. */
  final TreeMap<Long, StartRecord> records = new TreeMap<>();
  /** Starts that lost threads, to re-run when their turn comes. */
  final StartIntervals rerun = new StartIntervals();
  final ResultQueue results = new ResultQueue();
  private long pathRuns;
  /** Attempts re-run so far (a statistic, not state). */
  long reruns;

  Matcher(MatchSpec spec, Conditions conditions, long nextRow, long nextMatchNumber, Shared shared) {
    this.spec = requireNonNull(spec, "spec is null");
    this.conditions = requireNonNull(conditions, "conditions is null");
    if (nextRow < 0 || nextMatchNumber < 1) {
      throw new IllegalArgumentException("bad resume point: row " + nextRow + ", match number " + nextMatchNumber);
    }
    this.lookahead = conditions.lookahead();
    this.rows = nextRow;
    this.frontier = nextRow;
    this.next = nextRow;
    this.nextMatchNumber = nextMatchNumber;
    this.times.reset(nextRow);
    if (shared.pike.program != spec.automaton()) {
      throw new IllegalArgumentException("shared by the matchers of another pattern");
    }
    this.pike = new Pike(shared.pike, conditions, spec.within(), times::time, new Decisions());
  }

  /**
   * What the matchers of one caller share ({@link MatchSpec#share}): made once, for conditions that answer
   * as every partition's do; used by one thread.
   */
  public static final class Shared {
    final Pike.Shared pike;

    Shared(Automaton program, Conditions conditions) {
      this.pike = new Pike.Shared(program, conditions);
    }
  }

  /** Offers the partition's next row (index {@link #nextRow}), with its event time (non-decreasing). */
  public void offer(long time) {
    if (ended) {
      throw new IllegalStateException("offer after end");
    }
    if (spec.within() >= 0) {
      times.add(time);
    }
    rows++;
    boolean stepped = false;
    while (frontier + lookahead < rows) {
      stepRow();
      stepped = true;
    }
    if (stepped) {
      expireWaiting();
    }
    decide();
  }

  /** No row to come is earlier than {@code watermark}: partial matches {@code WITHIN} cannot let finish expire. */
  public void advanceTime(long watermark) {
    this.watermark = Math.max(this.watermark, watermark);
    if (!ended) {
      expireWaiting();
      decide();
    }
  }

  /** The input ended: everything open is decided, as on the whole sequence. */
  public void end() {
    if (ended) {
      return;
    }
    ended = true;
    while (frontier < rows) {
      stepRow();
    }
    expireWaiting();
    threads = pike.end(threads, rows, watermark);
    settleTombstones();
    decide();
  }

  /** The next decided result, in row order, or null when none is decided yet. */
  public MatchResult poll() {
    return results.poll();
  }

  /** Polls every decided result into {@code sink}. */
  public void drainTo(Consumer<? super MatchResult> sink) {
    for (MatchResult r = poll(); r != null; r = poll()) {
      sink.accept(r);
    }
  }

  /** The index the next row offered gets: the rows offered so far, in the partition. */
  public long nextRow() {
    return rows;
  }

  /** The {@code MATCH_NUMBER()} the next match gets: keep it to resume the partition ({@link MatchSpec#resumeMatcher}). */
  public long nextMatchNumber() {
    return nextMatchNumber;
  }

  /**
   * The first row the caller must still keep: rows of results not yet polled, of partial matches, of starts
   * that may be re-run, rows not yet stepped over (lookahead), and {@link Conditions#lookbehind} rows before
   * those. The caller frees rows below it.
   */
  public long lowestNeededRow() {
    return Math.max(0, Math.min(next, results.firstRow()) - conditions.lookbehind());
  }

  /**
   * Nothing open: no partial match, no row waiting, no result to poll. The caller may then drop the matcher of
   * a quiet partition, keeping {@link #nextRow} and {@link #nextMatchNumber} to resume it.
   */
  public boolean idle() {
    return results.isEmpty() && threads.threads.isEmpty() && records.isEmpty() && rerun.isEmpty() && frontier == rows && next == rows;
  }

  /**
   * Under {@code WITHIN}, the least watermark at which {@link #advanceTime} cuts off a partial match of the
   * attempt to be decided next ({@link #NO_DEADLINE} when none would be): its first row's time plus WITHIN,
   * plus one. Later attempts start no earlier, so nothing is decided by time before it.
   */
  public long deadline() {
    if (spec.within() < 0 || ended || threads.live() == 0 || next >= rows || frontier < rows) {
      return NO_DEADLINE; // with a row not yet stepped over, that row's time cuts off, not the watermark
    }
    long start = times.time(next);
    return start > Long.MAX_VALUE - spec.within() - 1 ? NO_DEADLINE : start + spec.within() + 1;
  }

  /** The live partial matches (threads) held now. */
  public int liveThreads() {
    return threads.live();
  }

  /** Entries of state: threads, starts with a record, and results not yet polled. */
  public long stateEntries() {
    return threads.threads.size() + records.size() + rerun.size() + results.size();
  }

  /** An estimate of the heap the state takes: its entries, and each thread's path runs (shared runs counted per thread). */
  public long stateBytes() {
    return threads.threads.size() * (THREAD_BYTES + 4L * spec.automaton().slots()) + pathRuns * NODE_BYTES
        + (records.size() + rerun.size() + results.size()) * RECORD_BYTES + times.size() * 8L;
  }

  /** Writes everything needed to continue exactly where the matcher is; paths shared by threads are written once. */
  public void snapshotState(DataOutput out) throws IOException {
    MatcherCodec.write(this, out);
  }

  /** Reads what {@link #snapshotState} wrote, into a matcher made for the same spec and conditions. */
  public void restoreState(DataInput in) throws IOException {
    MatcherCodec.read(this, in);
    countRuns();
  }

  /**
   * Under {@code WITHIN}, expires the threads waiting for the next row that no row to come can extend: the
   * time of the next row if offered, else the watermark, is past their span. (On the whole sequence the same
   * threads fail at that row, or at the end when the watermark passed before it.)
   */
  private void expireWaiting() {
    if (spec.within() >= 0 && mayExpire()) {
      threads = pike.expire(threads, expiryTime());
      settleTombstones();
    }
  }

  /**
   * Whether a live thread may be past its span: only if the oldest undecided start's span is passed, as every
   * live thread starts there or later. Else the pass would rebuild the same threads, as it would at every
   * watermark for every partition with an attempt open.
   */
  private boolean mayExpire() {
    long time = expiryTime();
    return threads.live() > 0 && next < rows && time != Long.MIN_VALUE && time - times.time(next) > spec.within();
  }

  private long expiryTime() {
    return frontier < rows ? times.time(frontier) : watermark; // the next row, once offered, is what counts
  }

  private void stepRow() {
    long row = frontier++;
    pike.spawn(threads, row);
    threads = pike.step(threads, row);
    settleTombstones();
  }

  /** Moves the tombstones of starts with no live thread left to their records: they are final. */
  void settleTombstones() {
    List<MatchThread> all = threads.threads;
    if (all.size() > threads.live()) {
      List<MatchThread> kept = new ArrayList<>(all.size());
      for (int i = 0; i < all.size(); i++) {
        MatchThread t = all.get(i);
        if (t.expired && !hasLive(all, i, t.start)) {
          StartRecord r = record(t.start);
          r.timedOut = true;
          r.timedOutPath = t.path;
        } else {
          kept.add(t);
        }
      }
      threads = pike.rebuild(List.of(), kept);
    }
    countRuns();
  }

  /** Whether a live thread of {@code start} is next to {@code all[at]}: a start's threads are contiguous. */
  private static boolean hasLive(List<MatchThread> all, int at, long start) {
    for (int i = at - 1; i >= 0 && all.get(i).start == start; i--) {
      if (!all.get(i).expired) {
        return true;
      }
    }
    for (int i = at + 1; i < all.size() && all.get(i).start == start; i++) {
      if (!all.get(i).expired) {
        return true;
      }
    }
    return false;
  }

  private void countRuns() {
    long runs = 0;
    for (MatchThread t : threads.threads) {
      runs += t.path == null ? 0 : t.path.runs;
    }
    pathRuns = runs;
  }

  StartRecord record(long start) {
    return records.computeIfAbsent(start, s -> new StartRecord());
  }

  /** Decides attempts in order while they can be: their start was stepped over and has no live thread left. */
  private void decide() {
    while (next < frontier) {
      long firstLive = threads.firstLiveStart();
      if (next >= firstLive) {
        break;
      }
      StartRecord record = records.get(next);
      if (rerun.contains(next) || (record != null && record.sawOtherNumber(nextMatchNumber))) {
        rerun(next);
        continue;
      }
      if (record != null && record.matched) {
        matched(record.match);
        continue;
      }
      if (record != null && record.timedOut) {
        results.timedOut(next, record.timedOutPath);
      }
      records.remove(next);
      // the starts up to the next one with threads, a record or a re-run found no match either
      long upTo = Math.min(Math.min(firstLive, frontier), Math.min(rerun.next(next + 1), nextRecord(next)));
      long from = Math.max(next, lastMatchedRow + 1);
      if (from < upTo) {
        results.unmatched(from, upTo);
      }
      next = upTo;
    }
    times.removeBelow(next);
  }

  private long nextRecord(long start) {
    Long k = records.higherKey(start);
    return k == null ? Long.MAX_VALUE : k;
  }

  private void matched(PathNode path) {
    long start = next;
    long number = nextMatchNumber++;
    results.match(number, start, path);
    long length = PathNode.length(path);
    if (length > 0) {
      lastMatchedRow = Math.max(lastMatchedRow, start + length - 1);
    }
    long target = skipTarget(start, path, number);
    discard(start, target);
    next = target;
  }

  private long skipTarget(long start, PathNode path, long number) {
    AfterMatchSkip skip = spec.skip();
    if (skip instanceof AfterMatchSkip.PastLastRow) {
      return start + Math.max(1, PathNode.length(path));
    }
    if (skip instanceof AfterMatchSkip.ToNextRow) {
      return start + 1;
    }
    boolean first = skip instanceof AfterMatchSkip.ToFirst;
    int variable = first ? ((AfterMatchSkip.ToFirst) skip).variable() : ((AfterMatchSkip.ToLast) skip).variable();
    long row = first ? PathNode.firstRowOf(path, start, variable) : PathNode.lastRowOf(path, start, variable);
    if (row < 0) {
      throw new MatchException(MatchException.Kind.SKIP_TO_MISSING_VARIABLE, variable, conditions.name(variable), number, start);
    }
    if (row == start) {
      throw new MatchException(MatchException.Kind.SKIP_TO_FIRST_ROW, variable, conditions.name(variable), number, start);
    }
    return row;
  }

  /** Drops the attempts from {@code from} to {@code to}-1: skipped, or to be re-run. */
  private void discard(long from, long to) {
    List<MatchThread> kept = new ArrayList<>(threads.threads.size());
    for (MatchThread t : threads.threads) {
      if (t.start < from || t.start >= to) {
        kept.add(t);
      } else if (!t.expired && t.covers()) {
        rerun.add(t.covLo, t.covHi);
      }
    }
    threads = pike.rebuild(List.of(), kept);
    records.subMap(from, to).clear();
    rerun.removeBelow(to);
    countRuns();
  }

  /** Runs the attempt from {@code start} again from its first row, alone: it lost threads to other starts. */
  private void rerun(long start) {
    reruns++;
    discard(start, start + 1);
    ThreadList alone = new ThreadList();
    pike.spawn(alone, start);
    for (long row = start; row < frontier; row++) {
      alone = pike.step(alone, row);
    }
    if (spec.within() >= 0) {
      alone = pike.expire(alone, expiryTime());
    }
    if (ended) {
      alone = pike.end(alone, rows, watermark);
    }
    threads = pike.rebuild(alone.threads, threads.threads);
    settleTombstones();
  }

  /** What the threads decide, into the records. */
  private final class Decisions implements Pike.Listener {
    @Override
    public void accepted(long start, PathNode path) {
      StartRecord r = record(start);
      r.matched = true;
      r.match = path;
    }

    @Override
    public void lost(MatchThread t) {
      rerun.add(t.covLo, t.covHi);
    }

    @Override
    public long matchNumber(long start) {
      return nextMatchNumber; // exact for the attempt being decided; a guess for later ones, checked when decided
    }

    @Override
    public void matchNumberRead(long start, long shown) {
      record(start).shown(shown);
    }
  }
}
