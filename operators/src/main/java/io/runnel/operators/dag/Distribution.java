package io.runnel.operators.dag;

import java.util.List;

/**
 * How the rows of an operator's input must be spread over a query's parallel tasks. {@code FORWARD}: any
 * task's rows may stay in that task (stateless, or state that is not keyed). {@code HASH}: rows with equal
 * values in {@code keys} must meet in one task, the one their hash picks. {@code SINGLETON}: every row must
 * reach one task (state over the whole input, such as an aggregate without GROUP BY).
 */
public record Distribution(Kind kind, List<Integer> keys) {
  public enum Kind {
    FORWARD,
    HASH,
    SINGLETON
  }

  public static final Distribution FORWARD = new Distribution(Kind.FORWARD, List.of());
  public static final Distribution SINGLETON = new Distribution(Kind.SINGLETON, List.of());

  public Distribution {
    keys = List.copyOf(keys);
    if ((kind == Kind.HASH) == keys.isEmpty()) {
      throw new IllegalArgumentException(kind + " distribution with keys " + keys);
    }
  }

  /** Rows meet by {@code keys}; with no keys, all rows meet in one task. */
  public static Distribution byKeys(List<Integer> keys) {
    return keys.isEmpty() ? SINGLETON : new Distribution(Kind.HASH, keys);
  }

  public int[] keyArray() {
    return keys.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public String toString() {
    return kind == Kind.HASH ? "hash" + keys.stream().map(k -> "$" + k).toList() : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
