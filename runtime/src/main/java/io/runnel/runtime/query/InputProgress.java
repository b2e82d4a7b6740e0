package io.runnel.runtime.query;

/**
 * Where a running query is in one partition of a relation it reads: {@code name} is the relation, with
 * {@code /partition} when it has several; {@code position} the rows read (-1 when the query began at the
 * log's end and does not know the row); {@code lagRows} the rows appended that it has yet to read; {@code
 * watermark} the partition's (Long.MIN_VALUE without one, or before any).
 */
public record InputProgress(int vertex, String name, long position, long lagRows, long watermark) {}
