package io.runnel.runtime.store;

import io.runnel.operators.batch.Batch;
import io.runnel.runtime.query.SourceReader;

/**
 * The durable logs behind one stream or table: one log per partition. Appends are atomic per batch and may
 * come from any thread; readers are used by one thread each.
 */
public interface RelationStore extends AutoCloseable {

  /** Appends rows, placing them in partitions as the relation says (by key for a table). */
  void append(Batch batch);

  /** Appends rows to one partition: for connectors that split their input themselves. */
  void append(int partition, Batch batch);

  /**
   * Appends a watermark to every partition (see {@link WatermarkEntry}): readers that pass it raise the
   * partition's watermark to {@code time}. For streams with a {@code WATERMARK}; it holds no rows.
   */
  void appendWatermark(long time);

  /**
   * Appends rows that persistent query {@code producer} emitted, each exactly once however often the query
   * replays its input: {@code offered} (one count per partition, zero when the query starts writing from the
   * start of its output, and advanced here) counts the producer's rows offered to each partition so far, and
   * rows a partition already holds from the producer are skipped. Rows are placed deterministically: a
   * table's by key, a stream's by their index in the producer's output.
   */
  void appendProduced(String producer, Batch batch, long[] offered);

  /** How many rows of {@code producer}'s output partition {@code partition} holds. */
  long produced(String producer, int partition);

  int partitions();

  /** A reader of one partition from the start of its log, or from its end (new rows only). */
  default SourceReader reader(int partition, boolean fromStart) {
    return reader(partition, fromStart, null);
  }

  /**
   * A reader of one partition that decodes only the columns {@code columns} marks (all when null); the
   * others are left empty in the batches it returns.
   */
  SourceReader reader(int partition, boolean fromStart, boolean[] columns);

  /**
   * A reader of one partition from its row {@code row} (0 for its first) on, decoding the columns {@code
   * columns} marks. Rows are numbered from the first row the partition ever held: a row retention has
   * dropped is gone, and a reader asked for one starts at the first row still held.
   */
  SourceReader readerFrom(int partition, long row, boolean[] columns);

  /**
   * Drops, in each partition, the old roll cycles {@code retention} no longer keeps (see {@link
   * LogStore#applyRetention}); returns how many rows went. Row numbers, row counts and producers' counts
   * are unchanged by it. A store that keeps everything (a test's fake) drops nothing.
   */
  default long applyRetention(Retention retention) {
    return 0;
  }

  /**
   * Runs {@code wake} after every append, on the appending thread: a reader that waits for rows unparks its
   * thread with it instead of polling the log. It must be quick and must not throw.
   */
  default void onAppend(Runnable wake) {}

  /** Stops running {@code wake} after appends. */
  default void removeOnAppend(Runnable wake) {}

  /** Number of rows in one partition, counting those retention dropped. */
  long rowCount(int partition);

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
