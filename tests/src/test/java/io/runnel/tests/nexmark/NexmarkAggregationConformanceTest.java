package io.runnel.tests.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.operators.batch.RowKind;
import io.runnel.runtime.nexmark.NexmarkGenerator;
import io.runnel.runtime.nexmark.NexmarkQueries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregating Nexmark queries, run unchanged but for their sink over the first 100,000 generated
 * events: each final result (changes applied) equals a hand-written Java model computed from the same
 * bids, and no bid is late (the generator's disorder stays within the streams' watermark delay).
 */
class NexmarkAggregationConformanceTest {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm");
  @TempDir static Path dir;
  static Runnel engine;
  static List<NexmarkGenerator.Bid> bids;

  static final Map<String, Function<List<NexmarkGenerator.Bid>, Map<List<Object>, Integer>>> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("q11", NexmarkAggregationConformanceTest::sessions);
    MODELS.put("q15", b -> daily(b, x -> List.of(day(x)), false));
    MODELS.put("q16", b -> daily(b, x -> List.of(x.channel(), day(x)), true));
    MODELS.put("q17", NexmarkAggregationConformanceTest::perAuctionDay);
    MODELS.put("q5_counts", NexmarkAggregationConformanceTest::hopCounts);
  }

  /** The window aggregation inside q5: bids per auction per HOP(2 s, 10 s) window. */
  static final String Q5_COUNTS = NexmarkQueries.Q5_WINDOW;

  static String day(NexmarkGenerator.Bid b) {
    return time(b.dateTime()).format(DAY);
  }

  static LocalDateTime time(long millis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  static Map<List<Object>, Integer> bag(List<List<Object>> rows) {
    Map<List<Object>, Integer> bag = new HashMap<>();
    rows.forEach(r -> bag.merge(r, 1, Integer::sum));
    return bag;
  }

  static Map<List<Object>, Integer> sessions(List<NexmarkGenerator.Bid> all) {
    Map<Long, List<Long>> times = new TreeMap<>();
    for (NexmarkGenerator.Bid b : all) {
      times.computeIfAbsent(b.bidder(), k -> new ArrayList<>()).add(b.dateTime());
    }
    List<List<Object>> rows = new ArrayList<>();
    times.forEach((bidder, ts) -> {
      ts.sort(Comparator.naturalOrder());
      long start = ts.get(0);
      long end = start + 10_000;
      long count = 0;
      for (long t : ts) {
        if (t > end) {
          rows.add(List.of(bidder, count, time(start), time(end)));
          start = t;
          count = 0;
        }
        end = Math.max(end, t + 10_000);
        count++;
      }
      rows.add(List.of(bidder, count, time(start), time(end)));
    });
    return bag(rows);
  }

  /** q15 and q16: bid, bidder and auction counts per day (and channel), overall and per price band. */
  static Map<List<Object>, Integer> daily(List<NexmarkGenerator.Bid> all, Function<NexmarkGenerator.Bid, List<Object>> key, boolean withMinute) {
    Map<List<Object>, List<NexmarkGenerator.Bid>> groups = new LinkedHashMap<>();
    for (NexmarkGenerator.Bid b : all) {
      groups.computeIfAbsent(key.apply(b), k -> new ArrayList<>()).add(b);
    }
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach((k, group) -> {
      List<Object> row = new ArrayList<>(k);
      if (withMinute) {
        row.add(group.stream().map(b -> time(b.dateTime()).format(MINUTE)).max(Comparator.naturalOrder()).orElseThrow());
      }
      long[] bids = new long[4];
      List<Set<Long>> bidders = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
      List<Set<Long>> auctions = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
      for (NexmarkGenerator.Bid b : group) {
        int band = b.price() < 10_000 ? 1 : b.price() < 1_000_000 ? 2 : 3;
        for (int i : new int[] {0, band}) {
          bids[i]++;
          bidders.get(i).add(b.bidder());
          auctions.get(i).add(b.auction());
        }
      }
      for (long n : bids) {
        row.add(n);
      }
      bidders.forEach(s -> row.add((long) s.size()));
      auctions.forEach(s -> row.add((long) s.size()));
      rows.add(row);
    });
    return bag(rows);
  }

  static Map<List<Object>, Integer> perAuctionDay(List<NexmarkGenerator.Bid> all) {
    Map<List<Object>, List<NexmarkGenerator.Bid>> groups = new LinkedHashMap<>();
    for (NexmarkGenerator.Bid b : all) {
      groups.computeIfAbsent(List.of(b.auction(), day(b)), k -> new ArrayList<>()).add(b);
    }
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach((k, group) -> {
      long[] bands = new long[4];
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      long sum = 0;
      for (NexmarkGenerator.Bid b : group) {
        bands[0]++;
        bands[b.price() < 10_000 ? 1 : b.price() < 1_000_000 ? 2 : 3]++;
        min = Math.min(min, b.price());
        max = Math.max(max, b.price());
        sum += b.price();
      }
      rows.add(Arrays.asList(k.get(0), k.get(1), bands[0], bands[1], bands[2], bands[3], min, max, sum / group.size(), sum));
    });
    return bag(rows);
  }

  static Map<List<Object>, Integer> hopCounts(List<NexmarkGenerator.Bid> all) {
    Map<List<Object>, Long> counts = new HashMap<>();
    for (NexmarkGenerator.Bid b : all) {
      long last = b.dateTime() - Math.floorMod(b.dateTime(), 2_000);
      for (long start = last; start > b.dateTime() - 10_000; start -= 2_000) {
        counts.merge(List.of(b.auction(), start), 1L, Long::sum);
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    counts.forEach((k, n) -> rows.add(List.of(k.get(0), n, time((Long) k.get(1)), time((Long) k.get(1) + 10_000))));
    return bag(rows);
  }

  @BeforeAll
  static void generate() {
    engine = NexmarkFixture.engine(dir);
    bids = NexmarkFixture.bids();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @TestFactory
  Stream<DynamicTest> aggregatingQueriesMatchTheirModels() {
    Map<String, String> queries = new LinkedHashMap<>(NexmarkQueries.selects());
    queries.put("q5_counts", Q5_COUNTS);
    return MODELS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      Map<List<Object>, Integer> expected = e.getValue().apply(bids);
      Map<List<Object>, Integer> actual = new HashMap<>();
      try (QueryHandle q = engine.query(queries.get(e.getKey()))) {
        q.changes().forEachRemaining(c -> apply(actual, c));
        assertTrue(q.awaitTermination(Duration.ofSeconds(120)));
        assertEquals(0, q.stats().lateRows(), "no generated bid is late");
      }
      assertTrue(!expected.isEmpty(), e.getKey() + " has a result");
      assertEquals(expected.size(), actual.size(), e.getKey() + " distinct rows");
      assertEquals(expected, actual, e.getKey());
    }));
  }

  /** With mini-batch folding the changes differ (one per group per batch), but applied they give the same results. */
  @TestFactory
  Stream<DynamicTest> withMiniBatchTheResultsAreTheSame() {
    return Stream.of("q15", "q16", "q17").map(name -> DynamicTest.dynamicTest(name + " with mini-batch", () -> {
      Map<List<Object>, Integer> expected = MODELS.get(name).apply(bids);
      Map<List<Object>, Integer> actual = new HashMap<>();
      engine.execute("SET 'aggregate.mini-batch' = 'true'");
      long changes;
      try (QueryHandle q = engine.query(NexmarkQueries.selects().get(name))) {
        long[] count = {0};
        q.changes().forEachRemaining(c -> {
          count[0]++;
          apply(actual, c);
        });
        assertTrue(q.awaitTermination(Duration.ofSeconds(120)));
        changes = count[0];
      } finally {
        engine.execute("RESET 'aggregate.mini-batch'");
      }
      assertEquals(expected, actual, name);
      assertTrue(changes < bids.size(), name + ": folded changes (" + changes + ") are fewer than the bids (" + bids.size() + ")");
    }));
  }

  /** The window aggregations inside q7 and q8 (their joins need the join operators), as q7 and q8 write them. */
  @TestFactory
  Stream<DynamicTest> theWindowAggregationsInsideQ7AndQ8MatchTheirModels() {
    Map<String, String> queries = new LinkedHashMap<>();
    Map<String, java.util.function.Supplier<Map<List<Object>, Integer>>> models = new LinkedHashMap<>();
    queries.put("q7 max price per window",
        "SELECT MAX(price) AS maxprice, window_end as `dateTime` FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))"
            + " GROUP BY window_start, window_end");
    models.put("q7 max price per window", () -> {
      Map<Long, Long> max = new HashMap<>();
      bids.forEach(b -> max.merge(Math.floorDiv(b.dateTime(), 10_000L), b.price(), Math::max));
      List<List<Object>> rows = new ArrayList<>();
      max.forEach((w, p) -> rows.add(List.of(p, time(w * 10_000 + 10_000))));
      return bag(rows);
    });
    queries.put("q8 persons per window",
        "SELECT id, name, window_start AS starttime, window_end AS endtime FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))"
            + " GROUP BY id, name, window_start, window_end");
    models.put("q8 persons per window", () -> {
      java.util.Set<List<Object>> rows = new java.util.HashSet<>();
      for (NexmarkGenerator.Person p : NexmarkFixture.events(NexmarkGenerator.Person.class)) {
        long start = Math.floorDiv(p.dateTime(), 10_000L) * 10_000;
        rows.add(List.of(p.id(), p.name(), time(start), time(start + 10_000)));
      }
      return bag(new ArrayList<>(rows));
    });
    queries.put("q8 sellers per window",
        "SELECT seller, window_start AS starttime, window_end AS endtime FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(`dateTime`), INTERVAL '10' SECOND))"
            + " GROUP BY seller, window_start, window_end");
    models.put("q8 sellers per window", () -> {
      java.util.Set<List<Object>> rows = new java.util.HashSet<>();
      for (NexmarkGenerator.Auction a : NexmarkFixture.events(NexmarkGenerator.Auction.class)) {
        long start = Math.floorDiv(a.dateTime(), 10_000L) * 10_000;
        rows.add(List.of(a.seller(), time(start), time(start + 10_000)));
      }
      return bag(new ArrayList<>(rows));
    });
    return queries.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      Map<List<Object>, Integer> expected = models.get(e.getKey()).get();
      Map<List<Object>, Integer> actual = new HashMap<>();
      try (QueryHandle q = engine.query(e.getValue())) {
        q.changes().forEachRemaining(c -> apply(actual, c));
        assertTrue(q.awaitTermination(Duration.ofSeconds(120)));
        assertEquals(0, q.stats().lateRows(), "no generated event is late");
      }
      assertTrue(!expected.isEmpty(), e.getKey() + " has a result");
      assertEquals(expected, actual, e.getKey());
    }));
  }

  /**
   * q12 counts bids per bidder in 10-second windows of processing time. Which window a bid falls in depends
   * on when it is processed, so the check is what does not: every window is 10 seconds long and, summed
   * over the windows, each bidder's count is its number of bids (the end of input closes the last window).
   */
  @Test
  void q12CountsEveryBidOnceInWindowsOfProcessingTime() throws Exception {
    engine.executeAll(NexmarkQueries.setup("q12"));
    Map<Long, Long> expected = new HashMap<>();
    bids.forEach(b -> expected.merge(b.bidder(), 1L, Long::sum));
    Map<Long, Long> actual = new HashMap<>();
    try (QueryHandle q = engine.query(NexmarkQueries.selects().get("q12"))) {
      q.changes().forEachRemaining(c -> {
        assertEquals(RowKind.INSERT, c.kind());
        List<Object> row = c.values();
        assertEquals(Duration.ofSeconds(10), Duration.between((LocalDateTime) row.get(2), (LocalDateTime) row.get(3)));
        actual.merge((Long) row.get(0), (Long) row.get(1), Long::sum);
      });
      assertTrue(q.awaitTermination(Duration.ofSeconds(120)));
    }
    assertEquals(expected, actual);
  }

  static void apply(Map<List<Object>, Integer> result, Change c) {
    List<Object> row = c.values();
    if (c.kind() == RowKind.INSERT || c.kind() == RowKind.UPDATE_AFTER) {
      result.merge(row, 1, Integer::sum);
    } else {
      result.merge(row, -1, Integer::sum);
      result.remove(row, 0);
    }
  }
}
