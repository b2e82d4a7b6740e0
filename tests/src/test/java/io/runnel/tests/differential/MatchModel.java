package io.runnel.tests.differential;

import io.runnel.tests.differential.MatchCase.Row;
import io.runnel.tests.differential.MatchCase.RowsPerMatch;
import io.runnel.tests.differential.MatchCase.SkipMode;
import io.runnel.tests.differential.MatchSyntax.Alt;
import io.runnel.tests.differential.MatchSyntax.Anchor;
import io.runnel.tests.differential.MatchSyntax.Exclude;
import io.runnel.tests.differential.MatchSyntax.Pattern;
import io.runnel.tests.differential.MatchSyntax.Permute;
import io.runnel.tests.differential.MatchSyntax.Quantified;
import io.runnel.tests.differential.MatchSyntax.Seq;
import io.runnel.tests.differential.MatchSyntax.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hand model: SQL:2016's row pattern matching on a whole, bounded partition, written as plainly as
 * possible and independent of Runnel's code. From each start row it explores the ways the pattern can match
 * depth-first in order of preference (backtracking), testing each DEFINE condition on the match so far with
 * the row being tried mapped to its variable; the first complete way is the match; AFTER MATCH SKIP picks
 * the next start. Measures are then evaluated on the match (see {@link MatchExpressions}).
 *
 * <p>Where the standard leaves a reading to make, the model reads it as Runnel's matcher documents
 * (operators' {@code io.runnel.operators.match} package): left alternatives and greedy more (reluctant fewer)
 * iterations first; an iteration of a quantifier that matches no row, once the quantifier has its minimum,
 * is its last; {@code PERMUTE} is the alternation of its orders in lexicographic order of positions; an
 * unmatched row is one that no match holds and whose own attempt found none; skipping to a variable with no
 * row in the match, or to the match's first row, is an error.
 */
final class MatchModel {
  /** A row of a match: its index in the partition, its variable, whether it is excluded ({@code {- -}}). */
  record Matched(int row, String variable, boolean excluded) {}

  /** A match: its MATCH_NUMBER, its first row's index, its rows in order (none for an empty match). */
  record Match(long number, int start, List<Matched> rows) {}

  /**
   * What the query answers: each partition's output rows in order (by partition key: the values of the
   * PARTITION BY columns), each partition's matches, or the error that ends the query (then the rest is
   * what came before).
   */
  record Outcome(Map<List<Object>, List<List<Object>>> output, Map<List<Object>, List<Match>> matches, String error) {}

  /** Thrown when a partition's exploration takes more steps than the budget: the case is too large to check. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("the model's exploration is too large", null, false, false);
    }
  }

  private interface Continuation {
    boolean at(int position);
  }

  private final MatchCase c;
  private final MatchExpressions expressions;
  private final long budget;
  // the partition and the attempt being explored
  private List<Row> rows;
  private List<Object> key;
  private long steps;
  private long matchNumber;
  private final List<Matched> path = new ArrayList<>();
  private List<Matched> found;

  private MatchModel(MatchCase c, long budget) {
    this.c = c;
    this.expressions = new MatchExpressions(c.subsets());
    this.budget = budget;
  }

  /** Runs case {@code c}; throws {@link TooLarge} when a partition takes more than {@code budget} steps. */
  static Outcome run(MatchCase c, long budget) {
    return new MatchModel(c, budget).run();
  }

  private Outcome run() {
    Map<List<Object>, List<List<Object>>> output = new LinkedHashMap<>();
    Map<List<Object>, List<Match>> matches = new LinkedHashMap<>();
    for (Map.Entry<List<Object>, List<Row>> partition : c.partitions().entrySet()) {
      rows = partition.getValue();
      key = partition.getKey();
      steps = 0;
      List<List<Object>> out = output.computeIfAbsent(key, k -> new ArrayList<>());
      List<Match> found = matches.computeIfAbsent(key, k -> new ArrayList<>());
      String error = partition(out, found);
      if (error != null) {
        return new Outcome(output, matches, error);
      }
    }
    output.replaceAll((k, rows) -> select(rows));
    return new Outcome(output, matches, null);
  }

  /** The query's rows of MATCH_RECOGNIZE's {@code rows}: those its WHERE keeps, with the columns it selects. */
  private List<List<Object>> select(List<List<Object>> rows) {
    List<String> columns = c.matchColumns();
    List<List<Object>> selected = new ArrayList<>();
    for (List<Object> row : rows) {
      Function<String, Object> value = name -> {
        Object v = row.get(columns.indexOf(name));
        return v instanceof Integer i ? (Object) i.longValue() : v;
      };
      if (c.outputFilter() == null || Boolean.TRUE.equals(MatchExpressions.onColumns(c.outputFilter(), value))) {
        selected.add(c.outputColumns().stream().map(name -> row.get(columns.indexOf(name))).toList());
      }
    }
    return selected;
  }

  /** Matches the partition in {@code rows}, adding its output rows and matches; returns the error that ends it, or null. */
  private String partition(List<List<Object>> out, List<Match> matches) {
    int n = rows.size();
    int lastMatched = -1;
    matchNumber = 1;
    for (int start = 0; start < n; ) {
      found = null;
      path.clear();
      int from = start;
      match(c.pattern(), start, false, position -> {
        found = List.copyOf(path);
        return true;
      });
      if (found == null) {
        if (start > lastMatched && c.rowsPerMatch() == RowsPerMatch.WITH_UNMATCHED) {
          List<Object> row = new ArrayList<>(rows.get(start).values());
          row.addAll(Collections.nCopies(c.measures().size(), null));
          out.add(row);
        }
        start++;
        continue;
      }
      Match match = new Match(matchNumber, start, found);
      matches.add(match);
      answer(match, out);
      if (!found.isEmpty()) {
        lastMatched = Math.max(lastMatched, found.get(found.size() - 1).row());
      }
      start = switch (c.skip().mode()) {
        case IMPLIED, PAST_LAST_ROW -> start + Math.max(1, found.size());
        case TO_NEXT_ROW -> start + 1;
        case TO_FIRST, TO_LAST, TO -> skipTarget(match);
      };
      if (start < 0) {
        return c.skip().sql() + ": match " + matchNumber + " from row " + from + (start == -1 ? " has no row of " + c.skip().variable() : " would start again at its first row");
      }
      matchNumber++;
    }
    return null;
  }

  /** The row SKIP TO FIRST/LAST goes to; -1 when the variable has no row in the match, -2 when it is the match's first row. */
  private int skipTarget(Match match) {
    int target = -1;
    for (Matched r : match.rows()) {
      if (r.variable().equals(c.skip().variable()) && (target < 0 || c.skip().mode() != SkipMode.TO_FIRST)) {
        target = r.row();
      }
    }
    return target == match.start() ? -2 : target;
  }

  /** The output rows of {@code match}. */
  private void answer(Match match, List<List<Object>> out) {
    MatchExpressions.View whole = new MatchExpressions.View(rows, match.rows(), match.number());
    if (!c.rowsPerMatch().allRows()) {
      List<Object> row = new ArrayList<>(key);
      int current = match.rows().isEmpty() ? match.start() : match.rows().get(match.rows().size() - 1).row();
      c.measures().forEach(m -> row.add(expressions.value(m.expr(), whole, whole, current)));
      out.add(row);
    } else if (match.rows().isEmpty()) {
      // WITH UNMATCHED ROWS shows empty matches as SHOW EMPTY MATCHES does (SQL:2016)
      if (c.rowsPerMatch() != RowsPerMatch.OMIT_EMPTY) {
        List<Object> row = new ArrayList<>(rows.get(match.start()).values());
        c.measures().forEach(m -> row.add(expressions.value(m.expr(), whole, whole, match.start())));
        out.add(row);
      }
    } else {
      for (int k = 0; k < match.rows().size(); k++) {
        Matched matched = match.rows().get(k);
        if (matched.excluded()) {
          continue;
        }
        MatchExpressions.View upTo = new MatchExpressions.View(rows, match.rows().subList(0, k + 1), match.number());
        List<Object> row = new ArrayList<>(rows.get(matched.row()).values());
        c.measures().forEach(m -> row.add(expressions.value(m.expr(), upTo, whole, matched.row())));
        out.add(row);
      }
    }
  }

  private boolean match(Pattern p, int position, boolean excluded, Continuation next) {
    if (++steps > budget) {
      throw new TooLarge();
    }
    if (p instanceof Var v) {
      return row(v.name(), position, excluded, next);
    } else if (p instanceof Seq s) {
      return sequence(s.parts(), 0, position, excluded, next);
    } else if (p instanceof Alt a) {
      for (Pattern alternative : a.alternatives()) {
        if (match(alternative, position, excluded, next)) {
          return true;
        }
      }
      return false;
    } else if (p instanceof Quantified q) {
      return repeat(q, 0, position, excluded, next);
    } else if (p instanceof Permute permute) {
      for (List<Pattern> order : orders(permute.parts())) {
        if (sequence(order, 0, position, excluded, next)) {
          return true;
        }
      }
      return false;
    } else if (p instanceof Exclude x) {
      return match(x.inner(), position, true, next);
    } else if (p instanceof Anchor a) {
      return (a.start() ? position == 0 : position == rows.size()) && next.at(position);
    }
    return next.at(position); // Empty
  }

  private boolean sequence(List<Pattern> parts, int i, int position, boolean excluded, Continuation next) {
    if (i == parts.size()) {
      return next.at(position);
    }
    return match(parts.get(i), position, excluded, after -> sequence(parts, i + 1, after, excluded, next));
  }

  /** {@code count} iterations of {@code q} done: another one first (greedy) or leaving first (reluctant). */
  private boolean repeat(Quantified q, int count, int position, boolean excluded, Continuation next) {
    boolean again = q.max() < 0 || count < q.max();
    boolean leave = count >= q.min();
    if (q.reluctant()) {
      return (leave && next.at(position)) || (again && iteration(q, count, position, excluded, next));
    }
    return (again && iteration(q, count, position, excluded, next)) || (leave && next.at(position));
  }

  private boolean iteration(Quantified q, int count, int position, boolean excluded, Continuation next) {
    // an iteration that matches no row, once the minimum is reached, is the quantifier's last
    return match(q.inner(), position, excluded, after -> after == position && count >= q.min() ? next.at(after) : repeat(q, count + 1, after, excluded, next));
  }

  /** Maps the row at {@code position} to {@code variable} if its DEFINE holds on the match so far. */
  private boolean row(String variable, int position, boolean excluded, Continuation next) {
    if (position >= rows.size()) {
      return false;
    }
    path.add(new Matched(position, variable, excluded));
    boolean ok = holds(variable, position) && next.at(position + 1);
    path.remove(path.size() - 1);
    return ok;
  }

  private boolean holds(String variable, int position) {
    MatchSyntax.Expr condition = c.defines().get(variable);
    if (condition == null) {
      return true;
    }
    MatchExpressions.View sofar = new MatchExpressions.View(rows, path, matchNumber);
    return Boolean.TRUE.equals(expressions.value(condition, sofar, sofar, position));
  }

  /** The orders of {@code parts}, in lexicographic order of their positions. */
  private static List<List<Pattern>> orders(List<Pattern> parts) {
    if (parts.size() == 1) {
      return List.of(parts);
    }
    List<List<Pattern>> orders = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      List<Pattern> rest = new ArrayList<>(parts);
      Pattern head = rest.remove(i);
      for (List<Pattern> tail : orders(rest)) {
        List<Pattern> order = new ArrayList<>();
        order.add(head);
        order.addAll(tail);
        orders.add(order);
      }
    }
    return orders;
  }

  /** The matches, for a failure: per partition, each match's rows as {@code id:VARIABLE}. */
  static String describe(Map<List<Object>, List<Match>> matches, MatchCase c) {
    Map<List<Object>, List<Row>> partitions = c.partitions();
    StringBuilder text = new StringBuilder();
    matches.forEach((k, list) -> text.append("\n  partition ").append(k).append(": ").append(list.stream()
        .map(m -> "#" + m.number() + (m.rows().isEmpty() ? " empty at " + partitions.get(k).get(m.start()).id()
            : m.rows().stream().map(r -> partitions.get(k).get(r.row()).id() + ":" + r.variable() + (r.excluded() ? "(excluded)" : "")).collect(Collectors.joining(" ", " [", "]"))))
        .collect(Collectors.joining(", "))));
    return text.toString();
  }
}
