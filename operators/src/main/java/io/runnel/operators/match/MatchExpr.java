package io.runnel.operators.match;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.types.DataType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An expression of {@code MEASURES} or {@code DEFINE}: what it reads of the match ({@link Nav}s, each a value
 * found by navigating the match: {@code A.price}, {@code LAST(A.price, 1)}, {@code PREV(price)}, {@code
 * AVG(A.price)}, {@code CLASSIFIER()}, {@code MATCH_NUMBER()}), and a scalar expression over those values,
 * its input column {@code i} being the value of nav {@code i}.
 */
public record MatchExpr(List<Nav> navs, Expr outer) {
  public MatchExpr {
    navs = List.copyOf(navs);
    requireNonNull(outer, "outer is null");
  }

  /** How a nav finds its row, or what it reads instead of one. */
  public enum Kind {
    /** The {@code offset}-th last row mapped to {@code variables} (0: the last): {@code A.x}, {@code LAST(A.x, n)}. */
    LAST,
    /** The {@code offset}-th first row mapped to {@code variables}: {@code FIRST(A.x, n)}. */
    FIRST,
    /** An aggregate over the rows mapped to {@code variables}. */
    AGGREGATE,
    /** The variable the current row is mapped to, by name. */
    CLASSIFIER,
    /** The match's number in its partition, from 1 (null for a partial match cut off). */
    MATCH_NUMBER,
    /** Whether this is a partial match {@code WITHIN} cut off ({@code ONE ROW PER MATCH WITH TIMEOUTS}). */
    TIMED_OUT
  }

  /** {@code COUNT}, {@code SUM}, {@code AVG}, {@code MIN}, {@code MAX} over a variable's rows. */
  public enum Aggregate {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX
  }

  /**
   * One value read of the match. {@code variables} holds the variables whose rows count (null: every row of
   * the match, the universal variable); {@code physical} moves from the row found by that many rows (PREV:
   * negative, NEXT: positive), whether or not they are in the match; {@code inner} is evaluated on the row
   * found (null for COUNT(*) and for CLASSIFIER, MATCH_NUMBER and TIMED_OUT); {@code isFinal} reads the whole match
   * rather than the match up to the current row (only in MEASURES). {@code type} is the value's type.
   */
  public record Nav(Kind kind, int[] variables, long offset, long physical, Aggregate aggregate, Expr inner, boolean isFinal, DataType type) {
    public Nav {
      requireNonNull(kind, "kind is null");
      requireNonNull(type, "type is null");
    }

    /** True when the nav reads nothing but the current row and its physical neighbours (in DEFINE, of {@code variable}). */
    public boolean readsCurrentRowOnly(int variable) {
      boolean current = variables == null || (variables.length == 1 && variables[0] == variable);
      return (kind == Kind.LAST && offset == 0 && current) || kind == Kind.CLASSIFIER;
    }

    @Override
    public String toString() {
      String vars = variables == null ? "*" : java.util.Arrays.toString(variables);
      String base =
          switch (kind) {
            case LAST -> "LAST(" + vars + (inner == null ? "" : "." + inner) + (offset == 0 ? "" : ", " + offset) + ")";
            case FIRST -> "FIRST(" + vars + (inner == null ? "" : "." + inner) + (offset == 0 ? "" : ", " + offset) + ")";
            case AGGREGATE -> aggregate + "(" + vars + (inner == null ? ".*" : "." + inner) + ")";
            case CLASSIFIER -> "CLASSIFIER()";
            case MATCH_NUMBER -> "MATCH_NUMBER()";
            case TIMED_OUT -> "MATCH_TIMED_OUT()";
          };
      String moved = physical == 0 ? base : physical < 0 ? "PREV(" + base + ", " + -physical + ")" : "NEXT(" + base + ", " + physical + ")";
      return isFinal ? "FINAL " + moved : moved;
    }
  }

  /** The largest {@code NEXT} offset of any nav. */
  public long lookahead() {
    return navs.stream().mapToLong(n -> Math.max(0, n.physical())).max().orElse(0);
  }

  /** The largest {@code PREV} offset of any nav. */
  public long lookbehind() {
    return navs.stream().mapToLong(n -> Math.max(0, -n.physical())).max().orElse(0);
  }

  @Override
  public String toString() {
    String text = outer.toString();
    for (int i = navs.size() - 1; i >= 0; i--) {
      text = text.replace("$" + i, navs.get(i).toString());
    }
    return text;
  }

  /** The navs, for EXPLAIN. */
  public String describeNavs() {
    return navs.stream().map(Nav::toString).collect(Collectors.joining(", "));
  }
}
