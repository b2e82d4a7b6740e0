package io.runnel.runtime.store;

import io.runnel.operators.batch.Batch;
import io.runnel.runtime.query.SourceReader;

/**
 * The durable log behind one stream or table. Appends are atomic per batch and may come from any thread;
 * readers are used by one thread each.
 */
public interface RelationStore extends AutoCloseable {

  void append(Batch batch);

  /** A reader from the start of the log, or from its end (new rows only). */
  SourceReader reader(boolean fromStart);

  /** Number of rows in the log. */
  long rowCount();

  /**
   * Marks a bounded relation as complete: no more rows will be appended, so readers become exhausted once
   * they have read everything. Unbounded relations are never sealed.
   */
  void seal();

  boolean sealed();

  /** True for a relation filled by a bounded connector (a file): it will be sealed once filled. */
  boolean bounded();

  @Override
  void close();
}
