package io.runnel.operators.api;

/**
 * An assertion, travelling in band between batches, that no row with an event time at or below {@code
 * timestamp} (epoch milliseconds) will follow. {@link #END} marks the end of a bounded input: every
 * pending result can be emitted.
 */
public record Watermark(long timestamp) implements Comparable<Watermark> {
  public static final Watermark END = new Watermark(Long.MAX_VALUE);
  public static final Watermark NONE = new Watermark(Long.MIN_VALUE);

  public boolean isEnd() {
    return timestamp == Long.MAX_VALUE;
  }

  @Override
  public int compareTo(Watermark other) {
    return Long.compare(timestamp, other.timestamp);
  }
}
