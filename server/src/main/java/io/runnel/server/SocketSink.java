package io.runnel.server;

import io.runnel.Values;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * Messages on a WebSocket: each event a JSON text message {@code {"id": ..., "event": ..., "data": ...}} (no
 * id where the event has none), a ping for a heartbeat, a close frame at the end. The messages of a write
 * are handed to Jetty together, which sends what it has queued in as few socket writes as it can.
 */
final class SocketSink implements Outbox.Sink {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Session session;

  SocketSink(Session session) {
    this.session = session;
  }

  @Override
  public String event(String id, String name, String data) {
    return "{" + (id == null ? "" : "\"id\":" + Values.quote(id) + ",") + "\"event\":" + Values.quote(name) + ",\"data\":" + data + "}";
  }

  @Override
  public void write(List<Outbox.Frame> frames, Callback written) {
    org.eclipse.jetty.websocket.api.Callback each = allOf(frames.size(), written);
    for (Outbox.Frame f : frames) {
      if (f.text() == null) {
        session.sendPing(EMPTY.duplicate(), each);
      } else {
        session.sendText(f.text(), each);
      }
    }
  }

  /** A callback for {@code n} sends that completes {@code written} once all succeeded, or fails it at the first failure. */
  private static org.eclipse.jetty.websocket.api.Callback allOf(int n, Callback written) {
    AtomicInteger left = new AtomicInteger(n);
    return org.eclipse.jetty.websocket.api.Callback.from(
        () -> {
          if (left.decrementAndGet() == 0) {
            written.succeeded();
          }
        },
        cause -> {
          if (left.getAndSet(-1) > 0) {
            written.failed(cause);
          }
        });
  }

  @Override
  public void end(boolean cutOff) {
    if (session.isOpen()) {
      // 1013, try again later: the client may resume from the position the error message gave
      session.close(cutOff ? StatusCode.TRY_AGAIN_LATER : StatusCode.NORMAL, cutOff ? "cut off" : "end", org.eclipse.jetty.websocket.api.Callback.NOOP);
    }
  }

  @Override
  public void abort(Throwable cause) {
    session.disconnect();
  }
}
