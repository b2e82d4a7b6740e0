package io.runnel.operators.join;

/**
 * Which rows a join emits. INNER: the matching pairs. LEFT, RIGHT, FULL: also each row of the preserved
 * side (left, right, both) that has no match, padded with nulls for the other side. SEMI: the left rows that
 * have a match (EXISTS); ANTI: those that have none (NOT EXISTS); both emit left columns only.
 */
public enum JoinType {
  INNER,
  LEFT,
  RIGHT,
  FULL,
  SEMI,
  ANTI;

  /** Whether the rows of input {@code side} (0 left, 1 right) are emitted, padded, when they have no match. */
  public boolean preserves(int side) {
    return this == FULL || (side == 0 ? this == LEFT : this == RIGHT);
  }

  /** Whether the join emits pairs of rows (left columns then right columns), not left rows alone. */
  public boolean emitsPairs() {
    return this != SEMI && this != ANTI;
  }
}
