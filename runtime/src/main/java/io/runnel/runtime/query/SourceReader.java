package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;

/** One input of a running query. Used by the query's thread only. */
public interface SourceReader extends AutoCloseable {
  /** The next batch available now, or null if there is none yet (or no more). Never blocks. */
  Batch poll();

  /** True once a bounded input has delivered its last row; never true for an unbounded one. */
  boolean exhausted();

  /**
   * How many rows of its partition the reader has read (or skipped from the start): the row the next
   * batch starts at. -1 when unknown (a reader that began at the end of its log).
   */
  default long position() {
    return -1;
  }

  @Override
  default void close() {}
}
