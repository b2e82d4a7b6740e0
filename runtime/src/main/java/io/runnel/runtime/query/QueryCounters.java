package io.runnel.runtime.query;

/** Progress counters, written by the query's thread only and read by anyone. */
final class QueryCounters {
  volatile long rowsIn;
  volatile long rowsOut;
  volatile long watermark = Long.MIN_VALUE;
  /** Rows windowed operators dropped as late (also written to sys.late). */
  volatile long lateRows;
  /** Rows whose watermark candidate was too far ahead to advance the watermark (also in sys.errors). */
  volatile long farAheadRows;
  /** The largest event time read, over the rows whose watermark candidate was taken (Long.MIN_VALUE: none yet). */
  volatile long newestEventTime = Long.MIN_VALUE;
  /** Rounds in which every source was polled and none had data; a round starts after all before it. */
  volatile long idleRounds;
  /** Incremented when a round starts. */
  volatile long roundsStarted;
}
