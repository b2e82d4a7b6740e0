package io.runnel;

/**
 * A point-in-time view of a query's progress. {@code watermark} is Long.MIN_VALUE before the first; {@code
 * lateRows} counts rows dropped because their window had closed (each is also in {@code sys.late}); {@code
 * farAheadRows} counts rows whose event time was too far ahead to advance the watermark (each is also in
 * {@code sys.errors}; see the stream option {@code watermark.max-ahead}).
 */
public record QueryStats(long rowsIn, long rowsOut, long watermark, long lateRows, long farAheadRows) {}
