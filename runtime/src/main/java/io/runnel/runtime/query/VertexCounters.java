package io.runnel.runtime.query;

import io.runnel.operators.api.Operator;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What each vertex of one task has done, for DESCRIBE QUERY: rows in and out, the watermark it passed on,
 * and its state as its operator estimates it. Written by the task's thread only, with release stores (a
 * plain store on x86, no fence on the hot path), and read by anyone: a reader sees each number as it was at
 * some recent moment, not the numbers of one instant.
 */
final class VertexCounters {
  private static final int ROWS_IN = 0;
  private static final int ROWS_OUT = 1;
  private static final int WATERMARK = 2;
  private static final int STATE_ENTRIES = 3;
  private static final int STATE_BYTES = 4;
  private static final int FIELDS = 5;

  private final AtomicLongArray values;

  VertexCounters(int vertices) {
    values = new AtomicLongArray(vertices * FIELDS);
    for (int v = 0; v < vertices; v++) {
      values.setPlain(v * FIELDS + WATERMARK, Long.MIN_VALUE);
    }
  }

  int vertices() {
    return values.length() / FIELDS;
  }

  /** Rows handed to vertex {@code v}, from any input. */
  void rowsIn(int v, int rows) {
    add(v * FIELDS + ROWS_IN, rows);
  }

  /** Rows vertex {@code v} emitted (a source: read). */
  void rowsOut(int v, int rows) {
    add(v * FIELDS + ROWS_OUT, rows);
  }

  /** The watermark vertex {@code v} passed on. */
  void watermark(int v, long watermark) {
    values.setRelease(v * FIELDS + WATERMARK, watermark);
  }

  /** Takes the state estimates of {@code op}, the operator of vertex {@code v}. */
  void state(int v, Operator op) {
    values.setRelease(v * FIELDS + STATE_ENTRIES, op.stateEntries());
    values.setRelease(v * FIELDS + STATE_BYTES, op.stateBytes());
  }

  private void add(int i, long n) {
    values.setRelease(i, values.getPlain(i) + n); // one writer: no atomic read-modify-write needed
  }

  long rowsIn(int v) {
    return values.getAcquire(v * FIELDS + ROWS_IN);
  }

  long rowsOut(int v) {
    return values.getAcquire(v * FIELDS + ROWS_OUT);
  }

  /** Long.MIN_VALUE before any, Long.MAX_VALUE at the end of input. */
  long watermark(int v) {
    return values.getAcquire(v * FIELDS + WATERMARK);
  }

  long stateEntries(int v) {
    return values.getAcquire(v * FIELDS + STATE_ENTRIES);
  }

  long stateBytes(int v) {
    return values.getAcquire(v * FIELDS + STATE_BYTES);
  }
}
