package io.runnel.runtime.query;

/**
 * Where a query begins to read each partition of the streams it reads (tables and bounded streams are
 * always read whole: their content is their whole log).
 */
@FunctionalInterface
public interface StartPositions {
  /** The whole logs. */
  StartPositions EARLIEST = (relation, partition) -> 0;

  /** Only rows appended from now on. */
  StartPositions LATEST = (relation, partition) -> -1;

  /** The row of partition {@code partition} of {@code relation} to begin at (0: its first), or -1 for its end. */
  long row(String relation, int partition);

  static StartPositions of(boolean fromStart) {
    return fromStart ? EARLIEST : LATEST;
  }
}
