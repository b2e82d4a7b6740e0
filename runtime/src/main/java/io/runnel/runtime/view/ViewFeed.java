package io.runnel.runtime.view;

import io.runnel.Change;
import io.runnel.ViewListener;
import io.runnel.ViewPosition;
import io.runnel.ViewSubscription;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.types.Schema;
import io.runnel.runtime.JavaValues;
import io.runnel.runtime.query.SourceReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A subscription to a materialized view: a thread of its own that reads the view's changelog from a
 * position and hands each change to its listener, so that a slow listener falls behind on the log and
 * slows nothing else; when it finds nothing more, it says so ({@link ViewListener#caughtUp}) before it
 * waits. It starts from the view's current rows ({@link ViewListener#snapshot}) unless given a position of
 * the current version; when the view is replaced it hands over the new version's rows and follows the new
 * version's log.
 */
public final class ViewFeed implements ViewSubscription {
  /**
   * How long an idle feed waits before it looks again by itself. Appends to the log, a new version and
   * closing wake it at once, so this is only a backstop: a second, since a thousand subscriptions looking
   * every 50 ms kept a third of a core busy doing nothing.
   */
  private static final long IDLE_PARK_NANOS = 1_000_000_000L;

  private final Supplier<ViewStore> current;
  private final ViewListener listener;
  private final Thread thread;
  private final Runnable wake;
  private volatile ViewPosition next;
  private volatile boolean closed;
  private ViewStore store; // the version being read; used by the feed's thread once started
  private ViewStore.Snapshot snapshot; // rows to hand over before the changes, or null
  private long position; // of the next change of store's log

  /**
   * Follows the version {@code current} gives (it changes when the view is replaced) from {@code from}, or
   * from its current rows when {@code from} is null or of another version.
   */
  public ViewFeed(String view, Supplier<ViewStore> current, ViewPosition from, ViewListener listener) {
    this.current = current;
    this.listener = listener;
    this.thread = new Thread(this::run, "runnel-view-feed-" + view);
    this.thread.setDaemon(true);
    this.wake = () -> LockSupport.unpark(thread);
    while (!open(current.get(), from)) {
      LockSupport.parkNanos(1_000_000L); // retired as it was handed out: the next version is on its way
    }
  }

  /** Starts reading version {@code now}: from {@code from} if it is a position of it, else from its rows. False if it is retired. */
  private boolean open(ViewStore now, ViewPosition from) {
    if (!now.acquire()) {
      return false;
    }
    store = now;
    if (from != null && from.version() == now.version()) {
      position = from.change();
      snapshot = null;
    } else {
      snapshot = now.snapshot();
      position = snapshot.position();
    }
    next = new ViewPosition(now.version(), position);
    return true;
  }

  public ViewFeed start() {
    thread.start();
    return this;
  }

  /** Wakes the feed: the view was replaced. */
  public void wake() {
    LockSupport.unpark(thread);
  }

  private void run() {
    SourceReader reader = null;
    boolean handedOver = false; // something since the listener was last told it is caught up
    try {
      while (!closed) {
        if (reader == null) {
          if (snapshot != null) {
            listener.snapshot(next, javaRows(snapshot.rows(), store.schema()));
            snapshot = null;
            handedOver = true;
          }
          store.log().onAppend(wake);
          reader = store.log().readerFrom(0, position, null);
        }
        ViewStore now = current.get();
        if (now != store) {
          reader.close();
          reader = null;
          leave();
          while (!closed && !open(current.get(), null)) {
            LockSupport.parkNanos(1_000_000L); // retired as it was handed out: the next version is on its way
          }
          continue;
        }
        Batch batch = reader.poll();
        if (batch == null) {
          if (handedOver) {
            handedOver = false;
            listener.caughtUp(next);
            continue; // look again before waiting: the listener may have taken a while
          }
          LockSupport.parkNanos(IDLE_PARK_NANOS);
          continue;
        }
        handedOver = true;
        Schema schema = store.schema();
        for (int r = 0; r < batch.size() && !closed; r++) {
          ViewPosition at = new ViewPosition(store.version(), position++);
          next = new ViewPosition(store.version(), position);
          listener.change(at, new Change(batch.kind(r), javaRow(batch.row(r), schema)));
        }
      }
    } catch (Throwable t) {
      if (!closed) {
        listener.failed(t);
      }
    } finally {
      if (reader != null) {
        reader.close();
      }
      leave();
    }
  }

  private void leave() {
    if (store != null) {
      store.log().removeOnAppend(wake);
      store.release();
      store = null;
    }
  }

  /** Rows of internal values as the API hands them out (see {@link io.runnel.Change#values()}). */
  public static List<List<Object>> javaRows(List<Object[]> rows, Schema schema) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      out.add(javaRow(row, schema));
    }
    return out;
  }

  public static List<Object> javaRow(Object[] row, Schema schema) {
    List<Object> values = new ArrayList<>(row.length);
    for (int c = 0; c < row.length; c++) {
      values.add(JavaValues.toJava(row[c], schema.type(c)));
    }
    return values;
  }

  @Override
  public ViewPosition position() {
    return next;
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    if (Thread.currentThread() != thread) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
