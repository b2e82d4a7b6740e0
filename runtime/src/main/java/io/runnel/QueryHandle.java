package io.runnel;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A running standing query. Its changes can be taken either by {@link #subscribe} (a callback, called from
 * the query's thread) or by {@link #changes()} (a blocking iterator), not both. Closing the handle cancels
 * the query.
 */
public interface QueryHandle extends AutoCloseable {

  /** Engine-wide unique id, as SHOW QUERIES lists it. */
  String id();

  List<Column> columns();

  /** True when the result is updating (holds -U, +U or -D changes), false when insert-only. */
  boolean updating();

  /** Delivers every change to {@code consumer} on the query's thread, in order. */
  void subscribe(Consumer<Change> consumer);

  /**
   * A blocking iterator over the changes: {@code hasNext()} waits for the next change and returns false
   * once the query has ended (its bounded inputs are exhausted, it was cancelled, or it failed; see {@link
   * #failure()}).
   */
  Iterator<Change> changes();

  /** Waits up to {@code timeout} for the query to end; true if it has. */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  boolean isDone();

  /** True when every input of the query is bounded (a file, VALUES): the query ends by itself. */
  boolean bounded();

  /**
   * Waits until the query has processed every row appended to its inputs before this call (or has
   * ended); true if it has within {@code timeout}. Changes it produced are delivered before this returns.
   */
  boolean sync(Duration timeout) throws InterruptedException;

  /** Why the query stopped with an error, or null. */
  Throwable failure();

  /** Live counters: rows read, rows emitted, current watermark (epoch millis, Long.MIN_VALUE if none). */
  QueryStats stats();

  /** Stops the query. Idempotent. */
  void cancel();

  @Override
  default void close() {
    cancel();
  }
}
