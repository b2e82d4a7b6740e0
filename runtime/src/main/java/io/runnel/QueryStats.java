package io.runnel;

/** A point-in-time view of a query's progress. {@code watermark} is Long.MIN_VALUE before the first. */
public record QueryStats(long rowsIn, long rowsOut, long watermark) {}
