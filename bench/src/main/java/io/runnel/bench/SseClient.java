package io.runnel.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Server-Sent Events read without a thread each: the JDK's HTTP client hands each line to a {@link
 * Flow.Subscriber} on the client's few threads, so a bench may hold a thousand streams open. Each event goes
 * to a consumer, one at a time per stream, on one of those threads.
 */
final class SseClient {
  /** One event: its id (null without one), name and data. */
  record Event(String id, String name, String data) {}

  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "sse-client");
            t.setDaemon(true);
            return t;
          });
  final HttpClient client = HttpClient.newBuilder().executor(executor).build();

  /** Opens a stream of {@code uri}; {@code started} counts down once its body starts. */
  Stream open(URI uri, String token, CountDownLatch started, Consumer<Event> events) {
    Stream s = new Stream(started, events);
    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build();
    client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(s));
    return s;
  }

  void close() {
    executor.shutdownNow();
  }

  /** One stream's lines, put together into events. */
  static final class Stream implements Flow.Subscriber<String> {
    private final CountDownLatch started;
    private final Consumer<Event> events;
    private volatile Flow.Subscription subscription;
    private String id;
    private String name;
    private String data;

    Stream(CountDownLatch started, Consumer<Event> events) {
      this.started = started;
      this.events = events;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
      started.countDown();
    }

    @Override
    public void onNext(String line) {
      if (line.isEmpty()) {
        if (name != null) {
          events.accept(new Event(id, name, data));
        }
        id = name = data = null;
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = line.substring(6);
      }
    }

    @Override
    public void onError(Throwable t) {
      // closed
    }

    @Override
    public void onComplete() {}

    void close() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }
}
