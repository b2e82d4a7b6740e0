package io.runnel.server;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.ViewListener;
import io.runnel.ViewPosition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Changes as Server-Sent Events or WebSocket messages ({@link Outbox.Sink}), from a materialized view's
 * subscription (this class is its listener) or a standing query ({@link #follow}).
 *
 * <p>A view's events carry ids: each is the position to resume from after it ({@code version.change}), so a
 * client that reconnects with {@code Last-Event-ID} gets every change after the last one it saw, once. A
 * {@code snapshot} event carries the view's rows where a subscription starts from them (or where the view
 * was replaced); a {@code change} event carries one change. A standing query's stream starts with a {@code
 * columns} event (with whether it updates and whether it ends by itself) and has no ids (the query is not
 * stored: it cannot be resumed); a {@code caught-up} event says a query over streams has taken in what was
 * appended before it started, and an {@code end} event that a query over bounded input is done.
 *
 * <p>Events go into the client's {@link Outbox}, which writes them without holding up the thread that has
 * them, until its bounded buffer is full: then that thread (the subscription's, the query's) waits, and
 * only it. A client whose write does not complete within the write timeout is cut off ({@link #check}): an
 * {@code error} event with the reason and the position to resume from goes after what is in flight, best
 * effort, and the stream ends; a stream still not ended one write timeout later is aborted. A comment
 * (a ping on a WebSocket) every {@link #HEARTBEAT_SECONDS} of silence keeps the connection open and finds
 * clients that are gone.
 */
final class EventStream implements ViewListener {
  static final long HEARTBEAT_SECONDS = 15;
  /** How long a pushed query may take to catch up with what was appended before it, for its caught-up event. */
  static final Duration CATCH_UP_WAIT = Duration.ofSeconds(60);
  /** Why a client was cut off, as the error event and the metrics say it. */
  static final String WRITE_TIMEOUT = "write-timeout";

  /** Told what becomes of streams: the open ones are checked, and the cut-off ones counted. */
  interface Owner {
    /** The stream has ended, or is ending: it needs no more checks. */
    void closed(EventStream stream);

    /** The stream's client was cut off for {@code reason}. */
    void cutOff(String reason);
  }

  private final Outbox outbox;
  private final long writeTimeoutNanos;
  private final ScheduledExecutorService timers;
  private final Owner owner;
  /** What the events come from, closed with the stream: a view's subscription, or a query's handle. */
  private AutoCloseable source;
  private boolean closed;

  EventStream(Outbox.Sink sink, long bufferBytes, Duration writeTimeout, ScheduledExecutorService timers, Owner owner) {
    this.outbox = new Outbox(sink, bufferBytes, this::close);
    this.writeTimeoutNanos = writeTimeout.toNanos();
    this.timers = timers;
    this.owner = owner;
  }

  /** Closes {@code source} with the stream: the stream's events come from it. */
  synchronized void start(AutoCloseable source) {
    this.source = source;
    if (closed) {
      closeQuietly(source);
    }
  }

  /** The position an event's id names: {@code version.change}. */
  static String id(ViewPosition p) {
    return p.version() + "." + p.change();
  }

  /** The position an event id names, or null for none; a malformed one is a bad request. */
  static ViewPosition position(String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    int dot = id.indexOf('.');
    try {
      return new ViewPosition(Long.parseLong(id.substring(0, dot).strip()), Long.parseLong(id.substring(dot + 1).strip()));
    } catch (RuntimeException e) {
      throw ApiException.badRequest("'" + id + "' is not a position of a view's changes", "Give the id of the last event received, as in 3.1024.");
    }
  }

  @Override
  public void snapshot(ViewPosition position, List<List<Object>> rows) {
    write(id(position), "snapshot", (JsonText.of(g -> {
      g.writeStartObject();
      JsonText.rows(g, "rows", rows);
      g.writeEndObject();
    })), true);
  }

  @Override
  public void change(ViewPosition position, Change change) {
    ViewPosition next = new ViewPosition(position.version(), position.change() + 1);
    write(id(next), "change", JsonText.of(g -> JsonText.change(g, change)), true);
  }

  /** The subscription has no more changes for now: what it handed over goes out, in one write. */
  @Override
  public void caughtUp(ViewPosition next) {
    outbox.release();
  }

  /**
   * Streams the changes of a standing query: its columns, each change, and, when it ends by itself, an
   * {@code end} event (or an {@code error} one, when it failed). Waits on {@code waiter} for its end.
   */
  void follow(QueryHandle query, Executor waiter) {
    write(null, "columns", (JsonText.of(g -> {
      g.writeStartObject();
      JsonText.columns(g, query.columns());
      g.writeBooleanField("updating", query.updating());
      g.writeBooleanField("bounded", query.bounded());
      g.writeEndObject();
    })));
    query.subscribe(change -> write(null, "change", JsonText.of(g -> JsonText.change(g, change))));
    start(query);
    waiter.execute(
        () -> {
          try {
            if (!query.bounded() && query.sync(CATCH_UP_WAIT)) { // a bounded query has its end instead
              write(null, "caught-up", "{}");
            }
            while (!query.awaitTermination(Duration.ofSeconds(1))) {
              synchronized (this) {
                if (closed) {
                  return;
                }
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          if (query.failure() != null) {
            failed(query.failure());
          } else {
            write(null, "end", "{}");
            close(null);
          }
        });
  }

  @Override
  public void failed(Throwable failure) {
    write(null, "error", (JsonText.of(g -> {
      g.writeStartObject();
      g.writeStringField("message", String.valueOf(failure.getMessage()));
      g.writeEndObject();
    })));
    close(null);
  }

  private void write(String id, String event, String data) {
    write(id, event, data, false);
  }

  /**
   * Hands an event to the outbox, waiting while its buffer is full; held back for the events that follow
   * at once when {@code hold} (a subscription's, until it has caught up). Dropped once the stream is over.
   */
  private void write(String id, String event, String data, boolean hold) {
    try {
      outbox.offer(new Outbox.Frame(id, outbox.sink().event(id, event, data)), hold);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(e);
    }
  }

  /**
   * Checks the stream at {@code now}: cuts its client off if a write has been in flight for the write
   * timeout, and sends a heartbeat if nothing has been written for {@link #HEARTBEAT_SECONDS}.
   */
  void check(long now) {
    if (outbox.writingNanos(now) > writeTimeoutNanos) {
      cutOff(WRITE_TIMEOUT, "A write to the client did not complete within the write timeout (" + writeTimeoutNanos / 1_000_000 + " ms): cut off");
    } else if (outbox.idleFor(now, TimeUnit.SECONDS.toNanos(HEARTBEAT_SECONDS))) {
      try {
        outbox.offer(Outbox.Frame.HEARTBEAT, false); // the buffer is empty: this does not wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Cuts the client off: an error event with {@code reason}, {@code message} and the position to resume
   * from (the id of the last event handed out before it) goes after the write in flight, and the stream
   * ends; if it has not ended one write timeout later, it is aborted.
   */
  private void cutOff(String reason, String message) {
    boolean cut =
        outbox.cutOff(
            from -> new Outbox.Frame(null, outbox.sink().event(null, "error", JsonText.of(g -> {
              g.writeStartObject();
              g.writeStringField("reason", reason);
              g.writeStringField("message", message + (from == null ? "" : "; resume from " + from));
              if (from != null) {
                g.writeStringField("from", from);
              }
              g.writeEndObject();
            }))));
    if (!cut) {
      return;
    }
    owner.cutOff(reason);
    stop();
    timers.schedule(() -> outbox.abort(new TimeoutException("cut off (" + reason + ") and not ended within the write timeout")), writeTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Ends the stream: normally ({@code cause} null: what is buffered is written first), or at once because
   * of {@code cause} (the client is gone). Closes the subscription or query.
   */
  void close(Throwable cause) {
    // the outbox first: a subscription waiting for room in it is let go, so that closing it does not wait
    if (cause != null) {
      outbox.abort(cause);
    } else {
      outbox.end();
    }
    stop();
  }

  /** Marks the stream closed and closes its source, once. */
  private void stop() {
    AutoCloseable s;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      s = source;
    }
    owner.closed(this);
    if (s != null) {
      closeQuietly(s); // not under the lock: closing the subscription waits for its thread, which may wait for it
    }
  }

  private static void closeQuietly(AutoCloseable source) {
    try {
      source.close();
    } catch (Exception e) {
      // ending it anyway: the client is gone
    }
  }
}
