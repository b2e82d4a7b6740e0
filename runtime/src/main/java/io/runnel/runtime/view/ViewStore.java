package io.runnel.runtime.view;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.types.Schema;
import io.runnel.runtime.query.SourceReader;
import io.runnel.runtime.store.RelationStore;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One version of a materialized view's read side: a thread that follows the view's changelog and applies
 * each batch of changes, whole, to the view's rows ({@link ViewState}), which lookups and scans read. A batch
 * is applied under a write lock, so a read sees the rows before it or after it, never half of it. The
 * thread is woken by each append to the log ({@link RelationStore#onAppend}), so a change is readable
 * moments after its query wrote it.
 *
 * <p>Subscriptions ({@link ViewFeed}) read the log themselves; while one still reads this version's log,
 * a version that was replaced keeps the log open ({@link #acquire}, {@link #release}, {@link #retire}).
 */
public final class ViewStore implements AutoCloseable {
  private static final long IDLE_PARK_NANOS = 1_000_000_000L; // woken by appends and by close; this is only a backstop

  private final String name;
  private final long version;
  private final RelationStore log;
  private final Schema schema;
  private final ViewState state;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Thread follower;
  private final Runnable wake;
  private final Object progress = new Object();
  private volatile long position; // changes applied
  private volatile boolean closed;
  private volatile Throwable failure;
  private int users; // subscriptions reading the log; guarded by this
  private Runnable onRetired; // guarded by this: what runs when the last user of a retired version leaves
  private boolean retired; // guarded by this

  /**
   * The read side of version {@code version} of view {@code name}, whose changelog of rows of {@code
   * schema} is {@code log}, rows identified by {@code key} (null: a bag).
   */
  public ViewStore(String name, long version, Schema schema, RelationStore log, List<Integer> key) {
    this.name = name;
    this.version = version;
    this.schema = schema;
    this.log = log;
    this.state = new ViewState(key);
    this.follower = new Thread(this::follow, "runnel-view-" + name);
    this.follower.setDaemon(true);
    this.wake = () -> LockSupport.unpark(follower);
  }

  public void start() {
    log.onAppend(wake);
    follower.start();
  }

  private void follow() {
    try (SourceReader reader = log.readerFrom(0, 0, null)) {
      while (!closed) {
        Batch batch = reader.poll();
        if (batch == null) {
          LockSupport.parkNanos(IDLE_PARK_NANOS);
          continue;
        }
        lock.writeLock().lock();
        try {
          state.apply(batch);
          position += batch.size();
        } finally {
          lock.writeLock().unlock();
        }
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    } catch (Throwable t) {
      failure = t;
      synchronized (progress) {
        progress.notifyAll();
      }
    }
  }

  public String name() {
    return name;
  }

  public long version() {
    return version;
  }

  public Schema schema() {
    return schema;
  }

  public RelationStore log() {
    return log;
  }

  /** How many changes of the log the rows hold. */
  public long position() {
    return position;
  }

  /** Why following the log failed, or null. */
  public Throwable failure() {
    return failure;
  }

  /** The row with key {@code key} (the view's internal values, in its key's order), or null. */
  public Object[] lookup(List<Object> key) {
    lock.readLock().lock();
    try {
      return state.get(key);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The rows and the position they are at, taken together. */
  public Snapshot snapshot() {
    lock.readLock().lock();
    try {
      return new Snapshot(position, state.rows());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The view's rows at {@code position} changes of its log. */
  public record Snapshot(long position, List<Object[]> rows) {}

  /**
   * Waits until the rows hold the changes the log holds now; true if they did before {@code deadline}
   * ({@link System#nanoTime()}). Fails with the reason when following the log failed.
   */
  public boolean awaitLogEnd(long deadline) throws InterruptedException {
    long end = log.rowCount(0);
    synchronized (progress) {
      while (position < end && failure == null && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.wait(Math.max(1, left / 1_000_000L));
      }
    }
    if (failure != null) {
      throw new IllegalStateException("reading the changelog of view " + name + " failed: " + failure, failure);
    }
    return position >= end;
  }

  /**
   * A subscription starts reading this version's log, which stays open until it calls {@link #release};
   * false when the version is retired already (the subscription reads the current version instead).
   */
  public synchronized boolean acquire() {
    if (onRetired != null || retired) {
      return false;
    }
    users++;
    return true;
  }

  public void release() {
    Runnable r = null;
    synchronized (this) {
      users--;
      if (users == 0 && onRetired != null) {
        r = onRetired;
        onRetired = null;
        retired = true;
      }
    }
    if (r != null) {
      r.run();
    }
  }

  /**
   * This version was replaced (or dropped): its follower stops, and {@code whenUnused} runs (closing and
   * deleting its log) once no subscription reads the log any more, which may be at once.
   */
  public void retire(Runnable whenUnused) {
    close();
    synchronized (this) {
      if (users > 0) {
        onRetired = whenUnused;
        return;
      }
      retired = true;
    }
    whenUnused.run();
  }

  /** Stops following the log; reads answer from the rows as they are. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.removeOnAppend(wake);
    LockSupport.unpark(follower);
    try {
      follower.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (progress) {
      progress.notifyAll();
    }
  }
}
