package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;

/** One input of a running query. Used by the query's thread only. */
public interface SourceReader extends AutoCloseable {
  /** The next batch available now, or null if there is none yet (or no more). Never blocks. */
  Batch poll();

  /**
   * The largest watermark written into the log among what the reader has passed, or {@code Long.MIN_VALUE}.
   * A poll that passes one returns an empty batch, so that the rows after it are read apart.
   */
  default long watermark() {
    return Long.MIN_VALUE;
  }

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
