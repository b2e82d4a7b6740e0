package io.runnel.runtime;

import io.runnel.EngineConfig;
import io.runnel.Runnel;
import java.nio.file.Path;

/** The embedded engine behind {@link Runnel}. */
public final class Engine {
  private Engine() {}

  public static Runnel start(Path dataDir, EngineConfig config) {
    throw new UnsupportedOperationException("engine not built yet");
  }
}
