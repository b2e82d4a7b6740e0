package io.runnel.server;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.Values;
import io.runnel.ViewListener;
import io.runnel.ViewPosition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * Changes as Server-Sent Events, from a materialized view's subscription (this class is its listener) or a
 * standing query ({@link #follow}).
 *
 * <p>A view's events carry ids: each is the position to resume from after it ({@code version.change}), so a
 * client that reconnects with {@code Last-Event-ID} gets every change after the last one it saw, once. A
 * {@code snapshot} event carries the view's rows where a subscription starts from them (or where the view
 * was replaced); a {@code change} event carries one change. A standing query's stream starts with a {@code
 * columns} event (with whether it updates and whether it ends by itself) and has no ids (the query is not
 * stored: it cannot be resumed); a {@code caught-up} event says a query over streams has taken in what was
 * appended before it started, and an {@code end} event that a query over bounded input is done.
 *
 * <p>Events are written on the thread that has them (the subscription's, the query's), and a write blocks
 * it: a slow client holds back only its own subscription or query. A client that takes no event for the
 * write timeout is cut off, and may resume from its position. A comment every {@link #HEARTBEAT_SECONDS}
 * keeps the connection open while nothing changes and finds clients that are gone.
 */
final class EventStream implements ViewListener {
  static final long HEARTBEAT_SECONDS = 15;
  /** How long a pushed query may take to catch up with what was appended before it, for its caught-up event. */
  static final Duration CATCH_UP_WAIT = Duration.ofSeconds(60);

  /** Where events go: Server-Sent Events on an HTTP response, or messages on a WebSocket. */
  interface Sink {
    /** Sends one event ({@code id} may be null) and waits until it is sent, at most {@code timeoutMillis}. */
    void send(String id, String event, String data, long timeoutMillis) throws Exception;

    /** Tells a quiet client the stream is alive, and finds one that is gone. */
    void heartbeat(long timeoutMillis) throws Exception;

    /** Ends the stream: normally ({@code cause} null), or because of {@code cause}. */
    void finish(Throwable cause);
  }

  private final Sink sink;
  private final long writeTimeoutMillis;
  /** Told when the stream ends, and why (null: normally). */
  private final BiConsumer<EventStream, Throwable> onClose;
  /** What the events come from, closed with the stream: a view's subscription, or a query's handle. */
  private AutoCloseable source;
  private ScheduledFuture<?> heartbeat;
  private boolean closed;

  EventStream(Sink sink, Duration writeTimeout, BiConsumer<EventStream, Throwable> onClose) {
    this.sink = sink;
    this.writeTimeoutMillis = writeTimeout.toMillis();
    this.onClose = onClose;
  }

  /** Server-Sent Events on {@code response}, which {@code done} completes when the stream ends. */
  static Sink sse(Response response, Callback done) {
    return new Sink() {
      @Override
      public void send(String id, String event, String data, long timeoutMillis) throws Exception {
        write((id == null ? "" : "id: " + id + "\n") + "event: " + event + "\ndata: " + data + "\n\n", timeoutMillis);
      }

      @Override
      public void heartbeat(long timeoutMillis) throws Exception {
        write(": ping\n\n", timeoutMillis);
      }

      private void write(String text, long timeoutMillis) throws Exception {
        FutureCallback written = new FutureCallback();
        response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
        written.get(timeoutMillis, TimeUnit.MILLISECONDS); // a write that never completes: the client is cut off
      }

      @Override
      public void finish(Throwable cause) {
        if (cause == null) {
          response.write(true, null, done);
        } else {
          done.failed(cause);
        }
      }
    };
  }

  /**
   * Messages on a WebSocket: each event a JSON text message {@code {"id": ..., "event": ..., "data": ...}}
   * (no id where the event has none); a ping for a heartbeat; a close frame at the end.
   */
  static Sink webSocket(Session session) {
    return new Sink() {
      @Override
      public void send(String id, String event, String data, long timeoutMillis) throws Exception {
        String message = "{" + (id == null ? "" : "\"id\":" + Values.quote(id) + ",") + "\"event\":" + Values.quote(event) + ",\"data\":" + data + "}";
        org.eclipse.jetty.websocket.api.Callback.Completable sent = new org.eclipse.jetty.websocket.api.Callback.Completable();
        session.sendText(message, sent);
        sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
      }

      @Override
      public void heartbeat(long timeoutMillis) throws Exception {
        org.eclipse.jetty.websocket.api.Callback.Completable sent = new org.eclipse.jetty.websocket.api.Callback.Completable();
        session.sendPing(ByteBuffer.allocate(0), sent);
        sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
      }

      @Override
      public void finish(Throwable cause) {
        if (session.isOpen()) {
          session.close(cause == null ? StatusCode.NORMAL : StatusCode.SERVER_ERROR, cause == null ? "end" : "cut off", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
      }
    };
  }

  /** Starts the heartbeat of the stream of {@code source}, which this stream closes when the client goes. */
  synchronized void start(AutoCloseable source, ScheduledExecutorService timers) {
    this.source = source;
    if (closed) {
      closeQuietly(source);
      return;
    }
    heartbeat = timers.scheduleWithFixedDelay(() -> write(null, null, null), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
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
    })));
  }

  @Override
  public void change(ViewPosition position, Change change) {
    ViewPosition next = new ViewPosition(position.version(), position.change() + 1);
    write(id(next), "change", JsonText.of(g -> JsonText.change(g, change)));
  }

  /**
   * Streams the changes of a standing query: its columns, each change, and, when it ends by itself, an
   * {@code end} event (or an {@code error} one, when it failed). Waits on {@code waiter} for its end.
   */
  void follow(QueryHandle query, ScheduledExecutorService timers, Executor waiter) {
    write(null, "columns", (JsonText.of(g -> {
      g.writeStartObject();
      JsonText.columns(g, query.columns());
      g.writeBooleanField("updating", query.updating());
      g.writeBooleanField("bounded", query.bounded());
      g.writeEndObject();
    })));
    query.subscribe(change -> write(null, "change", JsonText.of(g -> JsonText.change(g, change))));
    start(query, timers);
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

  /** Sends an event (a heartbeat when {@code event} is null) and waits for it to go, or cuts the client off. */
  private void write(String id, String event, String data) {
    Throwable failure = null;
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        if (event == null) {
          sink.heartbeat(writeTimeoutMillis);
        } else {
          sink.send(id, event, data, writeTimeoutMillis);
        }
      } catch (Exception e) {
        failure = e;
      }
    }
    if (failure != null) {
      close(failure); // not under the lock: closing the subscription waits for its thread, which may wait for it
    }
  }

  /** Ends the stream: the subscription or query, the heartbeat and the sink (failed when {@code cause} says why). */
  void close(Throwable cause) {
    AutoCloseable s;
    ScheduledFuture<?> h;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      s = source;
      h = heartbeat;
    }
    if (h != null) {
      h.cancel(false);
    }
    if (s != null) {
      closeQuietly(s);
    }
    onClose.accept(this, cause);
    sink.finish(cause);
  }

  private static void closeQuietly(AutoCloseable source) {
    try {
      source.close();
    } catch (Exception e) {
      // ending it anyway: the client is gone
    }
  }
}
