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

  /**
   * Where task {@code task} of a query left off when {@code checkpoint} was taken: its part's positions,
   * one per partition it reads (partitions task, task + parallelism, ...).
   */
  static StartPositions of(Checkpoint checkpoint, int task) {
    Checkpoint.Task part = checkpoint.tasks().get(task);
    int parallelism = checkpoint.parallelism();
    return new StartPositions() {
      @Override
      public long row(int vertex, String relation, int partition) {
        long[] rows = part.positions().get(vertex);
        int index = (partition - task) / parallelism;
        if (rows == null || partition < task || index >= rows.length) {
          throw new IllegalStateException(
              "checkpoint " + checkpoint.epoch() + " has no position for partition " + partition + " of " + relation + " in task " + task);
        }
        return rows[index];
      }

      @Override
      public boolean exact() {
        return true;
      }
    };
  }
}
