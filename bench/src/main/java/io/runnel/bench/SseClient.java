package io.runnel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Server-Sent Events read by one thread for any number of streams: non-blocking sockets on one selector,
 * HTTP/1.0 requests (so that the body comes without chunks, until the server closes), lines parsed from
 * the bytes. A bench may hold a thousand streams open, and the client's part of the CPU stays small beside
 * the server's (the JDK's HTTP client decodes each line through a charset decoder, and took as much CPU as
 * the server it measured). Events are ASCII here; each goes to its stream's consumer on the client's thread.
 */
final class SseClient implements AutoCloseable {
  /** One event: its id (null without one), name and data. */
  record Event(String id, String name, String data) {}

  private final Selector selector;
  private final Thread thread;
  private final Queue<Stream> opening = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  SseClient() throws IOException {
    selector = Selector.open();
    thread = new Thread(this::run, "sse-client");
    thread.setDaemon(true);
    thread.start();
  }

  /** Opens a stream of {@code uri} (path and query); {@code started} counts down once its headers are in. */
  Stream open(URI uri, String token, CountDownLatch started, Consumer<Event> events) throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
    channel.configureBlocking(false);
    Stream s = new Stream(channel, started, events);
    opening.add(s);
    selector.wakeup();
    return s;
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    byte[] bytes = new byte[buffer.capacity()];
    try {
      while (!closed) {
        for (Stream s; (s = opening.poll()) != null; ) {
          s.channel.register(selector, SelectionKey.OP_READ, s);
        }
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Stream s = (Stream) key.attachment();
          buffer.clear();
          int n;
          try {
            n = s.channel.read(buffer);
          } catch (IOException e) {
            n = -1;
          }
          if (n < 0) {
            key.cancel();
            s.close();
            continue;
          }
          buffer.flip();
          buffer.get(bytes, 0, n);
          s.take(bytes, n);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    selector.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      ((Stream) key.attachment()).close();
    }
    selector.close();
  }

  /** One stream: the response's headers skipped, then its lines put together into events. */
  static final class Stream {
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final CountDownLatch started;
    private final Consumer<Event> events;
    private byte[] line = new byte[1024];
    private int length;
    private boolean inBody;
    private String id;
    private String name;
    private String data;

    Stream(SocketChannel channel, CountDownLatch started, Consumer<Event> events) {
      this.channel = channel;
      this.started = started;
      this.events = events;
    }

    private void take(byte[] bytes, int n) {
      for (int i = 0; i < n; i++) {
        byte b = bytes[i];
        if (b != '\n') {
          if (length == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
          }
          line[length++] = b;
          continue;
        }
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        if (!inBody) {
          if (end == 0) {
            inBody = true; // the headers are over
            started.countDown();
          }
        } else if (end == 0) {
          if (name != null) {
            events.accept(new Event(id, name, data));
          }
          id = name = data = null;
        } else if (startsWith(ID, end)) {
          id = new String(line, ID.length, end - ID.length, StandardCharsets.ISO_8859_1);
        } else if (startsWith(EVENT, end)) {
          name = new String(line, EVENT.length, end - EVENT.length, StandardCharsets.ISO_8859_1);
        } else if (startsWith(DATA, end)) {
          data = new String(line, DATA.length, end - DATA.length, StandardCharsets.ISO_8859_1);
        }
        length = 0;
      }
    }

    private boolean startsWith(byte[] prefix, int end) {
      if (end < prefix.length) {
        return false;
      }
      for (int i = 0; i < prefix.length; i++) {
        if (line[i] != prefix[i]) {
          return false;
        }
      }
      return true;
    }

    void close() {
      try {
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
