package io.runnel;

/**
 * A point-in-time view of a query's progress. {@code watermark} is Long.MIN_VALUE before the first; {@code
 * lateRows} counts rows dropped because their window had closed (each is also in {@code sys.late}).
 */
public record QueryStats(long rowsIn, long rowsOut, long watermark, long lateRows) {}
