package io.runnel.runtime.ingest;

/** A connector that fills its stream from a daemon thread of its own until it is done or stopped. */
abstract class ConnectorThread implements Connector {
  private final Thread thread;
  /** Set by {@link #stop()}; the loop in {@link #fill()} checks it between batches. */
  protected volatile boolean stopped;

  ConnectorThread(String name) {
    this.thread = new Thread(this::fill, name);
    this.thread.setDaemon(true);
  }

  /** Fills the stream; returns when the input is exhausted or {@link #stopped} is set. */
  protected abstract void fill();

  @Override
  public final void start() {
    thread.start();
  }

  @Override
  public final void stop() {
    stopped = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
