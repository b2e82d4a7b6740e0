package io.runnel.runtime.query;

import java.util.function.LongSupplier;

/**
 * One partition of a relation that a task of a query reads, as SHOW QUERIES and DESCRIBE QUERY show it:
 * {@code name} is the relation, with {@code /partition} when it has several. Its numbers are read from any
 * thread while the task reads on.
 *
 * @param vertex the source vertex reading it
 * @param rowCount how many rows the partition's log holds now
 * @param tracker its watermark, or null when the relation has none
 */
record InputPartition(int vertex, String name, int partition, SourceReader reader, LongSupplier rowCount, WatermarkTracker tracker) {

  /** How many rows of the partition the query has read, or -1 when it began at the log's end and does not know. */
  long position() {
    return reader.position();
  }

  /** How many rows appended to the partition the query has yet to read (0 when its position is unknown). */
  long lag() {
    long position = reader.position();
    return position < 0 ? 0 : Math.max(0, rowCount.getAsLong() - position);
  }

  /** The partition's watermark; Long.MIN_VALUE without one, or before any. */
  long watermark() {
    return tracker == null ? Long.MIN_VALUE : tracker.published();
  }
}
