package io.runnel.operators.rank;

/**
 * How rows of a partition are numbered in their order. {@link #ROW_NUMBER}: 1, 2, 3, ... with ties broken
 * by arrival (the earlier row first). {@link #RANK}: rows that tie share a number and leave a gap after them
 * (1, 1, 3). {@link #DENSE_RANK}: rows that tie share a number, without gaps (1, 1, 2).
 */
public enum RankFunction {
  ROW_NUMBER,
  RANK,
  DENSE_RANK
}
