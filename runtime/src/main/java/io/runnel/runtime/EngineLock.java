package io.runnel.runtime;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The engine's lock. A statement holds it alone ({@link #exclusive}): it reads and changes the catalog, the
 * running queries and the session. What only reads them (an insert through the API, a view's lookup, the
 * catalog) shares it ({@link #shared}), so such calls run side by side. Neither is held while a statement
 * waits for something that can take long ({@link #outside}): an insert from a file to end, a checkpoint to
 * be written, the queries upstream of a read to catch up, a materialized view's new version to catch up.
 * Others' statements and reads run meanwhile.
 */
final class EngineLock {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Runnable afterWait;
  private long statements; // how many times the lock was taken alone; written under it

  /** {@code afterWait} runs each time a wait has taken the lock back: it throws if the engine closed meanwhile. */
  EngineLock(Runnable afterWait) {
    this.afterWait = afterWait;
  }

  <T> T exclusive(Supplier<T> action) {
    lock.writeLock().lock();
    statements++;
    try {
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * How many times the lock has been taken alone (read holding it): when it has not changed across a wait,
   * no statement ran meanwhile.
   */
  long statements() {
    return statements;
  }

  <T> T shared(Supplier<T> action) {
    lock.readLock().lock();
    try {
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Waits with {@code wait}, having let go of whatever this thread holds of the lock, which it takes back
   * before it returns. The caller must not rely on anything it read under the lock staying true across the
   * wait, but what it registered (a query, a checkpoint asked for) stays registered.
   */
  boolean outside(Waits.Wait wait) {
    int writes = lock.getWriteHoldCount();
    int reads = lock.getReadHoldCount();
    for (int i = 0; i < reads; i++) {
      lock.readLock().unlock();
    }
    for (int i = 0; i < writes; i++) {
      lock.writeLock().unlock();
    }
    try {
      return Waits.interruptibly(wait);
    } finally {
      for (int i = 0; i < writes; i++) {
        lock.writeLock().lock();
      }
      for (int i = 0; i < reads; i++) {
        lock.readLock().lock();
      }
      if (writes + reads > 0) {
        afterWait.run();
      }
    }
  }
}
