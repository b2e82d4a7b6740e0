package io.runnel.parser.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A row pattern of MATCH_RECOGNIZE's {@code PATTERN (...)}, as written up to form: a group without a
 * quantifier leaves no node of its own, and a concatenation or alternation inside another of its kind is
 * flattened into it ({@code A (B C)} is {@code A B C}). Every node has the position of its first token.
 *
 * <p>{@link #toString()} prints a node back as SQL, with parentheses only where precedence needs them
 * (a quantifier binds tightest, then concatenation, then alternation), so that EXPLAIN can show it.
 */
public sealed interface PatternNode extends Node {

  /** A pattern variable, defined in DEFINE or, if not, matching any row. */
  record Var(Pos pos, Name name) implements PatternNode {
    public Var {
      requireNonNull(name, "name is null");
    }

    @Override
    public String toString() {
      return name.quoted() ? '"' + name.value().replace("\"", "\"\"") + '"' : name.value();
    }
  }

  /** Its terms one after the other; at least two, none a concatenation. */
  record Concat(Pos pos, List<PatternNode> terms) implements PatternNode {
    public Concat {
      terms = List.copyOf(terms);
    }

    @Override
    public String toString() {
      return terms.stream().map(t -> t instanceof Alt ? "(" + t + ")" : t.toString()).collect(Collectors.joining(" "));
    }
  }

  /** {@code a | b}: the first alternative that leads to a match, in order; at least two, none an alternation. */
  record Alt(Pos pos, List<PatternNode> alternatives) implements PatternNode {
    public Alt {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public String toString() {
      return alternatives.stream().map(PatternNode::toString).collect(Collectors.joining(" | "));
    }
  }

  /**
   * {@code pattern} repeated from {@code min} to {@code max} times ({@code max} null: unbounded), as many as
   * possible, or as few when {@code reluctant} ({@code *?}). {@code *} is 0 to unbounded, {@code +} 1 to
   * unbounded, {@code ?} 0 to 1, {@code {n}} n to n, {@code {n,}} n to unbounded, {@code {,m}} 0 to m.
   * The parser has checked that 0 <= min <= max and max >= 1.
   */
  record Quantified(Pos pos, PatternNode pattern, int min, Integer max, boolean reluctant) implements PatternNode {
    public Quantified {
      requireNonNull(pattern, "pattern is null");
    }

    /** The quantifier alone, in its shortest form: {@code {0,}} prints as {@code *}, {@code {0,1}} as {@code ?}. */
    public String quantifier() {
      String greedy;
      if (max == null) {
        greedy = min == 0 ? "*" : min == 1 ? "+" : "{" + min + ",}";
      } else if (min == 0 && max == 1) {
        greedy = "?";
      } else if (min == max) {
        greedy = "{" + min + "}";
      } else {
        greedy = min == 0 ? "{," + max + "}" : "{" + min + "," + max + "}";
      }
      return reluctant ? greedy + "?" : greedy;
    }

    @Override
    public String toString() {
      boolean group = pattern instanceof Concat || pattern instanceof Alt || pattern instanceof Quantified;
      return (group ? "(" + pattern + ")" : pattern.toString()) + quantifier();
    }
  }

  /** {@code PERMUTE(a, b, ...)}: its patterns in any order, the orders tried as the permutations of the list. */
  record Permute(Pos pos, List<PatternNode> patterns) implements PatternNode {
    public Permute {
      patterns = List.copyOf(patterns);
    }

    @Override
    public String toString() {
      return patterns.stream().map(PatternNode::toString).collect(Collectors.joining(", ", "PERMUTE(", ")"));
    }
  }

  /** {@code {- pattern -}}: matched, but its rows are left out of ALL ROWS PER MATCH's output. */
  record Exclude(Pos pos, PatternNode pattern) implements PatternNode {
    public Exclude {
      requireNonNull(pattern, "pattern is null");
    }

    @Override
    public String toString() {
      return "{- " + pattern + " -}";
    }
  }

  /** {@code ^}: the start of the partition. */
  record Start(Pos pos) implements PatternNode {
    @Override
    public String toString() {
      return "^";
    }
  }

  /** {@code $}: the end of the partition. */
  record End(Pos pos) implements PatternNode {
    @Override
    public String toString() {
      return "$";
    }
  }

  /** {@code ()}: the empty pattern, which matches without taking a row. */
  record Empty(Pos pos) implements PatternNode {
    @Override
    public String toString() {
      return "()";
    }
  }
}
