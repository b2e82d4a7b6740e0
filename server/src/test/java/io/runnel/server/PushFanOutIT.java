package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.MaterializedView;
import io.runnel.Runnel;
import io.runnel.ViewPosition;
import io.runnel.ViewSubscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many subscribers on one view, on loopback: {@code runnel.push.subscribers} (1,000) follow a view's changes
 * over Server-Sent Events, read by the JDK's HTTP client on two threads, while rows are inserted for {@code
 * runnel.push.seconds} (10; longer runs with {@code -Drunnel.push.seconds=300}). Each gets every change once,
 * in order, and soon. Beside them one client asks for the changelog from its start and reads nothing, with
 * a small receive window: it is cut off, with the reason counted, without holding anyone back; it then
 * resumes from the last event it got and gets the rest, nothing missed and nothing twice.
 */
class PushFanOutIT {
  static final String TOKEN = "fan-out-token-0123456789";
  static final int SUBSCRIBERS = Integer.getInteger("runnel.push.subscribers", 1_000);
  static final long SECONDS = Long.getLong("runnel.push.seconds", 10);
  /** Changes in the log before the subscribers come: some 7 MB of events, more than sockets hold. */
  static final int BACKLOG = 100_000;
  static final int ROWS_PER_TICK = 20;
  static final long TICK_MILLIS = 100;
  /** How long after the last insert every subscriber must have every change. */
  static final Duration ON_TIME = Duration.ofSeconds(15);

  @TempDir Path dir;
  RunnelServer server;
  final ExecutorService clientThreads = Executors.newFixedThreadPool(2);
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    clientThreads.shutdownNow();
  }

  @Test
  void everySubscriberGetsEveryChangeOnceInOrderWhileASlowOneIsCutOffAndResumes() throws Exception {
    server = RunnelServer.start(ServerOptions.on(dir).withAdminToken(TOKEN).withWriteTimeout(Duration.ofSeconds(2)));
    Runnel runnel = server.runnel();
    runnel.executeAll("CREATE STREAM s (k BIGINT); CREATE MATERIALIZED VIEW c AS SELECT k, COUNT(*) AS n FROM s GROUP BY k");
    long key = 0;
    for (; key < BACKLOG; key += 10_000) {
      runnel.insert("s", keys(key, 10_000));
    }
    MaterializedView view = runnel.view("c");
    assertTrue(view.sync(Duration.ofSeconds(60)));
    long version = view.position().version();
    long start = view.position().change();
    // every change as the server writes it, from the changelog's start: what each subscriber must get
    List<String> reference = Collections.synchronizedList(new ArrayList<>());
    ViewSubscription referenceFeed = view.subscribe(new ViewPosition(version, 0), (p, c) -> reference.add(JsonText.of(g -> JsonText.change(g, c))));

    SlowClient slow = SlowClient.open(server.uri(), TOKEN, version + ".0");
    List<Subscriber> subscribers = new ArrayList<>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      subscribers.add(Subscriber.open(client, server.uri(), TOKEN, version + "." + start, start));
    }
    insertFor(runnel, key, SECONDS);
    assertTrue(view.sync(Duration.ofSeconds(60)));
    long end = view.position().change();
    long insertsEnded = System.nanoTime();
    for (Subscriber s : subscribers) {
      s.await(end, insertsEnded + ON_TIME.toNanos());
    }
    long lastArrival = subscribers.stream().mapToLong(s -> s.reachedEnd).max().orElseThrow();
    System.out.printf("%d subscribers had all %,d changes %d ms after the last insert%n", SUBSCRIBERS, end - start, (lastArrival - insertsEnded) / 1_000_000);
    while (reference.size() < end) {
      Thread.sleep(10);
    }
    referenceFeed.close();
    long expected = Subscriber.hash(reference.subList((int) start, (int) end));
    for (Subscriber s : subscribers) {
      assertEquals(null, s.error, "in order, once each");
      assertEquals(end, s.next, "every change");
      assertEquals(expected, s.hash, "the changes of the view");
    }

    // the slow client was cut off long ago, took nothing meanwhile, and gets the rest where it resumes
    String metrics = client.send(HttpRequest.newBuilder(server.uri().resolve("/metrics")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(metrics.contains("runnel_event_streams_cut_off_total{reason=\"write-timeout\"} 1.0"), metrics);
    SlowClient.Got got = slow.readUntilClosed();
    System.out.printf("the slow client got %,d changes before it was cut off (%s)%n", got.changes().size(), got.error() == null ? "reset" : got.error());
    assertTrue(got.changes().size() < BACKLOG, "cut off within the backlog: " + got.changes().size());
    if (got.error() != null) { // it took what was in flight in time after all: the error event says why and where to resume
      assertTrue(got.error().contains("\"reason\":\"write-timeout\""), got.error());
      assertTrue(got.error().contains("\"from\":\"" + version + "." + got.changes().size() + "\""), got.error());
    }
    Subscriber resumed = Subscriber.open(client, server.uri(), TOKEN, version + "." + got.changes().size(), got.changes().size());
    resumed.await(end, System.nanoTime() + ON_TIME.toNanos());
    assertEquals(null, resumed.error);
    assertEquals(Subscriber.hash(reference.subList(0, got.changes().size())), Subscriber.hash(got.changes()), "what it got before the cut");
    assertEquals(Subscriber.hash(reference.subList(got.changes().size(), (int) end)), resumed.hash, "the rest, nothing missed or twice");
  }

  /** Inserts {@link #ROWS_PER_TICK} new keys into {@code s} every {@link #TICK_MILLIS} for {@code seconds}, from key {@code from}: a change each. */
  static void insertFor(Runnel runnel, long from, long seconds) throws InterruptedException {
    long ticks = seconds * 1000 / TICK_MILLIS;
    long next = System.nanoTime();
    for (long t = 0, key = from; t < ticks; t++, key += ROWS_PER_TICK) {
      runnel.insert("s", keys(key, ROWS_PER_TICK));
      next += TICK_MILLIS * 1_000_000;
      Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
    }
  }

  static List<List<Object>> keys(long from, int n) {
    List<List<Object>> rows = new ArrayList<>(n);
    for (long k = from; k < from + n; k++) {
      rows.add(List.of(k));
    }
    return rows;
  }

  /**
   * One subscriber, read by the HTTP client as bytes: it checks that each change's id is the position after
   * the one before, and hashes the changes' data in order.
   */
  static final class Subscriber {
    private final SseLines lines = new SseLines(this::line);
    /** The position the next change must have. */
    volatile long next;
    volatile long hash = 1;
    volatile String error;
    volatile long reachedEnd;
    private long id = -1;
    private String event;
    private long dataHash;

    private Subscriber(long from) {
      this.next = from;
    }

    static Subscriber open(HttpClient client, URI server, String token, String from, long position) {
      Subscriber s = new Subscriber(position);
      HttpRequest request = HttpRequest.newBuilder(server.resolve("/v1/views/c/changes")).header("Authorization", "Bearer " + token).header("Last-Event-ID", from).build();
      client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArrayConsumer(s::take));
      return s;
    }

    private void take(Optional<byte[]> bytes) {
      bytes.ifPresent(lines::take);
    }

    private void line(byte[] line, int length) {
      if (length == 0) {
        if ("change".equals(event)) {
          if (id != next + 1 && error == null) {
            error = "change " + id + " after " + next;
          }
          next = id;
          hash = hash * 1_000_003 + dataHash;
        }
        event = null;
      } else if (SseLines.startsWith(line, length, "id: ")) {
        id = SseLines.afterDot(line, length);
      } else if (SseLines.startsWith(line, length, "event: ")) {
        event = new String(line, 7, length - 7, StandardCharsets.US_ASCII);
      } else if (SseLines.startsWith(line, length, "data: ")) {
        dataHash = SseLines.hash(line, 6, length);
      }
    }

    void await(long end, long deadlineNanos) throws InterruptedException {
      while (next < end && error == null && System.nanoTime() < deadlineNanos) {
        Thread.sleep(5);
      }
      reachedEnd = System.nanoTime();
      assertEquals(null, error);
      assertEquals(end, next, "every change in time");
    }

    /** The hash {@link #line} makes of these changes' data, in order. */
    static long hash(List<String> data) {
      long h = 1;
      synchronized (data) {
        for (String d : data) {
          byte[] b = d.getBytes(StandardCharsets.US_ASCII);
          h = h * 1_000_003 + SseLines.hash(b, 0, b.length);
        }
      }
      return h;
    }
  }
}
