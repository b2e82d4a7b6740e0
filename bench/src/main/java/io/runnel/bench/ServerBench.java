package io.runnel.bench;

import io.runnel.Runnel;
import io.runnel.server.RunnelServer;
import io.runnel.server.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./runnel bench server}: the server on loopback, in this JVM, beside the embedded API in the same run.
 *
 * <ol>
 *   <li>Inserts: rows appended in batches of 1,000 through {@code Runnel.insert}, then the same through
 *       {@code POST /v1/streams/NAME/rows}, as rows per second and their ratio.
 *   <li>Push to one subscriber: {@code --events} changes (200,000) in a view's changelog, read from its start
 *       by one subscriber embedded, then over Server-Sent Events, as changes per second and their ratio.
 *   <li>Push to many: {@code --rate} rows a second (10,000) for {@code --seconds} into a stream whose view
 *       (latest send time per key, with mini-batch) one client follows over Server-Sent Events, then the
 *       same with {@code --subscribers} clients (1,000); each change's latency from its row's insert to a
 *       client's receipt, p50 and p99, and their ratio to one subscriber's; the process's threads and its
 *       CPU while they are subscribed and nothing changes ({@link PushBench}).
 *   <li>Pull: {@code GET /v1/views/NAME?k=...} from 4 clients for {@code --seconds}, lookups per second and
 *       p50/p99.
 * </ol>
 */
public final class ServerBench {
  static final String TOKEN = "bench-token-0123456789";
  static final int BATCH = 1_000;
  static final int KEYS = 10;

  static final String USAGE =
      "usage: bench server [--insert-rows N (1,000,000)] [--events E (200,000)] [--rate R (10,000)] [--subscribers S (1,000)] [--seconds T (20)]";

  private ServerBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length % 2 != 0) { // --help, or an option without its value
      System.out.println(USAGE);
      return;
    }
    int rate = 10_000;
    int subscribers = 1_000;
    int seconds = 20;
    long insertRows = 1_000_000;
    long events = 200_000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rate" -> rate = Integer.parseInt(args[i + 1]);
        case "--subscribers" -> subscribers = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--insert-rows" -> insertRows = Long.parseLong(args[i + 1]);
        case "--events" -> events = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; " + USAGE);
      }
    }
    System.out.printf("Server on loopback, JDK %s, %d cores%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
    inserts(insertRows);
    pushAndPull(rate, subscribers, seconds, events);
  }

  static String rows(long from, int n, long sent) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append('[').append((from + i) % KEYS).append(',').append(sent).append(']');
    }
    return sb.append(']').toString();
  }

  static List<List<Object>> javaRows(long from, int n, long sent) {
    List<List<Object>> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(List.of((from + i) % KEYS, sent));
    }
    return rows;
  }

  /** Rows per second appended embedded, then over HTTP (JSON built beforehand, as a client would have it). */
  static void inserts(long total) throws Exception {
    Path dir = Files.createTempDirectory("runnel-server-bench-");
    try (RunnelServer server = RunnelServer.start(ServerOptions.on(dir).withAdminToken(TOKEN))) {
      Runnel runnel = server.runnel();
      runnel.executeAll("CREATE STREAM embedded (k BIGINT, sent BIGINT); CREATE STREAM http (k BIGINT, sent BIGINT)");
      List<List<Object>> batch = javaRows(0, BATCH, 0);
      String json = rows(0, BATCH, 0);
      HttpClient client = HttpClient.newHttpClient();
      URI uri = server.uri().resolve("/v1/streams/http/rows");
      for (int warm = 0; warm < 100; warm++) {
        runnel.insert("embedded", batch);
        post(client, uri, json);
      }
      long started = System.nanoTime();
      for (long n = 0; n < total; n += BATCH) {
        runnel.insert("embedded", batch);
      }
      double embedded = total / ((System.nanoTime() - started) / 1e9);
      started = System.nanoTime();
      for (long n = 0; n < total; n += BATCH) {
        post(client, uri, json);
      }
      double http = total / ((System.nanoTime() - started) / 1e9);
      System.out.printf("inserts, batches of %,d rows: embedded %,.0f rows/s, HTTP (one client) %,.0f rows/s, HTTP / embedded %.2fx%n", BATCH, embedded, http, http / embedded);
    } finally {
      TempDirs.delete(dir);
    }
  }

  static void pushAndPull(int rate, int subscribers, int seconds, long events) throws Exception {
    Path dir = Files.createTempDirectory("runnel-server-bench-");
    try (RunnelServer server = RunnelServer.start(ServerOptions.on(dir).withAdminToken(TOKEN))) {
      PushBench.throughput(server, events, seconds);
      PushBench.latency(server, rate, subscribers, seconds);
      pull(server, "latest_many", seconds);
    } finally {
      TempDirs.delete(dir);
    }
  }

  static void pull(RunnelServer server, String view, int seconds) throws Exception {
    int clients = 4;
    List<LatencyHistogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    HttpClient client = HttpClient.newHttpClient();
    for (int c = 0; c < clients; c++) {
      LatencyHistogram h = new LatencyHistogram();
      histograms.add(h);
      int id = c;
      Thread t = new Thread(() -> {
        long k = id;
        while (!stop.get()) {
          long started = System.nanoTime();
          try {
            HttpResponse<String> r = client.send(request(server.uri().resolve("/v1/views/" + view + "?k=" + (k++ % KEYS))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
              throw new IllegalStateException(r.body());
            }
          } catch (IOException | InterruptedException e) {
            return;
          }
          h.record(System.nanoTime() - started);
        }
      }, "pull-" + c);
      threads.add(t);
      t.start();
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    LatencyHistogram all = new LatencyHistogram();
    for (int c = 0; c < clients; c++) {
      threads.get(c).join();
      all.add(histograms.get(c));
    }
    System.out.printf("pull, %d clients for %d s: %,.0f lookups/s, latency p50 %.3f ms, p99 %.3f ms%n", clients, seconds, all.count() / (double) seconds, all.percentile(0.5) / 1e6, all.percentile(0.99) / 1e6);
  }

  static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN);
  }

  static void post(HttpClient client, URI uri, String body) throws Exception {
    HttpResponse<String> r = client.send(request(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
  }
}
