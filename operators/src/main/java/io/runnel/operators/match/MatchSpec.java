package io.runnel.operators.match;

import static java.util.Objects.requireNonNull;

/**
 * The plan-time configuration of row pattern matching: the compiled pattern, {@code AFTER MATCH SKIP}, and
 * {@code WITHIN} in millis (-1: none). Under {@code WITHIN w} every row of a match lies at most {@code w}
 * after the match's first row: {@code time(row) - time(first row) <= w}.
 */
public record MatchSpec(Automaton automaton, AfterMatchSkip skip, long within) {
  public static final long NO_WITHIN = -1;

  public MatchSpec {
    requireNonNull(automaton, "automaton is null");
    requireNonNull(skip, "skip is null");
    if (within < NO_WITHIN) {
      throw new IllegalArgumentException("within is negative: " + within);
    }
    int target = skip instanceof AfterMatchSkip.ToFirst f ? f.variable() : skip instanceof AfterMatchSkip.ToLast l ? l.variable() : -1;
    boolean toVariable = skip instanceof AfterMatchSkip.ToFirst || skip instanceof AfterMatchSkip.ToLast;
    if (toVariable && (target < 0 || target >= automaton.variables())) {
      throw new IllegalArgumentException("skip target variable " + target + " out of range: the pattern has " + automaton.variables());
    }
  }

  /** Matching without {@code WITHIN}. */
  public MatchSpec(Automaton automaton, AfterMatchSkip skip) {
    this(automaton, skip, NO_WITHIN);
  }

  /** A matcher for a new partition, sharing nothing. */
  public Matcher newMatcher(Conditions conditions) {
    return new Matcher(this, conditions, 0, 1, share(conditions));
  }

  /**
   * What matchers whose conditions answer as {@code conditions} do (every partition of one operator) may
   * share, on one thread: see {@link #resumeMatcher}.
   */
  public Matcher.Shared share(Conditions conditions) {
    return new Matcher.Shared(automaton, conditions);
  }

  /**
   * A matcher continuing a partition whose matcher was {@link Matcher#idle} and dropped (or a new one: row 0,
   * match number 1): {@code nextRow} and {@code nextMatchNumber} as it reported them.
   */
  public Matcher resumeMatcher(Conditions conditions, long nextRow, long nextMatchNumber, Matcher.Shared shared) {
    return new Matcher(this, conditions, nextRow, nextMatchNumber, shared);
  }
}
