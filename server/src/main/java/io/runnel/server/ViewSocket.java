package io.runnel.server;

import io.runnel.MaterializedView;
import io.runnel.ViewPosition;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A WebSocket following a materialized view: a subscription whose events go out as messages ({@link
 * EventStream#webSocket}). Public because Jetty calls its methods through method handles.
 */
public final class ViewSocket implements Session.Listener.AutoDemanding {
  private final MaterializedView view;
  private final ViewPosition from;
  private final Streams streams;
  private final ScheduledExecutorService timers;
  private volatile EventStream stream;

  ViewSocket(MaterializedView view, ViewPosition from, Streams streams, ScheduledExecutorService timers) {
    this.view = view;
    this.from = from;
    this.streams = streams;
    this.timers = timers;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    EventStream s = streams.open(EventStream.webSocket(session));
    stream = s;
    s.start(from == null ? view.subscribe(s) : view.subscribe(from, s), timers);
  }

  @Override
  public void onWebSocketClose(int status, String reason) {
    EventStream s = stream;
    if (s != null) {
      s.close(null);
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    EventStream s = stream;
    if (s != null) {
      s.close(cause);
    }
  }
}
