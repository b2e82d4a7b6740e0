package io.runnel.server;

import io.runnel.MaterializedView;
import io.runnel.ViewPosition;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A WebSocket following a materialized view: a subscription whose events go out as messages ({@link
 * SocketSink}). Public because Jetty calls its methods through method handles.
 */
public final class ViewSocket implements Session.Listener.AutoDemanding {
  private final MaterializedView view;
  private final ViewPosition from;
  private final Streams streams;
  private volatile EventStream stream;

  ViewSocket(MaterializedView view, ViewPosition from, Streams streams) {
    this.view = view;
    this.from = from;
    this.streams = streams;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    EventStream s = streams.open(new SocketSink(session));
    stream = s;
    s.start(from == null ? view.subscribe(s) : view.subscribe(from, s));
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
