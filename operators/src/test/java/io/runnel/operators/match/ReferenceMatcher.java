package io.runnel.operators.match;

import java.util.ArrayList;
import java.util.List;

/**
 * The standard's definition of row pattern matching on a whole (bounded) sequence, written as plainly as
 * possible and independent of {@link Automaton}: from each start row, explore the ways the pattern can match
 * depth-first in preference order (backtracking); the first complete one is the match; then skip.
 *
 * <p>Also decides what the matcher reports as timed out: for an attempt with no match, the first (most
 * preferred) partial match that needed a row {@code WITHIN} did not let it take, a row past its span or, at
 * the end of the input, no row at all after a watermark past its span.
 */
final class ReferenceMatcher {
  /** The results, and the error that ended them, if any. */
  record Outcome(List<MatchResult> results, MatchException error) {}

  /** Thrown when the exploration grows too large to be worth it: the case is skipped. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private interface Next {
    boolean at(int position);
  }

  private final RowPattern pattern;
  private final Conditions conditions;
  private final long[] times;
  private final long within;
  private final long watermarkAtEnd;
  private final long budget;
  private final int n;
  // the attempt being explored
  private int start;
  private long matchNumber;
  private final List<MatchResult.MatchedRow> path = new ArrayList<>();
  private List<MatchResult.MatchedRow> found;
  private List<MatchResult.MatchedRow> cutOff;
  private long steps;

  ReferenceMatcher(RowPattern pattern, Conditions conditions, long[] times, long within, long watermarkAtEnd, long budget) {
    this.pattern = pattern;
    this.conditions = conditions;
    this.times = times;
    this.within = within;
    this.watermarkAtEnd = watermarkAtEnd;
    this.budget = budget;
    this.n = times.length;
  }

  Outcome run(AfterMatchSkip skip) {
    List<MatchResult> results = new ArrayList<>();
    long lastMatched = -1;
    matchNumber = 1;
    for (start = 0; start < n; ) {
      found = null;
      cutOff = null;
      path.clear();
      match(pattern, start, false, position -> {
        found = List.copyOf(path);
        return true;
      });
      if (found == null) {
        if (cutOff != null) {
          results.add(new MatchResult.TimedOut(start, cutOff));
        }
        if (start > lastMatched) {
          results.add(new MatchResult.Unmatched(start));
        }
        start++;
        continue;
      }
      results.add(new MatchResult.Match(matchNumber, start, found));
      if (!found.isEmpty()) {
        lastMatched = Math.max(lastMatched, found.get(found.size() - 1).row());
      }
      int target;
      if (skip instanceof AfterMatchSkip.PastLastRow) {
        target = start + Math.max(1, found.size());
      } else if (skip instanceof AfterMatchSkip.ToNextRow) {
        target = start + 1;
      } else {
        boolean first = skip instanceof AfterMatchSkip.ToFirst;
        int variable = first ? ((AfterMatchSkip.ToFirst) skip).variable() : ((AfterMatchSkip.ToLast) skip).variable();
        target = -1;
        for (MatchResult.MatchedRow r : found) {
          if (r.variable() == variable && (target < 0 || !first)) {
            target = (int) r.row();
          }
        }
        if (target < 0) {
          return new Outcome(results, new MatchException(MatchException.Kind.SKIP_TO_MISSING_VARIABLE, variable, matchNumber, start));
        }
        if (target == start) {
          return new Outcome(results, new MatchException(MatchException.Kind.SKIP_TO_FIRST_ROW, variable, matchNumber, start));
        }
      }
      matchNumber++;
      start = target;
    }
    return new Outcome(results, null);
  }

  private boolean match(RowPattern p, int position, boolean excluded, Next next) {
    if (++steps > budget) {
      throw new TooLarge();
    }
    if (p instanceof RowPattern.Var v) {
      return row(v.variable(), position, excluded, next);
    } else if (p instanceof RowPattern.Concat c) {
      return sequence(c.parts(), 0, position, excluded, next);
    } else if (p instanceof RowPattern.Alt a) {
      for (RowPattern alternative : a.alternatives()) {
        if (match(alternative, position, excluded, next)) {
          return true;
        }
      }
      return false;
    } else if (p instanceof RowPattern.Quantified q) {
      return repeat(q, 0, position, excluded, next);
    } else if (p instanceof RowPattern.Permute perm) {
      for (List<RowPattern> order : orders(perm.parts())) {
        if (sequence(order, 0, position, excluded, next)) {
          return true;
        }
      }
      return false;
    } else if (p instanceof RowPattern.Exclude e) {
      return match(e.inner(), position, true, next);
    } else if (p instanceof RowPattern.Start) {
      return position == 0 && next.at(position);
    } else if (p instanceof RowPattern.End) {
      return position == n && next.at(position);
    }
    throw new IllegalStateException();
  }

  private boolean sequence(List<RowPattern> parts, int i, int position, boolean excluded, Next next) {
    if (i == parts.size()) {
      return next.at(position);
    }
    return match(parts.get(i), position, excluded, after -> sequence(parts, i + 1, after, excluded, next));
  }

  /** {@code count} iterations done: another one (greedy first), or leave (reluctant first). */
  private boolean repeat(RowPattern.Quantified q, int count, int position, boolean excluded, Next next) {
    boolean again = q.max() < 0 || count < q.max();
    boolean leave = count >= q.min();
    if (q.reluctant()) {
      return (leave && next.at(position)) || (again && iteration(q, count, position, excluded, next));
    }
    return (again && iteration(q, count, position, excluded, next)) || (leave && next.at(position));
  }

  private boolean iteration(RowPattern.Quantified q, int count, int position, boolean excluded, Next next) {
    return match(q.inner(), position, excluded, after -> after == position && count >= q.min()
        ? next.at(after) // an empty iteration once the minimum is reached ends the quantifier
        : repeat(q, count + 1, after, excluded, next));
  }

  private boolean row(int variable, int position, boolean excluded, Next next) {
    if (position >= n) {
      if (within >= 0 && watermarkAtEnd != Long.MIN_VALUE && watermarkAtEnd - times[start] > within) {
        cut();
      }
      return false;
    }
    if (within >= 0 && times[position] - times[start] > within) {
      cut();
      return false;
    }
    if (!conditions.test(variable, new ListContext(start, path, position, variable, matchNumber))) {
      return false;
    }
    path.add(new MatchResult.MatchedRow(position, variable, excluded));
    boolean ok = next.at(position + 1);
    path.remove(path.size() - 1);
    return ok;
  }

  private void cut() {
    if (cutOff == null) {
      cutOff = List.copyOf(path);
    }
  }

  /** The orders of {@code parts}, in lexicographic order of their positions. */
  static List<List<RowPattern>> orders(List<RowPattern> parts) {
    List<List<RowPattern>> orders = new ArrayList<>();
    if (parts.size() == 1) {
      orders.add(List.of(parts.get(0)));
      return orders;
    }
    for (int i = 0; i < parts.size(); i++) {
      List<RowPattern> rest = new ArrayList<>(parts);
      RowPattern head = rest.remove(i);
      for (List<RowPattern> tail : orders(rest)) {
        List<RowPattern> order = new ArrayList<>();
        order.add(head);
        order.addAll(tail);
        orders.add(order);
      }
    }
    return orders;
  }

  /** A match so far as a plain list, plus the row being tested. */
  private record ListContext(long startRow, List<MatchResult.MatchedRow> rows, long row, int variable, long matchNumber)
      implements MatchContext {
    private List<long[]> all() {
      List<long[]> all = new ArrayList<>();
      for (MatchResult.MatchedRow r : rows) {
        all.add(new long[] {r.row(), r.variable()});
      }
      all.add(new long[] {row, variable});
      return all;
    }

    @Override
    public long length() {
      return rows.size() + 1;
    }

    @Override
    public int variableOf(long r) {
      for (long[] x : all()) {
        if (x[0] == r) {
          return (int) x[1];
        }
      }
      throw new IndexOutOfBoundsException();
    }

    @Override
    public long count(int v) {
      return all().stream().filter(x -> v == ANY || x[1] == v).count();
    }

    @Override
    public long lastRow(int v, long back) {
      List<long[]> all = all();
      for (int i = all.size() - 1; i >= 0; i--) {
        if ((v == ANY || all.get(i)[1] == v) && back-- == 0) {
          return all.get(i)[0];
        }
      }
      return -1;
    }

    @Override
    public long firstRow(int v, long forward) {
      for (long[] x : all()) {
        if ((v == ANY || x[1] == v) && forward-- == 0) {
          return x[0];
        }
      }
      return -1;
    }

    @Override
    public void forEachRow(RowVisitor visitor) {
      for (long[] x : all()) {
        visitor.visit(x[0], (int) x[1]);
      }
    }
  }
}
