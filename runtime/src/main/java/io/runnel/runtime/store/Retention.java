package io.runnel.runtime.store;

/**
 * How much of a stream's log is kept: roll cycles entirely older than {@code maxAgeMillis}, and the oldest
 * cycles while the log holds more than {@code maxBytes} of excerpts, are deleted (0: no limit). The cycle
 * being written is never deleted, so a log may stay above its size until it rolls.
 */
public record Retention(long maxAgeMillis, long maxBytes) {
  public static final Retention NONE = new Retention(0, 0);

  public Retention {
    if (maxAgeMillis < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("retention " + maxAgeMillis + " ms, " + maxBytes + " bytes");
    }
  }

  public boolean isNone() {
    return maxAgeMillis == 0 && maxBytes == 0;
  }
}
