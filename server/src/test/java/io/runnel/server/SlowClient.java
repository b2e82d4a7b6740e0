package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of a view's changes that takes nothing until asked to, through a receive window of a few
 * kilobytes: the server's writes to it stall at once. It speaks HTTP/1.0, so that the body it reads is the
 * events themselves, without chunks.
 */
final class SlowClient {
  /** The data of the changes it got whole, in order, and the data of the error event that ended it, or null. */
  record Got(List<String> changes, String error) {}

  private final Socket socket;

  private SlowClient(Socket socket) {
    this.socket = socket;
  }

  /** Asks for view {@code c}'s changes after {@code from}, and reads nothing. */
  static SlowClient open(URI server, String token, String from) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096); // before connecting: the window it advertises stays small
    socket.setSoTimeout(60_000);
    socket.connect(new InetSocketAddress(server.getHost(), server.getPort()));
    String request = "GET /v1/views/c/changes HTTP/1.0\r\nAuthorization: Bearer " + token + "\r\nLast-Event-ID: " + from + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return new SlowClient(socket);
  }

  /**
   * Reads what it gets until the server closes or resets the connection: the changes it got whole (their
   * ids checked to follow each other from the first position, 0), and the error event if one came.
   */
  Got readUntilClosed() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream in = socket.getInputStream()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // reset: what came before it is kept
    }
    socket.close();
    String text = bytes.toString(StandardCharsets.US_ASCII);
    String body = text.substring(text.indexOf("\r\n\r\n") + 4);
    List<String> changes = new ArrayList<>();
    String error = null;
    String[] events = body.split("\n\n", -1);
    for (int e = 0; e < events.length - 1; e++) { // the last is cut short, or empty
      String id = null;
      String name = null;
      String data = null;
      for (String line : events[e].split("\n")) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      if ("change".equals(name)) {
        assertEquals(changes.size() + 1, Long.parseLong(id.substring(id.indexOf('.') + 1)), "ids follow each other");
        changes.add(data);
      } else if ("error".equals(name)) {
        error = data;
      }
    }
    return new Got(changes, error);
  }
}
