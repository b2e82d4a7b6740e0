package io.runnel;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * Engine settings. {@code clock} supplies processing time (tests inject a fixed one); {@code batchSize}
 * is the most rows an operator batch holds.
 */
public record EngineConfig(Clock clock, int batchSize) {
  public EngineConfig {
    requireNonNull(clock, "clock is null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
  }

  public static EngineConfig defaults() {
    return new EngineConfig(Clock.systemUTC(), 1024);
  }

  public EngineConfig withBatchSize(int size) {
    return new EngineConfig(clock, size);
  }

  public EngineConfig withClock(Clock newClock) {
    return new EngineConfig(newClock, batchSize);
  }
}
