package io.runnel.server;

import io.runnel.Change;
import io.runnel.ViewListener;
import io.runnel.ViewPosition;
import io.runnel.ViewSubscription;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * A materialized view's changes as Server-Sent Events. Each event's id is the position to resume from after
 * it ({@code version.change}), so a client that reconnects with {@code Last-Event-ID} gets every change
 * after the last one it saw, once. A {@code snapshot} event carries the view's rows where a subscription
 * starts from them (or where the view was replaced); a {@code change} event carries one change.
 *
 * <p>Events are written on the subscription's own thread, and a write blocks it: a slow client holds back
 * only its own subscription, which reads the view's log at its own pace. A client that takes no event for
 * {@link #WRITE_TIMEOUT_SECONDS} is cut off, and may resume from its position. A comment every {@link
 * #HEARTBEAT_SECONDS} keeps the connection open while nothing changes and finds clients that are gone.
 */
final class EventStream implements ViewListener {
  static final long WRITE_TIMEOUT_SECONDS = 30;
  static final long HEARTBEAT_SECONDS = 15;

  private final Response response;
  private final Callback done;
  private final Consumer<EventStream> onClose;
  private ViewSubscription subscription;
  private ScheduledFuture<?> heartbeat;
  private boolean closed;

  EventStream(Response response, Callback done, Consumer<EventStream> onClose) {
    this.response = response;
    this.done = done;
    this.onClose = onClose;
  }

  /** Starts the heartbeat of {@code subscription}, which this stream closes when the client goes. */
  synchronized void start(ViewSubscription subscription, ScheduledExecutorService timers) {
    this.subscription = subscription;
    if (closed) {
      subscription.close();
      return;
    }
    heartbeat = timers.scheduleWithFixedDelay(() -> write(": ping\n\n"), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
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
    write(event(id(position), "snapshot", JsonText.of(g -> {
      g.writeStartObject();
      JsonText.rows(g, "rows", rows);
      g.writeEndObject();
    })));
  }

  @Override
  public void change(ViewPosition position, Change change) {
    ViewPosition next = new ViewPosition(position.version(), position.change() + 1);
    write(event(id(next), "change", JsonText.of(g -> JsonText.change(g, change))));
  }

  @Override
  public void failed(Throwable failure) {
    write(event(null, "error", JsonText.of(g -> {
      g.writeStartObject();
      g.writeStringField("message", String.valueOf(failure.getMessage()));
      g.writeEndObject();
    })));
    close(null);
  }

  private static String event(String id, String name, String data) {
    return (id == null ? "" : "id: " + id + "\n") + "event: " + name + "\ndata: " + data + "\n\n";
  }

  /** Writes {@code text} and waits for it to go, or cuts the client off. */
  private void write(String text) {
    Throwable failure = null;
    synchronized (this) {
      if (closed) {
        return;
      }
      try (Blocker.Callback written = Blocker.callback()) {
        response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
        written.block(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (IOException | TimeoutException | RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      close(failure); // not under the lock: closing the subscription waits for its thread, which may wait for it
    }
  }

  /** Ends the stream: the subscription, the heartbeat and the response (failed when {@code cause} says why). */
  void close(Throwable cause) {
    ViewSubscription s;
    ScheduledFuture<?> h;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      s = subscription;
      h = heartbeat;
    }
    if (h != null) {
      h.cancel(false);
    }
    if (s != null) {
      s.close();
    }
    onClose.accept(this);
    if (cause == null) {
      response.write(true, null, done);
    } else {
      done.failed(cause);
    }
  }
}
