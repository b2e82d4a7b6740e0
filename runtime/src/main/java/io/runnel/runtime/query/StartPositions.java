package io.runnel.runtime.query;

import io.runnel.runtime.checkpoint.Checkpoint;

/**
 * Where a query begins to read each partition of its sources. Tables and bounded streams are read whole
 * (their content is their whole log), unless the positions are {@link #exact}: those of a checkpoint,
 * which say where the restored state left off, for every source.
 */
@FunctionalInterface
public interface StartPositions {
  /** The whole logs. */
  StartPositions EARLIEST = (vertex, relation, partition) -> 0;

  /** Only rows appended from now on. */
  StartPositions LATEST = (vertex, relation, partition) -> -1;

  /**
   * The row of partition {@code partition} of {@code relation}, read by source vertex {@code vertex}, to
   * begin at (0: its first), or -1 for its end.
   */
  long row(int vertex, String relation, int partition);

  /** True when the positions hold for tables and bounded streams as well. */
  default boolean exact() {
    return false;
  }

  static StartPositions of(boolean fromStart) {
    return fromStart ? EARLIEST : LATEST;
  }

  /** Where a query on one task left off when {@code checkpoint} was taken. */
  static StartPositions of(Checkpoint checkpoint) {
    return new StartPositions() {
      @Override
      public long row(int vertex, String relation, int partition) {
        long[] rows = checkpoint.positions().get(vertex);
        if (rows == null || partition >= rows.length) {
          throw new IllegalStateException("checkpoint " + checkpoint.epoch() + " has no position for partition " + partition + " of " + relation);
        }
        return rows[partition];
      }

      @Override
      public boolean exact() {
        return true;
      }
    };
  }
}
