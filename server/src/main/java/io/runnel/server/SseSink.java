package io.runnel.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Server-Sent Events on an HTTP response: the frames of a write as one chunk, a comment for a heartbeat. */
final class SseSink implements Outbox.Sink {
  private static final String HEARTBEAT = ": ping\n\n";

  private final Request request;
  private final Response response;
  /** The request's callback, completed when the stream ends. */
  private final Callback done;

  SseSink(Request request, Response response, Callback done) {
    this.request = request;
    this.response = response;
    this.done = done;
  }

  @Override
  public String event(String id, String name, String data) {
    return (id == null ? "" : "id: " + id + "\n") + "event: " + name + "\ndata: " + data + "\n\n";
  }

  @Override
  public void write(List<Outbox.Frame> frames, Callback written) {
    int length = 0;
    for (Outbox.Frame f : frames) {
      length += f.text() == null ? HEARTBEAT.length() : f.text().length();
    }
    StringBuilder chunk = new StringBuilder(length);
    for (Outbox.Frame f : frames) {
      chunk.append(f.text() == null ? HEARTBEAT : f.text());
    }
    response.write(false, ByteBuffer.wrap(chunk.toString().getBytes(StandardCharsets.UTF_8)), written);
  }

  @Override
  public void end(boolean cutOff) {
    response.write(true, null, done);
  }

  @Override
  public void abort(Throwable cause) {
    // Failing the callback alone leaves the connection open while a write is in flight (until the idle
    // timeout); closing it fails that write at once. It is reset rather than closed: what the kernel still
    // holds for a client that takes nothing (megabytes, at a small receive window) is dropped now rather
    // than trickled out. The server speaks HTTP/1.1: the connection is the stream's alone.
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    if (endPoint.getTransport() instanceof SocketChannel channel) {
      try {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      } catch (IOException | RuntimeException e) {
        // closed already
      }
    }
    endPoint.close(cause);
    done.failed(cause);
  }
}
