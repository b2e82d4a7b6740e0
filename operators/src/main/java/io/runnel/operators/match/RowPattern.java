package io.runnel.operators.match;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A row pattern of {@code MATCH_RECOGNIZE} (SQL:2016 feature R010), as the planner hands it over: immutable,
 * with pattern variables numbered 0 to n-1 (the caller keeps their names). {@link #toString} prints it back in
 * the standard's syntax, naming variable i by the i-th letter ({@code A}, {@code B}, ...; {@code V26} and up
 * past {@code Z}); {@link #toSql} takes the names.
 *
 * <p>The preference order among the ways a pattern matches follows the standard: in an alternation the left
 * alternative first, a greedy quantifier prefers more iterations and a reluctant one fewer, a concatenation
 * decides left to right, {@code PERMUTE} is the alternation of all permutations in lexicographic order of
 * the listed positions. An iteration of a quantifier that matches no row, once the quantifier has its
 * minimum of iterations, ends the quantifier: it is taken, then no further iteration is.
 */
public sealed interface RowPattern {

  /** Prints the pattern in SQL syntax, naming each variable by {@code names}. */
  String toSql(IntFunction<String> names);

  /** The default name of variable {@code v}: {@code A} to {@code Z}, then {@code V26}, {@code V27}, ... */
  static String defaultName(int v) {
    return v < 26 ? String.valueOf((char) ('A' + v)) : "V" + v;
  }

  /** The empty pattern {@code ()}: matches no row. */
  static RowPattern empty() {
    return new Concat(List.of());
  }

  /** A row mapped to pattern variable {@code variable}. */
  record Var(int variable) implements RowPattern {
    public Var {
      if (variable < 0) {
        throw new IllegalArgumentException("variable is negative: " + variable);
      }
    }

    @Override
    public String toSql(IntFunction<String> names) {
      return names.apply(variable);
    }

    @Override
    public String toString() {
      return toSql(RowPattern::defaultName);
    }
  }

  /** The patterns one after the other; none: the empty pattern {@code ()}. */
  record Concat(List<RowPattern> parts) implements RowPattern {
    public Concat {
      parts = List.copyOf(requireNonNull(parts, "parts is null"));
    }

    @Override
    public String toSql(IntFunction<String> names) {
      if (parts.isEmpty()) {
        return "()";
      }
      StringBuilder sb = new StringBuilder();
      for (RowPattern p : parts) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(p instanceof Concat || p instanceof Alt ? "(" + p.toSql(names) + ")" : p.toSql(names));
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return toSql(RowPattern::defaultName);
    }
  }

  /** One of the patterns ({@code |}), the left ones preferred. */
  record Alt(List<RowPattern> alternatives) implements RowPattern {
    public Alt {
      alternatives = List.copyOf(requireNonNull(alternatives, "alternatives is null"));
      if (alternatives.size() < 2) {
        throw new IllegalArgumentException("an alternation needs two alternatives or more");
      }
    }

    @Override
    public String toSql(IntFunction<String> names) {
      StringBuilder sb = new StringBuilder();
      for (RowPattern p : alternatives) {
        if (sb.length() > 0) {
          sb.append(" | ");
        }
        sb.append(p instanceof Alt ? "(" + p.toSql(names) + ")" : p.toSql(names));
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return toSql(RowPattern::defaultName);
    }
  }

  /**
   * {@code inner} repeated from {@code min} to {@code max} times ({@code max} -1: no bound): {@code *},
   * {@code +}, {@code ?}, {@code {n}}, {@code {n,}}, {@code {n,m}}, {@code {,m}}, greedy, or reluctant with a
   * trailing {@code ?}.
   */
  record Quantified(RowPattern inner, int min, int max, boolean reluctant) implements RowPattern {
    public static final int UNBOUNDED = -1;

    public Quantified {
      requireNonNull(inner, "inner is null");
      if (min < 0 || max < UNBOUNDED || (max != UNBOUNDED && max < min)) {
        throw new IllegalArgumentException("bad quantifier bounds {" + min + "," + max + "}");
      }
    }

    @Override
    public String toSql(IntFunction<String> names) {
      boolean atom = inner instanceof Var || inner instanceof Permute || inner instanceof Exclude
          || inner instanceof Start || inner instanceof End || (inner instanceof Concat c && c.parts().isEmpty());
      return (atom ? inner.toSql(names) : "(" + inner.toSql(names) + ")") + quantifier() + (reluctant ? "?" : "");
    }

    private String quantifier() {
      if (max == UNBOUNDED) {
        return min == 0 ? "*" : min == 1 ? "+" : "{" + min + ",}";
      }
      if (min == 0 && max == 1) {
        return "?";
      }
      return min == max ? "{" + min + "}" : min == 0 ? "{," + max + "}" : "{" + min + "," + max + "}";
    }

    @Override
    public String toString() {
      return toSql(RowPattern::defaultName);
    }
  }

  /** All orders of the patterns: the alternation of their permutations, in lexicographic order of positions. */
  record Permute(List<RowPattern> parts) implements RowPattern {
    public Permute {
      parts = List.copyOf(requireNonNull(parts, "parts is null"));
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("PERMUTE needs a pattern");
      }
    }

    @Override
    public String toSql(IntFunction<String> names) {
      StringBuilder sb = new StringBuilder("PERMUTE(");
      for (int i = 0; i < parts.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(parts.get(i).toSql(names));
      }
      return sb.append(')').toString();
    }

    @Override
    public String toString() {
      return toSql(RowPattern::defaultName);
    }
  }

  /** {@code {- inner -}}: matched as {@code inner}; its rows are flagged excluded from ALL ROWS PER MATCH output. */
  record Exclude(RowPattern inner) implements RowPattern {
    public Exclude {
      requireNonNull(inner, "inner is null");
    }

    @Override
    public String toSql(IntFunction<String> names) {
      return "{- " + inner.toSql(names) + " -}";
    }

    @Override
    public String toString() {
      return toSql(RowPattern::defaultName);
    }
  }

  /** {@code ^}: the start of the partition, before its first row. */
  record Start() implements RowPattern {
    @Override
    public String toSql(IntFunction<String> names) {
      return "^";
    }

    @Override
    public String toString() {
      return "^";
    }
  }

  /** {@code $}: the end of the partition, after its last row; known only once the input has ended. */
  record End() implements RowPattern {
    @Override
    public String toSql(IntFunction<String> names) {
      return "$";
    }

    @Override
    public String toString() {
      return "$";
    }
  }
}
