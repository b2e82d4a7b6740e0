package io.runnel.tests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server under load, on loopback: {@value #SUBSCRIBERS} subscribers follow a view while rows are inserted
 * at about {@value #ROWS_PER_SECOND} a second over HTTP for {@code runnel.load.seconds} (60 by default; a
 * longer run with {@code -Drunnel.load.seconds=600}). Halfway the server is killed with SIGKILL and started
 * again on the same data directory and port; the subscribers reconnect with their last event's id. In the
 * end each has received every change of the view's changelog once, in order.
 */
class ServerLoadIT {
  static final int SUBSCRIBERS = 100;
  static final int ROWS_PER_SECOND = 10_000;
  static final int BATCHES_PER_SECOND = 10;
  static final int KEYS = 20;
  static final long SECONDS = Long.getLong("runnel.load.seconds", 60);
  static final String TOKEN = "load-token-0123456789";
  static final LocalDateTime START = LocalDateTime.of(2026, 1, 1, 0, 0);
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  @TempDir Path dir;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everySubscriberGetsEveryChangeOnceAcrossAKill() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port);
    Process server = start(port);
    List<Subscriber> subscribers = new ArrayList<>();
    try {
      post(url, "/v1/statements", "{\"sql\": \"CREATE STREAM ev (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);"
          + " CREATE MATERIALIZED VIEW per_second AS SELECT k, window_start, COUNT(*) AS n"
          + " FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY k, window_start, window_end\"}");
      for (int i = 0; i < SUBSCRIBERS; i++) {
        subscribers.add(new Subscriber(client, url.resolve("/v1/views/per_second/changes")));
      }
      long batches = SECONDS * BATCHES_PER_SECOND;
      int perBatch = ROWS_PER_SECOND / BATCHES_PER_SECOND;
      long n = 0;
      for (long b = 0; b < batches; b++) {
        long due = System.nanoTime() + 1_000_000_000L / BATCHES_PER_SECOND;
        if (b == batches / 2) {
          server.destroyForcibly(); // SIGKILL, with rows in flight and subscribers reading
          assertTrue(server.waitFor(30, TimeUnit.SECONDS));
          server = start(port);
        }
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < perBatch; i++, n++) {
          // event time advances 1 ms a row: each second of rows closes a window
          rows.append(i == 0 ? "" : ",").append("[").append(n % KEYS).append(",\"").append(TIME.format(START.plusNanos(n * 1_000_000))).append("\"]");
        }
        insert(url, rows.append("]").toString());
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000);
        }
      }
      // a row far ahead closes every window
      insert(url, "[[0, \"" + TIME.format(START.plusYears(1)) + "\"]]");
      List<String> reference = changes(url, subscribers.get(0).version());
      assertTrue(reference.size() >= KEYS * (SECONDS - 1), "the view has its windows: " + reference.size());
      for (Subscriber s : subscribers) {
        assertTrue(s.awaitCount(reference.size(), Duration.ofSeconds(60)), "subscriber got " + s.changes.size() + " of " + reference.size());
      }
      Thread.sleep(500); // nothing more comes
      for (Subscriber s : subscribers) {
        assertEquals(reference, List.copyOf(s.changes), "every change once, in order");
      }
    } finally {
      subscribers.forEach(Subscriber::close);
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** The server, in a JVM of its own on the test's classpath, once it listens. */
  private Process start(int port) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc") || arg.startsWith("-Dchronicle")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.runnel.server.ServerMain", "--data", dir.resolve("data").toString(), "--port", Integer.toString(port)));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("RUNNEL_ADMIN_TOKEN", TOKEN);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line; (line = out.readLine()) != null; ) {
      seen.add(line);
      if (line.startsWith("Runnel server at ")) {
        Thread drain = new Thread(() -> {
          try {
            out.lines().forEach(l -> {});
          } catch (java.io.UncheckedIOException e) {
            // the process ended
          }
        }, "server-output");
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new AssertionError("the server did not start: " + seen);
  }

  private void post(URI url, String path, String body) throws Exception {
    HttpResponse<String> r = client.send(request(url.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  /** Inserts rows, again until the server takes them (it may be restarting). */
  private void insert(URI url, String rows) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        post(url, "/v1/streams/ev/rows", rows);
        return;
      } catch (IOException e) {
        if (attempt > 300) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Every change of version {@code version} of the view, from its first. */
  private List<String> changes(URI url, long version) throws Exception {
    Subscriber all = new Subscriber(client, url.resolve("/v1/views/per_second/changes?from=" + version + ".0"));
    try {
      // the view holds what was inserted once a read returns
      HttpResponse<String> r = client.send(request(url.resolve("/v1/views/per_second")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      String position = r.body().replaceAll(".*\"position\":\"[0-9]+\\.([0-9]+)\".*", "$1");
      assertTrue(all.awaitCount(Integer.parseInt(position), Duration.ofSeconds(60)), "the whole changelog");
      return List.copyOf(all.changes);
    } finally {
      all.close();
    }
  }

  static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30));
  }

  /** A client following the view's changes, reconnecting with the id of the last event it got. */
  static final class Subscriber {
    final List<String> changes = new CopyOnWriteArrayList<>();
    private final HttpClient client;
    private final URI uri;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String lastId;
    private volatile Stream<String> lines;
    private volatile long version = -1;

    Subscriber(HttpClient client, URI uri) {
      this.client = client;
      this.uri = uri;
      Thread t = new Thread(this::run, "subscriber");
      t.setDaemon(true);
      t.start();
    }

    private void run() {
      while (!closed.get()) {
        try {
          HttpRequest.Builder b = request(uri).timeout(Duration.ofDays(1));
          if (lastId != null) {
            b.header("Last-Event-ID", lastId);
          }
          HttpResponse<Stream<String>> r = client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
          lines = r.body();
          String[] event = new String[3];
          lines.forEach(line -> {
            if (line.isEmpty()) {
              if ("change".equals(event[1])) {
                changes.add(event[2]);
              }
              if (event[0] != null) {
                lastId = event[0];
                version = Long.parseLong(event[0].substring(0, event[0].indexOf('.')));
              }
              event[0] = event[1] = event[2] = null;
            } else if (line.startsWith("id: ")) {
              event[0] = line.substring(4);
            } else if (line.startsWith("event: ")) {
              event[1] = line.substring(7);
            } else if (line.startsWith("data: ")) {
              event[2] = line.substring(6);
            }
          });
        } catch (IOException | RuntimeException e) {
          // the server went away: reconnect
        } catch (InterruptedException e) {
          return;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long version() throws InterruptedException {
      for (int i = 0; i < 600 && version < 0; i++) {
        Thread.sleep(100);
      }
      return version;
    }

    boolean awaitCount(int count, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (changes.size() < count && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      return changes.size() >= count;
    }

    void close() {
      closed.set(true);
      Stream<String> l = lines;
      if (l != null) {
        l.close();
      }
    }
  }
}
