package io.runnel.tests.differential;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The pieces of a random {@code MATCH_RECOGNIZE} query, as values that both print as SQL and are read by
 * {@link MatchModel}: row patterns and the expressions of DEFINE and MEASURES. Every expression prints fully
 * parenthesized, so that its SQL reads the same in any dialect whatever the precedence rules.
 */
final class MatchSyntax {
  private MatchSyntax() {}

  /** A row pattern. */
  sealed interface Pattern permits Var, Seq, Alt, Quantified, Permute, Exclude, Anchor, Empty {
    /** The pattern as SQL, as it may stand anywhere (a quantifier's operand, a term of a concatenation). */
    default String primary() {
      String sql = sql();
      return this instanceof Var || this instanceof Permute || this instanceof Exclude || this instanceof Anchor || this instanceof Empty
          ? sql
          : "(" + sql + ")";
    }

    String sql();
  }

  /** A pattern variable. */
  record Var(String name) implements Pattern {
    Var {
      requireNonNull(name, "name is null");
    }

    @Override
    public String sql() {
      return name;
    }
  }

  /** A concatenation. */
  record Seq(List<Pattern> parts) implements Pattern {
    Seq {
      parts = List.copyOf(parts);
    }

    @Override
    public String sql() {
      return parts.stream().map(p -> p instanceof Alt ? p.primary() : p.sql()).collect(Collectors.joining(" "));
    }
  }

  /** An alternation: the left alternative is preferred. */
  record Alt(List<Pattern> alternatives) implements Pattern {
    Alt {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public String sql() {
      return alternatives.stream().map(Pattern::sql).collect(Collectors.joining(" | "));
    }
  }

  /** {@code inner} repeated {@code min} to {@code max} times ({@code max} -1: no bound), greedy or reluctant. */
  record Quantified(Pattern inner, int min, int max, boolean reluctant) implements Pattern {
    Quantified {
      requireNonNull(inner, "inner is null");
    }

    @Override
    public String sql() {
      String q;
      if (min == 0 && max < 0) {
        q = "*";
      } else if (min == 1 && max < 0) {
        q = "+";
      } else if (min == 0 && max == 1) {
        q = "?";
      } else if (max < 0) {
        q = "{" + min + ",}";
      } else if (min == max) {
        q = "{" + min + "}";
      } else {
        q = "{" + (min == 0 ? "" : min) + "," + max + "}";
      }
      return inner.primary() + q + (reluctant ? "?" : "");
    }
  }

  /** {@code PERMUTE(...)}: the alternation of every order of its parts, in lexicographic order of positions. */
  record Permute(List<Pattern> parts) implements Pattern {
    Permute {
      parts = List.copyOf(parts);
    }

    @Override
    public String sql() {
      return "PERMUTE(" + parts.stream().map(Pattern::sql).collect(Collectors.joining(", ")) + ")";
    }
  }

  /** {@code {- inner -}}: rows that are part of the match but not of ALL ROWS PER MATCH's output. */
  record Exclude(Pattern inner) implements Pattern {
    Exclude {
      requireNonNull(inner, "inner is null");
    }

    @Override
    public String sql() {
      return "{- " + inner.sql() + " -}";
    }
  }

  /** {@code ^} (the partition's start) or {@code $} (its end). */
  record Anchor(boolean start) implements Pattern {
    @Override
    public String sql() {
      return start ? "^" : "$";
    }
  }

  /** {@code ()}: matches no row. */
  record Empty() implements Pattern {
    @Override
    public String sql() {
      return "()";
    }
  }

  /** An expression of DEFINE or MEASURES: a value or a condition (three-valued). */
  sealed interface Expr permits Lit, Col, Nav, Agg, Classifier, MatchNumber, Semantics, Bin, Not, IsNull {
    String sql();
  }

  /** A constant: a Long or a String. */
  record Lit(Object value) implements Expr {
    Lit {
      requireNonNull(value, "value is null");
    }

    @Override
    public String sql() {
      return value instanceof String s ? "'" + s + "'" : value.toString();
    }
  }

  /** A column, qualified by a variable or subset ({@code A.x}), or not ({@code x}: every row). */
  record Col(String var, String column) implements Expr {
    Col {
      requireNonNull(column, "column is null");
    }

    @Override
    public String sql() {
      return var == null ? column : var + "." + column;
    }
  }

  /** The functions that navigate to one row. */
  enum NavKind {
    FIRST,
    LAST,
    PREV,
    NEXT
  }

  /**
   * {@code FIRST(arg, offset)}, {@code LAST(...)}, {@code PREV(...)} or {@code NEXT(...)}; {@code offset} -1
   * when it is not written (0 for FIRST and LAST, 1 for PREV and NEXT). The argument of FIRST and LAST reads
   * one variable's columns; that of PREV and NEXT too, or is itself a FIRST or LAST.
   */
  record Nav(NavKind kind, Expr arg, int offset) implements Expr {
    Nav {
      requireNonNull(kind, "kind is null");
      requireNonNull(arg, "arg is null");
    }

    int steps() {
      return offset >= 0 ? offset : kind == NavKind.PREV || kind == NavKind.NEXT ? 1 : 0;
    }

    @Override
    public String sql() {
      return kind + "(" + arg.sql() + (offset >= 0 ? ", " + offset : "") + ")";
    }
  }

  /** An aggregate over the rows of {@code var} (null: every row); {@code arg} null counts rows ({@code COUNT(*)}, {@code COUNT(A.*)}). */
  record Agg(String function, String var, Expr arg) implements Expr {
    Agg {
      requireNonNull(function, "function is null");
    }

    @Override
    public String sql() {
      return function + "(" + (arg != null ? arg.sql() : var == null ? "*" : var + ".*") + ")";
    }
  }

  /** {@code CLASSIFIER()}. */
  record Classifier() implements Expr {
    @Override
    public String sql() {
      return "CLASSIFIER()";
    }
  }

  /** {@code MATCH_NUMBER()}. */
  record MatchNumber() implements Expr {
    @Override
    public String sql() {
      return "MATCH_NUMBER()";
    }
  }

  /** {@code FINAL call} or {@code RUNNING call}, in MEASURES. */
  record Semantics(boolean isFinal, Expr call) implements Expr {
    Semantics {
      requireNonNull(call, "call is null");
    }

    @Override
    public String sql() {
      return (isFinal ? "FINAL " : "RUNNING ") + call.sql();
    }
  }

  /** An arithmetic ({@code + - *}), comparison ({@code = <> < <= > >=}) or logical ({@code AND OR}) operator. */
  record Bin(String op, Expr left, Expr right) implements Expr {
    Bin {
      requireNonNull(op, "op is null");
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
    }

    @Override
    public String sql() {
      return "(" + left.sql() + " " + op + " " + right.sql() + ")";
    }
  }

  /** {@code NOT e}. */
  record Not(Expr e) implements Expr {
    Not {
      requireNonNull(e, "e is null");
    }

    @Override
    public String sql() {
      return "(NOT " + e.sql() + ")";
    }
  }

  /** {@code e IS NULL} or {@code e IS NOT NULL}. */
  record IsNull(Expr e, boolean negated) implements Expr {
    IsNull {
      requireNonNull(e, "e is null");
    }

    @Override
    public String sql() {
      return "(" + e.sql() + (negated ? " IS NOT NULL)" : " IS NULL)");
    }
  }
}
