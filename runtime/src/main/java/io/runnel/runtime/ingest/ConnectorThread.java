package io.runnel.runtime.ingest;

import io.runnel.runtime.store.RelationStore;

/**
 * A connector that fills its stream from a daemon thread of its own until it is done or stopped, then
 * seals the stream. A failure it did not expect (an I/O error, a bug, a full disk's {@code InternalError})
 * does not end the thread silently: it goes to {@code sys.errors} and the stream is sealed all the same,
 * so a bounded query over it ends instead of waiting forever.
 */
abstract class ConnectorThread implements Connector {
  private final Thread thread;
  private final RelationStore store;
  private final ErrorReporter errors;
  private final String source;
  private final Runnable onSealed;
  /** Set by {@link #stop()}; the loop in {@link #fill()} checks it between batches. */
  protected volatile boolean stopped;

  /**
   * @param source where the input comes from, as {@code sys.errors} names it when the connector fails
   * @param onSealed run once the stream is sealed
   */
  ConnectorThread(String name, RelationStore store, ErrorReporter errors, String source, Runnable onSealed) {
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.store = store;
    this.errors = errors;
    this.source = source;
    this.onSealed = onSealed;
  }

  /** Fills the stream; returns when the input is exhausted or {@link #stopped} is set. */
  protected abstract void fill() throws Exception;

  private void run() {
    try {
      fill();
    } catch (Throwable e) {
      try {
        errors.report(source, "reading stopped: " + e, null);
      } catch (Throwable again) {
        e.addSuppressed(again);
        // sys.errors cannot take it either (a full disk, say): the thread's handler is the last place left
        thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
      }
    }
    // a stop (the engine closing, the stream dropped) leaves the stream open: it resumes after a restart
    if (!stopped) {
      store.seal();
      onSealed.run();
    }
  }

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
