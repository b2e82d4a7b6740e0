package io.runnel.operators.rank;

/**
 * A row held in state with its place in the order of arrival ({@code seq}, counted by the operator and part
 * of its snapshot), which breaks ties deterministically.
 */
final class Entry {
  /** What an entry adds to its row: the entry itself and the tree node holding it. */
  static final long BYTES = 32 + 32;

  final Object[] row;
  final long seq;

  Entry(Object[] row, long seq) {
    this.row = row;
    this.seq = seq;
  }
}
