package io.runnel.operators.match;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Rows holding one character each, and conditions "the row's character is one of these" per variable (none
 * given: always true), for hand-written cases; results printed compactly: {@code #1@0 A {B} C} for match 1
 * from row 0 (B excluded), {@code #2@3 ()} an empty match, {@code u4} an unmatched row, {@code t5 A B} a
 * timed-out partial match.
 */
final class Rows implements Conditions {
  final String rows;
  private final String[] sets;
  /** Variables whose condition is NEXT's character being in the set instead. */
  private final boolean[] next;
  long offered;
  boolean ended;
  final List<Long> tested = new ArrayList<>();

  private Rows(String rows, String[] sets, boolean[] next) {
    this.rows = rows;
    this.sets = sets;
    this.next = next;
  }

  /** {@code sets[v]}: the characters variable v accepts; null or missing: any. */
  static Rows of(String rows, String... sets) {
    return new Rows(rows, sets, new boolean[sets.length]);
  }

  /** Variable {@code v} tests the next row's character instead. */
  Rows next(int v) {
    next[v] = true;
    return this;
  }

  @Override
  public boolean test(int variable, MatchContext ctx) {
    long row = ctx.row();
    if (!(ended || row + lookahead() < offered)) {
      throw new AssertionError("row " + row + " tested before its lookahead was offered");
    }
    tested.add(row);
    if (variable >= sets.length || sets[variable] == null) {
      return true;
    }
    long at = next[variable] ? row + 1 : row;
    return at < rows.length() && sets[variable].indexOf(rows.charAt((int) at)) >= 0;
  }

  @Override
  public int lookahead() {
    for (boolean n : next) {
      if (n) {
        return 1;
      }
    }
    return 0;
  }

  @Override
  public boolean historyFree(int variable) {
    return true;
  }

  /** Offers rows {@code from} to {@code to}-1 at times equal to their index. */
  void offer(Matcher m, int from, int to) {
    for (int i = from; i < to; i++) {
      offered++;
      m.offer(i);
    }
  }

  /** Offers every row at times equal to their index, ends the input, and prints every result. */
  String all(Matcher m) {
    offer(m, 0, rows.length());
    ended = true;
    m.end();
    return print(m);
  }

  static String print(Matcher m) {
    StringJoiner out = new StringJoiner("; ");
    for (MatchResult r = m.poll(); r != null; r = m.poll()) {
      out.add(print(r));
    }
    return out.toString();
  }

  static String print(MatchResult r) {
    if (r instanceof MatchResult.Unmatched u) {
      return "u" + u.row();
    }
    List<MatchResult.MatchedRow> rows;
    StringBuilder sb = new StringBuilder();
    if (r instanceof MatchResult.Match m) {
      sb.append('#').append(m.number()).append('@').append(m.startRow());
      rows = m.rows();
      if (rows.isEmpty()) {
        sb.append(" ()");
      }
    } else {
      MatchResult.TimedOut t = (MatchResult.TimedOut) r;
      sb.append('t').append(t.startRow());
      rows = t.rows();
    }
    long expected = r.startRow();
    for (MatchResult.MatchedRow row : rows) {
      if (row.row() != expected++) {
        throw new AssertionError("rows of a match not consecutive: " + rows);
      }
      String name = RowPattern.defaultName(row.variable());
      sb.append(' ').append(row.excluded() ? "{" + name + "}" : name);
    }
    return sb.toString();
  }
}
