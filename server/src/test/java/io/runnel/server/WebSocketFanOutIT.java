package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.MaterializedView;
import io.runnel.Runnel;
import io.runnel.ViewPosition;
import io.runnel.ViewSubscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many WebSocket subscribers on one view, on loopback: {@code runnel.ws.subscribers} (1,000) follow a view's
 * changes over WebSockets opened by the JDK's HTTP client on two threads, while rows are inserted for {@code
 * runnel.ws.seconds} (5; longer with {@code -Drunnel.ws.seconds=300}). Each gets every change once, in order,
 * the changes the view's changelog holds, and soon after the last insert.
 */
class WebSocketFanOutIT {
  static final String TOKEN = "ws-fan-out-token-0123456789";
  static final int SUBSCRIBERS = Integer.getInteger("runnel.ws.subscribers", 1_000);
  static final long SECONDS = Long.getLong("runnel.ws.seconds", 5);
  /** How long after the last insert every subscriber must have every change. */
  static final Duration ON_TIME = Duration.ofSeconds(15);

  @TempDir Path dir;
  RunnelServer server;
  final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
  final HttpClient client = HttpClient.newBuilder().executor(clientThreads).build();

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    clientThreads.shutdownNow();
  }

  @Test
  void everySubscriberGetsEveryChangeOnceInOrder() throws Exception {
    server = RunnelServer.start(ServerOptions.on(dir).withAdminToken(TOKEN));
    Runnel runnel = server.runnel();
    runnel.executeAll("CREATE STREAM s (k BIGINT); CREATE MATERIALIZED VIEW c AS SELECT k, COUNT(*) AS n FROM s GROUP BY k");
    runnel.insert("s", PushFanOutIT.keys(0, 1_000));
    MaterializedView view = runnel.view("c");
    assertTrue(view.sync(Duration.ofSeconds(60)));
    long version = view.position().version();
    long start = view.position().change();
    List<String> reference = Collections.synchronizedList(new ArrayList<>());
    ViewSubscription referenceFeed = view.subscribe(new ViewPosition(version, 0), (p, c) -> reference.add(JsonText.of(g -> JsonText.change(g, c))));

    URI changes = URI.create(server.uri().toString().replace("http", "ws") + "/v1/views/c/changes?from=" + version + "." + start);
    List<Subscriber> subscribers = new ArrayList<>();
    List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      Subscriber s = new Subscriber(start);
      subscribers.add(s);
      sockets.add(client.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN).buildAsync(changes, s));
    }
    for (CompletableFuture<WebSocket> socket : sockets) {
      socket.get(60, TimeUnit.SECONDS);
    }
    PushFanOutIT.insertFor(runnel, 1_000, SECONDS);
    assertTrue(view.sync(Duration.ofSeconds(60)));
    long end = view.position().change();
    long insertsEnded = System.nanoTime();
    for (Subscriber s : subscribers) {
      s.await(end, insertsEnded + ON_TIME.toNanos());
    }
    long lastArrival = subscribers.stream().mapToLong(s -> s.reachedEnd).max().orElseThrow();
    System.out.printf("%d WebSocket subscribers had all %,d changes %d ms after the last insert%n", SUBSCRIBERS, end - start, (lastArrival - insertsEnded) / 1_000_000);
    while (reference.size() < end) {
      Thread.sleep(10);
    }
    referenceFeed.close();
    List<String> expected = new ArrayList<>(reference.subList((int) start, (int) end));
    for (Subscriber s : subscribers) {
      assertEquals(null, s.error, "in order, once each");
      assertEquals(expected.hashCode(), s.hash, "the changes of the view");
    }
    for (CompletableFuture<WebSocket> socket : sockets) {
      socket.get().sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** One socket's messages: each change's id must be the position after the one before; its data is hashed in order, as a list's hash is. */
  static final class Subscriber implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    volatile long next;
    volatile int hash = 1;
    volatile String error;
    volatile long reachedEnd;

    Subscriber(long from) {
      this.next = from;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        take(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    /**
     * Reads a message as the server writes it, {@code {"id":"V.C","event":"E","data":D}}, by its text: a
     * JSON parser per message would make this client, not the server, what the test measures.
     */
    private void take(String message) {
      String idStart = "{\"id\":\"";
      String eventStart = "\",\"event\":\"";
      String dataStart = "\",\"data\":";
      int idEnd = message.indexOf(eventStart);
      int eventEnd = message.indexOf(dataStart, idEnd + 1);
      if (!message.startsWith(idStart) || idEnd < 0 || eventEnd < 0 || !message.endsWith("}")) {
        error = "not an event with an id: " + message;
        return;
      }
      if (!message.substring(idEnd + eventStart.length(), eventEnd).equals("change")) {
        return;
      }
      String id = message.substring(idStart.length(), idEnd);
      long position = Long.parseLong(id.substring(id.indexOf('.') + 1));
      if (position != next + 1 && error == null) {
        error = "change " + position + " after " + next;
      }
      next = position;
      hash = 31 * hash + message.substring(eventEnd + dataStart.length(), message.length() - 1).hashCode();
    }

    void await(long end, long deadlineNanos) throws InterruptedException {
      while (next < end && error == null && System.nanoTime() < deadlineNanos) {
        Thread.sleep(5);
      }
      reachedEnd = System.nanoTime();
      assertEquals(null, error);
      assertEquals(end, next, "every change in time");
    }
  }
}
