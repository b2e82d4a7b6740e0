package io.runnel.planner.logical;

import io.runnel.parser.ast.PatternNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds a row pattern no match of which is ever decided while rows keep coming: where every match passes a
 * greedy quantifier with no upper bound that can always take one more row.
 *
 * <p>A <em>trap</em> is a greedy quantifier with no upper bound ({@code *}, {@code +}, {@code {n,}}) whose body
 * cannot match zero rows and has a <em>free path</em>: a way through it of one row or more, every row taken by
 * a variable that takes any row (no DEFINE, or DEFINE ... AS TRUE), with no anchor. A thread of an attempt at
 * a trap, wanting another iteration, takes the next row by the free path whatever it holds and is back at the
 * trap; its condition never fails and its iteration is preferred over leaving the quantifier. So it lives
 * until an accepting thread preferred over it cuts it off, the input ends, or WITHIN expires it.
 *
 * <p>The pattern is refused ({@link #find}) when every accepting path of it meets a trap in one of two ways:
 *
 * <ul>
 *   <li>it leaves a trap: it does so at an iteration's start with the count at its minimum or more (the body
 *       matches no empty iteration, and there is no upper bound), where iterating again, by the free path, is
 *       preferred; or
 *   <li>an alternation of it prefers an alternative that reaches a trap by a free route: variables that take
 *       any row, no anchor, and patterns that match zero rows ({@code certain}).
 * </ul>
 *
 * Either way a thread preferred over the match lives until a match preferred over it cuts it off. Take the
 * match the attempt would decide on: the most preferred one found. A thread preferred over it is alive, unless
 * an accepting thread preferred over that one cut it off, which would be a match preferred over the most
 * preferred one. So the attempt is never decided with a match; and as attempts are decided in order of start
 * row, the first attempt to reach a trap leaves every later one of its partition undecided as well. Nothing is
 * answered but, under {@code WITH UNMATCHED ROWS}, the unmatched rows before it.
 *
 * <p>Narrow on purpose. Defined variables are taken to hold or fail on any row. A pattern where some accepting
 * path meets no trap is accepted, {@code X | A+} say: its attempts whose X matches are decided, though the
 * first whose X fails waits at {@code A+} for ever. A trap's body must not match zero rows: an empty iteration
 * ends a quantifier, so a nullable body may leave it by a path preferred over iterating again.
 */
final class UndecidedMatches {
  private final Predicate<PatternNode.Var> anyRow;

  private UndecidedMatches(Predicate<PatternNode.Var> anyRow) {
    this.anyRow = anyRow;
  }

  /**
   * The trap a match of {@code pattern} can never be decided past, and the variables of its free path, when
   * every match of {@code pattern} waits on a trap; null when some match may be decided. {@code anyRow} tells
   * the variables that take any row.
   */
  static Trap find(PatternNode pattern, Predicate<PatternNode.Var> anyRow) {
    UndecidedMatches m = new UndecidedMatches(anyRow);
    PatternNode.Quantified q = m.covered(pattern);
    return q == null ? null : new Trap(q, m.free(q.pattern()));
  }

  /** A quantifier that holds every match through it, and the variables its body takes any row by. */
  record Trap(PatternNode.Quantified quantifier, List<PatternNode.Var> variables) {}

  /** Whether {@code q} is a trap: greedy, unbounded, its body not nullable, with a free path. */
  private boolean trap(PatternNode.Quantified q) {
    return !q.reluctant() && q.max() == null && !nullable(q.pattern()) && free(q.pattern()) != null;
  }

  /**
   * A trap that every accepting path through {@code p} leaves, or finds a free route to in an alternative
   * preferred over its own; null when some path does neither.
   */
  private PatternNode.Quantified covered(PatternNode p) {
    if (p instanceof PatternNode.Quantified q) {
      if (trap(q)) {
        return q;
      }
      return q.min() >= 1 ? covered(q.pattern()) : null; // every path takes the body at least once
    }
    if (p instanceof PatternNode.Concat c) {
      for (PatternNode t : c.terms()) {
        PatternNode.Quantified q = covered(t);
        if (q != null) {
          return q;
        }
      }
      return null;
    }
    if (p instanceof PatternNode.Alt a) {
      PatternNode.Quantified first = null;
      boolean preferredTrap = false; // an earlier alternative reaches a trap by a free route
      for (PatternNode alternative : a.alternatives()) {
        PatternNode.Quantified q = covered(alternative);
        if (q == null && !preferredTrap) {
          return null;
        }
        if (first == null) {
          first = q;
        }
        preferredTrap |= certain(alternative) != null;
      }
      return first;
    }
    if (p instanceof PatternNode.Permute pm) {
      for (PatternNode part : pm.patterns()) { // every order takes every part
        PatternNode.Quantified q = covered(part);
        if (q != null) {
          return q;
        }
      }
      return null;
    }
    if (p instanceof PatternNode.Exclude x) {
      return covered(x.pattern());
    }
    return null; // a variable, an anchor, ()
  }

  /** A trap that some free route from the start of {@code p} reaches, or null. */
  private PatternNode.Quantified certain(PatternNode p) {
    if (p instanceof PatternNode.Quantified q) {
      return trap(q) ? q : certain(q.pattern()); // any quantifier may take its body a first time
    }
    if (p instanceof PatternNode.Concat c) {
      for (PatternNode t : c.terms()) {
        PatternNode.Quantified q = certain(t);
        if (q != null) {
          return q;
        }
        if (free(t) == null && !emptyFree(t)) {
          return null;
        }
      }
      return null;
    }
    if (p instanceof PatternNode.Alt a) {
      for (PatternNode alternative : a.alternatives()) {
        PatternNode.Quantified q = certain(alternative);
        if (q != null) {
          return q;
        }
      }
      return null;
    }
    if (p instanceof PatternNode.Permute pm) {
      for (PatternNode part : pm.patterns()) { // the orders that begin with it
        PatternNode.Quantified q = certain(part);
        if (q != null) {
          return q;
        }
      }
      return null;
    }
    if (p instanceof PatternNode.Exclude x) {
      return certain(x.pattern());
    }
    return null;
  }

  /**
   * The variables of a free path through {@code p}, in order: one row or more, each taken by a variable that
   * takes any row, no anchor; null when there is none.
   */
  private List<PatternNode.Var> free(PatternNode p) {
    if (p instanceof PatternNode.Var v) {
      return anyRow.test(v) ? List.of(v) : null;
    }
    if (p instanceof PatternNode.Concat c) {
      return sequence(c.terms());
    }
    if (p instanceof PatternNode.Alt a) {
      for (PatternNode alternative : a.alternatives()) {
        List<PatternNode.Var> path = free(alternative);
        if (path != null) {
          return path;
        }
      }
      return null;
    }
    if (p instanceof PatternNode.Quantified q) {
      return free(q.pattern()); // its minimum of iterations (at least one taken), each by the same path
    }
    if (p instanceof PatternNode.Permute pm) {
      return sequence(pm.patterns());
    }
    if (p instanceof PatternNode.Exclude x) {
      return free(x.pattern());
    }
    return null;
  }

  /** A free path through {@code terms} one after the other: each free or matching zero rows without an anchor, one free. */
  private List<PatternNode.Var> sequence(List<PatternNode> terms) {
    List<PatternNode.Var> path = new ArrayList<>();
    for (PatternNode t : terms) {
      List<PatternNode.Var> part = free(t);
      if (part != null) {
        path.addAll(part);
      } else if (!emptyFree(t)) {
        return null;
      }
    }
    return path.isEmpty() ? null : path;
  }

  /** Whether {@code p} can match zero rows without an anchor. */
  private static boolean emptyFree(PatternNode p) {
    if (p instanceof PatternNode.Empty) {
      return true;
    }
    if (p instanceof PatternNode.Concat c) {
      return c.terms().stream().allMatch(UndecidedMatches::emptyFree);
    }
    if (p instanceof PatternNode.Alt a) {
      return a.alternatives().stream().anyMatch(UndecidedMatches::emptyFree);
    }
    if (p instanceof PatternNode.Quantified q) {
      return q.min() == 0 || emptyFree(q.pattern());
    }
    if (p instanceof PatternNode.Permute pm) {
      return pm.patterns().stream().allMatch(UndecidedMatches::emptyFree);
    }
    if (p instanceof PatternNode.Exclude x) {
      return emptyFree(x.pattern());
    }
    return false; // a variable takes a row; an anchor is not free
  }

  /** Whether {@code p} may match zero rows: anchors and () count as zero rows. */
  private static boolean nullable(PatternNode p) {
    if (p instanceof PatternNode.Var) {
      return false;
    }
    if (p instanceof PatternNode.Concat c) {
      return c.terms().stream().allMatch(UndecidedMatches::nullable);
    }
    if (p instanceof PatternNode.Alt a) {
      return a.alternatives().stream().anyMatch(UndecidedMatches::nullable);
    }
    if (p instanceof PatternNode.Quantified q) {
      return q.min() == 0 || nullable(q.pattern());
    }
    if (p instanceof PatternNode.Permute pm) {
      return pm.patterns().stream().allMatch(UndecidedMatches::nullable);
    }
    if (p instanceof PatternNode.Exclude x) {
      return nullable(x.pattern());
    }
    return true; // ^, $, ()
  }
}
