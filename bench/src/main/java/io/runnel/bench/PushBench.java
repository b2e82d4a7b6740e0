package io.runnel.bench;

import com.sun.management.OperatingSystemMXBean;
import io.runnel.MaterializedView;
import io.runnel.Runnel;
import io.runnel.ViewPosition;
import io.runnel.ViewSubscription;
import io.runnel.server.RunnelServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push sections of {@code ./runnel bench server}: how fast one subscriber is fed a view's changelog, and
 * how long a change takes from its row's insert to each of many subscribers. Subscribers are read by {@link
 * SseClient}, on one thread for all, in the server's JVM.
 */
final class PushBench {
  private PushBench() {}

  /**
   * {@code events} changes in the view's changelog first; then one subscriber from its start, once embedded
   * ({@code MaterializedView.subscribe}, the baseline) and once over Server-Sent Events, each for at most
   * {@code seconds}: changes per second.
   */
  static void throughput(RunnelServer server, long events, int seconds) throws Exception {
    Runnel runnel = server.runnel();
    runnel.executeAll("CREATE STREAM burst (k BIGINT); CREATE MATERIALIZED VIEW burst_keys AS SELECT k, COUNT(*) AS n FROM burst GROUP BY k");
    for (long from = 0; from < events; from += ServerBench.BATCH) {
      List<List<Object>> batch = new ArrayList<>(ServerBench.BATCH);
      for (long k = from; k < Math.min(events, from + ServerBench.BATCH); k++) {
        batch.add(List.of(k));
      }
      runnel.insert("burst", batch);
    }
    MaterializedView view = runnel.view("burst_keys");
    if (!view.sync(Duration.ofSeconds(120))) {
      throw new IllegalStateException("the view did not catch up");
    }
    ViewPosition start = new ViewPosition(view.position().version(), 0);

    CountDownLatch all = new CountDownLatch(1);
    AtomicLong embeddedCount = new AtomicLong();
    long began = System.nanoTime();
    double embedded;
    try (ViewSubscription s = view.subscribe(start, (p, c) -> {
      if (embeddedCount.incrementAndGet() == events) {
        all.countDown();
      }
    })) {
      all.await(seconds, TimeUnit.SECONDS);
      embedded = embeddedCount.get() / ((System.nanoTime() - began) / 1e9);
    }

    SseClient sse = new SseClient();
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong received = new AtomicLong();
    began = System.nanoTime();
    SseClient.Stream stream = sse.open(server.uri().resolve("/v1/views/burst_keys/changes?from=" + start.version() + "." + start.change()), ServerBench.TOKEN, new CountDownLatch(1), e -> {
      if (e.name().equals("change") && received.incrementAndGet() == events) {
        done.countDown();
      }
    });
    done.await(seconds, TimeUnit.SECONDS);
    double pushed = received.get() / ((System.nanoTime() - began) / 1e9);
    stream.close();
    sse.close();
    System.out.printf("one subscriber from the start of a changelog of %,d changes: embedded %,.0f changes/s (%,d), Server-Sent Events %,.0f changes/s (%,d), SSE / embedded %.3fx%n",
        events, embedded, embeddedCount.get(), pushed, received.get(), pushed / embedded);
  }

  /** Push latency with one subscriber (the baseline), then with {@code subscribers}. */
  static void latency(RunnelServer server, int rate, int subscribers, int seconds) throws Exception {
    Result one = latency(server, "one", rate, 1, seconds);
    System.out.printf("push, %,d rows/s for %d s, 1 subscriber: %,d changes received, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d threads; idle, subscribed: %.3f CPU-s per second%n",
        rate, seconds, one.histogram.count(), one.histogram.percentile(0.5) / 1e6, one.histogram.percentile(0.99) / 1e6, one.histogram.max() / 1e6, one.threads, one.idleCpu);
    Result many = latency(server, "many", rate, subscribers, seconds);
    System.out.printf("push, %,d rows/s for %d s, %,d subscribers: %,d changes received (each %,d to %,d of %,d), latency p50 %.2f ms (%.2fx one), p99 %.2f ms (%.2fx one), max %.2f ms;"
            + " %d threads; idle, subscribed: %.3f CPU-s per second%n",
        rate, seconds, subscribers, many.histogram.count(), many.fewest, many.most, one.histogram.count(),
        many.histogram.percentile(0.5) / 1e6, many.histogram.percentile(0.5) / (double) one.histogram.percentile(0.5),
        many.histogram.percentile(0.99) / 1e6, many.histogram.percentile(0.99) / (double) one.histogram.percentile(0.99),
        many.histogram.max() / 1e6, many.threads, many.idleCpu);
  }

  private record Result(LatencyHistogram histogram, long fewest, long most, int threads, double idleCpu) {}

  /**
   * {@code rate} rows a second for {@code seconds} into a stream whose view (latest send time per key, with
   * mini-batch) {@code subscribers} clients follow; each change's latency from its row's insert to a
   * client's receipt.
   */
  private static Result latency(RunnelServer server, String name, int rate, int subscribers, int seconds) throws Exception {
    server.runnel().executeAll(
        "CREATE STREAM ev_" + name + " (k BIGINT, sent BIGINT); SET 'aggregate.mini-batch' = 'true';"
            + " CREATE MATERIALIZED VIEW latest_" + name + " AS SELECT k, MAX(sent) AS sent FROM ev_" + name + " GROUP BY k");
    SseClient sse = new SseClient();
    URI changes = server.uri().resolve("/v1/views/latest_" + name + "/changes");
    List<Follower> followers = new ArrayList<>();
    CountDownLatch connected = new CountDownLatch(subscribers);
    for (int i = 0; i < subscribers; i++) {
      Follower f = new Follower();
      f.stream = sse.open(changes, ServerBench.TOKEN, connected, f::event);
      followers.add(f);
    }
    if (!connected.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(connected.getCount() + " subscribers did not connect");
    }
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI insert = server.uri().resolve("/v1/streams/ev_" + name + "/rows");
    int batchesPerSecond = Math.max(1, rate / ServerBench.BATCH);
    long interval = 1_000_000_000L / batchesPerSecond;
    long next = System.nanoTime();
    long n = 0;
    long end = next + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      long sent = System.nanoTime();
      ServerBench.post(client, insert, ServerBench.rows(n, rate / batchesPerSecond, sent));
      n += rate / batchesPerSecond;
      next += interval;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    Thread.sleep(2_000);
    double idleCpu = idleCpu(5); // after the run: the compiler is done with the push path by then
    LatencyHistogram all = new LatencyHistogram();
    long fewest = Long.MAX_VALUE;
    long most = 0;
    for (Follower f : followers) {
      f.stream.close();
      synchronized (f) {
        all.add(f.latencies);
        fewest = Math.min(fewest, f.latencies.count());
        most = Math.max(most, f.latencies.count());
      }
    }
    sse.close();
    return new Result(all, fewest, most, threads, idleCpu);
  }

  /** The process's CPU time per second over {@code seconds} in which nothing is inserted. */
  private static double idleCpu(int seconds) throws InterruptedException {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long started = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    return (os.getProcessCpuTime() - cpu) / (double) (System.nanoTime() - started);
  }

  /** A subscriber that records, for each +U or +I it receives, how long since its row's send time. */
  private static final class Follower {
    final LatencyHistogram latencies = new LatencyHistogram();
    SseClient.Stream stream;

    synchronized void event(SseClient.Event e) {
      if (e.name().equals("change") && e.data().startsWith("{\"kind\":\"+")) {
        long now = System.nanoTime();
        String d = e.data();
        int at = d.lastIndexOf(',') + 1;
        latencies.record(now - Long.parseLong(d.substring(at, d.indexOf(']', at))));
      }
    }
  }
}
