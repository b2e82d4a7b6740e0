package io.runnel.operators.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs threads of an {@link Automaton} over rows, Pike-VM style, keeping the standard's preference order:
 * threads step in priority order, each follows its transitions depth-first in their order, and a thread that
 * accepts cuts off every less preferred thread of its start. Threads meeting at a position with the same
 * counters are pruned to the preferred one where that cannot change a result (see {@link MatchThread.Key}).
 *
 * <p>Stateless between calls but for scratch space; what it decides goes to its {@link Listener}.
 */
final class Pike {
  private static final long NO_START = Long.MIN_VALUE;

  /** Where the decisions of a step go. */
  interface Listener {
    /** A thread of {@code start} accepted with {@code path}: the preferred match of {@code start} so far. */
    void accepted(long start, PathNode path);

    /** A thread standing for other starts ({@link MatchThread#covers}) was cut off or accepted. */
    void lost(MatchThread t);

    /** The {@code MATCH_NUMBER()} to show a condition of a thread of {@code start}. */
    long matchNumber(long start);

    /** A condition of a thread of {@code start} read {@code MATCH_NUMBER()} as {@code shown}. */
    void matchNumberRead(long start, long shown);
  }

  /** The event time of a row. */
  interface RowTimes {
    long time(long row);
  }

  private final Automaton program;
  private final Conditions conditions;
  private final Listener listener;
  /** The most rows a signature of what conditions read may hold; past it, threads are told apart by their path. */
  private static final long MAX_SIGNATURE = 16;
  /** WITHIN in millis, or -1. */
  private final long within;
  private final RowTimes times;
  /** Per instruction: every condition reachable from it is history-free. */
  private final boolean[] historyFree;
  /** What the program's conditions read of the match, when only rows FIRST and LAST find; else null. */
  private final Conditions.HistoryRead[] reads;
  /** Whether a condition reads MATCH_NUMBER(): a guess for a start not yet reached, so partial matches of different starts differ. */
  private final boolean readsMatchNumber;
  private final boolean internPaths;
  // scratch of one step, shared by the matchers of one thread (see Shared)
  private final PathContext context;
  private final Map<PathKey, PathNode> interned;
  private final Set<ClosureKey> visited;

  // the closure being followed
  private ThreadList out;
  private long start;
  private PathNode path;
  private MatchThread origin;
  private long position;
  private boolean ended;
  /** At the end: the last watermark, for threads that want a row after the partition end. */
  private long endWatermark = Long.MIN_VALUE;

  /**
   * What the matchers of one operator share, as their conditions all answer alike: facts about the program
   * and its conditions, and the scratch space of a step (one step runs at a time: one thread). A partition
   * with a partial match open holds a matcher, so this is kept out of each.
   */
  static final class Shared {
    final Automaton program;
    final boolean[] historyFree;
    final Conditions.HistoryRead[] reads;
    final boolean readsMatchNumber;
    final boolean internPaths;
    final PathContext context = new PathContext();
    final Map<PathKey, PathNode> interned = new HashMap<>();
    final Set<ClosureKey> visited = new HashSet<>();

    Shared(Automaton program, Conditions conditions) {
      this.program = program;
      this.historyFree = historyFree(program, conditions);
      this.reads = historyReads(program, conditions);
      this.readsMatchNumber = readsMatchNumber(program, conditions);
      boolean all = true;
      for (boolean free : historyFree) {
        all &= free;
      }
      this.internPaths = !all;
    }
  }

  Pike(Shared shared, Conditions conditions, long within, RowTimes times, Listener listener) {
    this.program = shared.program;
    this.conditions = conditions;
    this.listener = listener;
    this.within = within;
    this.times = times;
    this.historyFree = shared.historyFree;
    this.reads = shared.reads;
    this.readsMatchNumber = shared.readsMatchNumber;
    this.internPaths = shared.internPaths;
    this.context = shared.context;
    this.interned = shared.interned;
    this.visited = shared.visited;
  }

  /** Whether a condition of the program reads MATCH_NUMBER(). */
  private static boolean readsMatchNumber(Automaton p, Conditions conditions) {
    for (int pc = 0; pc < p.size(); pc++) {
      if (p.op[pc] == Automaton.ROW && conditions.readsMatchNumber(p.a[pc])) {
        return true;
      }
    }
    return false;
  }

  /** The reads of every condition of the program, or null when one reads more than FIRST and LAST rows (or too many). */
  private static Conditions.HistoryRead[] historyReads(Automaton p, Conditions conditions) {
    List<Conditions.HistoryRead> all = new ArrayList<>();
    BitSet seen = new BitSet();
    long slots = 0;
    for (int pc = 0; pc < p.size(); pc++) {
      if (p.op[pc] == Automaton.ROW && !seen.get(p.a[pc])) {
        seen.set(p.a[pc]);
        List<Conditions.HistoryRead> reads = conditions.historyReads(p.a[pc]);
        if (reads == null) {
          return null;
        }
        for (Conditions.HistoryRead r : reads) {
          all.add(r);
          slots += r.offset() + 1;
        }
      }
    }
    return slots > MAX_SIGNATURE ? null : all.toArray(new Conditions.HistoryRead[0]);
  }

  /** Greatest fixed point: an instruction is history-free when it and every successor are. */
  private static boolean[] historyFree(Automaton p, Conditions conditions) {
    int n = p.size();
    boolean[] free = new boolean[n];
    Arrays.fill(free, true);
    for (int pc = 0; pc < n; pc++) {
      if (p.op[pc] == Automaton.ROW && !conditions.historyFree(p.a[pc])) {
        free[pc] = false;
      }
    }
    for (boolean changed = true; changed; ) {
      changed = false;
      for (int pc = n - 1; pc >= 0; pc--) {
        if (free[pc] && !successorsFree(p, free, pc)) {
          free[pc] = false;
          changed = true;
        }
      }
    }
    return free;
  }

  private static boolean successorsFree(Automaton p, boolean[] free, int pc) {
    return switch (p.op[pc]) {
      case Automaton.ACCEPT -> true;
      case Automaton.SPLIT -> free[p.a[pc]] && free[p.b[pc]];
      case Automaton.JUMP -> free[p.a[pc]];
      case Automaton.ITERATE -> free[pc + 1] && free[p.b[pc]];
      case Automaton.LOOP -> free[p.b[pc]] && free[p.b[p.b[pc]]];
      default -> free[pc + 1];
    };
  }

  /** Adds the threads of a new start {@code row}, waiting for that row, after those of {@code list}. */
  void spawn(ThreadList list, long row) {
    begin(list, row, null, null, row, false);
    follow(0, program.slots == 0 ? MatchThread.NO_COUNTERS : new int[program.slots], 0L);
  }

  /** Steps every thread of {@code in} over row {@code row}: the threads after it. */
  ThreadList step(ThreadList in, long row) {
    ThreadList next = new ThreadList();
    interned.clear();
    long cut = NO_START;
    long time = within < 0 ? 0 : times.time(row);
    for (MatchThread t : in.threads) {
      if (t.start == cut) {
        lose(t);
      } else if (t.expired) {
        next.addTombstone(t);
      } else if (program.op[t.pc] != Automaton.ROW) {
        continue; // waiting for the partition end: a row came instead
      } else if (within >= 0 && time - times.time(t.start) > within) {
        expire(next, t);
      } else {
        int variable = program.a[t.pc];
        long shown = listener.matchNumber(t.start);
        boolean holds = conditions.test(variable, context.set(t.start, t.path, row, variable, shown));
        if (context.matchNumberRead()) {
          listener.matchNumberRead(t.start, shown);
        }
        if (holds) {
          PathNode extended = intern(PathNode.extend(t.path, variable, program.b[t.pc] == 1), t.start);
          begin(next, t.start, extended, t, row + 1, false);
          if (follow(t.pc + 1, t.counters, 0L)) {
            cut = t.start;
          }
        }
      }
    }
    return next;
  }

  /** The input ended: threads waiting for the partition end go on, all others die. */
  ThreadList end(ThreadList in, long rows, long watermark) {
    ThreadList next = new ThreadList();
    endWatermark = watermark;
    long cut = NO_START;
    for (MatchThread t : in.threads) {
      if (t.start == cut) {
        lose(t);
      } else if (t.expired) {
        next.addTombstone(t);
      } else if (program.op[t.pc] == Automaton.PARTITION_END) {
        begin(next, t.start, t.path, t, rows, true);
        if (follow(t.pc + 1, t.counters, 0L)) {
          cut = t.start;
        }
      }
    }
    return next;
  }

  /** Expires the threads waiting for a row that {@code WITHIN} no longer lets them take: rows from {@code time} on. */
  ThreadList expire(ThreadList in, long time) {
    if (time == Long.MIN_VALUE) {
      return in; // no watermark yet
    }
    ThreadList next = new ThreadList();
    for (MatchThread t : in.threads) {
      if (t.expired) {
        next.addTombstone(t);
      } else if (program.op[t.pc] == Automaton.ROW && time - times.time(t.start) > within) {
        expire(next, t);
      } else {
        next.add(t, key(t.pc, t.counters, t.start, t.path));
      }
    }
    return next;
  }

  /**
   * A list of the given threads in the order given (earlier starts first), pruned again: threads of a start
   * re-run ahead of later ones may stand for them.
   */
  ThreadList rebuild(Iterable<MatchThread> first, Iterable<MatchThread> rest) {
    ThreadList next = new ThreadList();
    for (Iterable<MatchThread> list : List.of(first, rest)) {
      for (MatchThread t : list) {
        if (t.expired) {
          next.addTombstone(t);
        } else {
          next.add(t, key(t.pc, t.counters, t.start, t.path));
        }
      }
    }
    return next;
  }

  private void expire(ThreadList next, MatchThread t) {
    lose(t);
    next.addTombstone(t.expire());
  }

  private void lose(MatchThread t) {
    if (!t.expired && t.covers()) {
      listener.lost(t);
    }
  }

  private void begin(ThreadList next, long start, PathNode path, MatchThread origin, long position, boolean ended) {
    this.out = next;
    this.start = start;
    this.path = path;
    this.origin = origin;
    this.position = position;
    this.ended = ended;
    visited.clear();
  }

  /** Follows the transitions from {@code pc} in order; true when the thread accepted (what follows is cut off). */
  private boolean follow(int pc, int[] counters, long iterating) {
    if (!visited.add(new ClosureKey(pc, counters, iterating))) {
      return false; // reached before in this closure, by a preferred way with the same future
    }
    switch (program.op[pc]) {
      case Automaton.ROW -> {
        if (!ended) {
          emit(pc, counters);
        } else if (within >= 0 && endWatermark != Long.MIN_VALUE && endWatermark - times.time(start) > within) {
          // past the partition end, wanting a row WITHIN would not have let it take anyway: cut off
          MatchThread t = new MatchThread(pc, counters, start, path, true);
          out.addTombstone(t);
        }
        return false;
      }
      case Automaton.PARTITION_END -> {
        if (ended) {
          return follow(pc + 1, counters, iterating);
        }
        emit(pc, counters);
        return false;
      }
      case Automaton.PARTITION_START -> {
        return position == 0 && follow(pc + 1, counters, iterating);
      }
      case Automaton.ACCEPT -> {
        if (origin != null && origin.covers()) {
          listener.lost(origin);
        }
        listener.accepted(start, path);
        return true;
      }
      case Automaton.SPLIT -> {
        return follow(program.a[pc], counters, iterating) || follow(program.b[pc], counters, iterating);
      }
      case Automaton.JUMP -> {
        return follow(program.a[pc], counters, iterating);
      }
      case Automaton.ITERATE -> {
        return iterate(pc, counters, iterating);
      }
      case Automaton.LOOP -> {
        int slot = program.a[pc];
        long bit = 1L << slot;
        int count = counters[slot];
        if ((iterating & bit) != 0 && count >= program.min[pc]) {
          // the iteration matched no row, and the minimum was reached before it: the quantifier ends
          return follow(program.b[program.b[pc]], counters, iterating);
        }
        // past the minimum of an unbounded quantifier, the count no longer matters: keep it at the minimum
        int next = program.max[pc] < 0 ? Math.min(count + 1, program.min[pc]) : count + 1;
        return follow(program.b[pc], with(counters, slot, next), iterating & ~bit);
      }
      case Automaton.EXIT -> {
        int slot = program.a[pc];
        return follow(pc + 1, with(counters, slot, 0), iterating & ~(1L << slot));
      }
      default -> throw new IllegalStateException("unknown instruction " + program.op[pc]);
    }
  }

  private boolean iterate(int pc, int[] counters, long iterating) {
    int count = counters[program.a[pc]];
    boolean again = program.max[pc] < 0 || count < program.max[pc];
    boolean leave = count >= program.min[pc];
    long body = iterating | (1L << program.a[pc]);
    if (again && leave) {
      return program.reluctant[pc]
          ? follow(program.b[pc], counters, iterating) || follow(pc + 1, counters, body)
          : follow(pc + 1, counters, body) || follow(program.b[pc], counters, iterating);
    }
    return again ? follow(pc + 1, counters, body) : follow(program.b[pc], counters, iterating);
  }

  private void emit(int pc, int[] counters) {
    MatchThread t = new MatchThread(pc, counters, start, path, false);
    if (origin != null && origin.covers()) {
      t.cover(origin.covLo, origin.covHi);
    }
    out.add(t, key(pc, counters, start, path));
  }

  private MatchThread.Key key(int pc, int[] counters, long start, PathNode path) {
    if (!historyFree[pc]) {
      // alike in what the conditions ahead may read of the match: the same future, from any start (as below)
      // unless a condition reads MATCH_NUMBER(), which may differ from start to start
      if (reads == null) {
        return new MatchThread.Key(pc, counters, start, path);
      }
      return new MatchThread.Key(pc, counters, readsMatchNumber ? start : NO_START, signature(path, start));
    }
    // Any start: under WITHIN too, as an earlier start's thread expires no later than a later one's, and
    // expiring, like any cut-off, makes the starts it stood for run again.
    return new MatchThread.Key(pc, counters, NO_START, (PathNode) null);
  }

  /** One node per path content in a step, so that equal paths are the same node (see {@link MatchThread.Key}). */
  private PathNode intern(PathNode node, long start) {
    if (!internPaths) {
      return node;
    }
    PathNode first = interned.putIfAbsent(new PathKey(node.parent, node.variable, node.excluded, start), node);
    return first == null ? node : first;
  }

  /**
   * The rows of {@code path} (from {@code start}) that the reads may still find, whatever rows follow: for a
   * read of the {@code k}-th last (first) row of some variables, the last (first) {@code k + 1} such rows; -1
   * where there are fewer.
   */
  private long[] signature(PathNode path, long start) {
    int size = 0;
    for (Conditions.HistoryRead r : reads) {
      size += (int) r.offset() + 1;
    }
    long[] rows = new long[size];
    Arrays.fill(rows, -1);
    int at = 0;
    for (Conditions.HistoryRead r : reads) {
      int want = (int) r.offset() + 1;
      if (r.first()) {
        PathNode.firstRows(path, start, r::counts, rows, at, want);
      } else {
        PathNode.lastRows(path, start, r::counts, rows, at, want);
      }
      at += want;
    }
    return rows;
  }

  private static int[] with(int[] counters, int slot, int value) {
    if (counters[slot] == value) {
      return counters;
    }
    int[] copy = counters.clone();
    copy[slot] = value;
    return copy;
  }

  /** A position in a closure: instruction, counters, and the quantifiers whose iteration began with no row yet. */
  private record ClosureKey(int pc, int[] counters, long iterating) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ClosureKey k && k.pc == pc && k.iterating == iterating && Arrays.equals(k.counters, counters);
    }

    @Override
    public int hashCode() {
      return (pc * 31 + Arrays.hashCode(counters)) * 31 + Long.hashCode(iterating);
    }
  }

  /** The content of a path node created in a step: its parent node, its run, and the start of its match. */
  private record PathKey(PathNode parent, int variable, boolean excluded, long start) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PathKey k && k.parent == parent && k.variable == variable && k.excluded == excluded && k.start == start;
    }

    @Override
    public int hashCode() {
      return Objects.hash(System.identityHashCode(parent), variable, excluded, start);
    }
  }
}
