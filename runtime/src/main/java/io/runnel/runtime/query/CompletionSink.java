package io.runnel.runtime.query;

import io.runnel.operators.api.Watermark;
import java.util.concurrent.TimeUnit;

/** A sink that records how its query ended and lets others wait for it. */
abstract class CompletionSink implements Sink {
  private final Object lock = new Object();
  private volatile boolean finished;
  private volatile Throwable failure;

  @Override
  public void watermark(Watermark watermark) {}

  @Override
  public void finish(Throwable failure) {
    this.failure = failure;
    synchronized (lock) {
      finished = true;
      lock.notifyAll();
    }
  }

  final boolean finished() {
    return finished;
  }

  final Throwable failure() {
    return failure;
  }

  final boolean await(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (lock) {
      while (!finished) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
    return true;
  }
}
