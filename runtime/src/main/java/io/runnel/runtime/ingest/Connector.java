package io.runnel.runtime.ingest;

/** Fills a stream from outside (a file, the Nexmark generator) on its own thread. */
public interface Connector {
  void start();

  /** Stops and waits for the connector's thread. Idempotent. */
  void stop();
}
