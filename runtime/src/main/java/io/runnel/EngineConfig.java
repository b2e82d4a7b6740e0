package io.runnel;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Engine settings. {@code clock} supplies processing time (tests inject a fixed one); {@code batchSize}
 * is the most rows an operator batch holds; {@code fileRoots}, when not empty, are the only directories a
 * file connector may read from (a server confines its clients' files so), none meaning anywhere; {@code
 * users}, when not null, runs the statements that manage users (a server gives its own), none meaning they
 * are refused, as on an embedded engine.
 */
public record EngineConfig(Clock clock, int batchSize, List<Path> fileRoots, UserStatements users) {
  public EngineConfig {
    requireNonNull(clock, "clock is null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    fileRoots = fileRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  public EngineConfig(Clock clock, int batchSize, List<Path> fileRoots) {
    this(clock, batchSize, fileRoots, null);
  }

  public EngineConfig(Clock clock, int batchSize) {
    this(clock, batchSize, List.of(), null);
  }

  public static EngineConfig defaults() {
    return new EngineConfig(Clock.systemUTC(), 1024);
  }

  public EngineConfig withBatchSize(int size) {
    return new EngineConfig(clock, size, fileRoots, users);
  }

  public EngineConfig withClock(Clock newClock) {
    return new EngineConfig(newClock, batchSize, fileRoots, users);
  }

  /** Only files under {@code roots} may be read by file connectors. */
  public EngineConfig withFileRoots(List<Path> roots) {
    return new EngineConfig(clock, batchSize, roots, users);
  }

  /** The statements that manage users are run by {@code handler} (a server's), not refused. */
  public EngineConfig withUsers(UserStatements handler) {
    return new EngineConfig(clock, batchSize, fileRoots, requireNonNull(handler, "handler is null"));
  }
}
