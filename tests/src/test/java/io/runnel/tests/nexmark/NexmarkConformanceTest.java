package io.runnel.tests.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.operators.batch.RowKind;
import io.runnel.runtime.nexmark.NexmarkGenerator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Nexmark queries the engine supports, run unchanged but for their sink (the query's own handle) over
 * the first 100,000 generated events, each checked against a hand-written Java model of the query
 * computed from the same generator.
 */
class NexmarkConformanceTest {
  @TempDir static Path dir;
  static Runnel engine;
  static List<NexmarkGenerator.Bid> bids;

  /** The models: what each query gives for one bid, or null when it filters the bid out. */
  static final Map<String, Function<NexmarkGenerator.Bid, List<Object>>> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("q0", b -> List.of(b.auction(), b.bidder(), b.price(), time(b.dateTime()), b.extra()));
    MODELS.put("q1", b -> List.of(b.auction(), b.bidder(), new BigDecimal("0.908").multiply(BigDecimal.valueOf(b.price())), time(b.dateTime()), b.extra()));
    MODELS.put("q2", b -> b.auction() % 123 == 0 ? List.of(b.auction(), b.price()) : null);
    MODELS.put("q21", b -> {
      String id = switch (b.channel().toLowerCase(Locale.ROOT)) {
        case "apple" -> "0";
        case "google" -> "1";
        case "facebook" -> "2";
        case "baidu" -> "3";
        default -> channelId(b.url());
      };
      return id == null ? null : List.of(b.auction(), b.bidder(), b.price(), b.channel(), id);
    });
    MODELS.put("q14", b -> {
      BigDecimal price = new BigDecimal("0.908").multiply(BigDecimal.valueOf(b.price()));
      if (price.compareTo(BigDecimal.valueOf(1_000_000)) <= 0 || price.compareTo(BigDecimal.valueOf(50_000_000)) >= 0) {
        return null;
      }
      int hour = time(b.dateTime()).getHour();
      String type = hour >= 8 && hour <= 18 ? "dayTime" : hour <= 6 || hour >= 20 ? "nightTime" : "otherTime";
      return List.of(b.auction(), b.bidder(), price, type, time(b.dateTime()), b.extra(), b.extra().chars().filter(c -> c == 'c').count());
    });
    MODELS.put("q22", b -> {
      String[] parts = b.url().split("/", -1);
      return Arrays.asList(b.auction(), b.bidder(), b.price(), b.channel(), part(parts, 3), part(parts, 4), part(parts, 5));
    });
  }

  static LocalDateTime time(long millis) {
    return LocalDateTime.ofEpochSecond(millis / 1000, (int) (millis % 1000) * 1_000_000, java.time.ZoneOffset.UTC);
  }

  static String channelId(String url) {
    int at = url.indexOf("channel_id=");
    if (at < 0 || (at > 0 && url.charAt(at - 1) != '&')) {
      return null;
    }
    int end = url.indexOf('&', at);
    return url.substring(at + "channel_id=".length(), end < 0 ? url.length() : end);
  }

  static String part(String[] parts, int i) {
    return i < parts.length ? parts[i] : null;
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
  Stream<DynamicTest> supportedQueriesMatchTheirModels() {
    Map<String, String> queries = io.runnel.runtime.nexmark.NexmarkQueries.selects();
    assertTrue(queries.keySet().containsAll(MODELS.keySet()), "queries.sql has " + queries.keySet());
    return MODELS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      List<List<Object>> expected = new ArrayList<>();
      for (NexmarkGenerator.Bid b : bids) {
        List<Object> row = e.getValue().apply(b);
        if (row != null) {
          expected.add(row);
        }
      }
      List<List<Object>> actual = new ArrayList<>();
      engine.executeAll(io.runnel.runtime.nexmark.NexmarkQueries.setup(e.getKey())); // q14's function
      try (QueryHandle q = engine.query(queries.get(e.getKey()))) {
        assertTrue(q.bounded(), "a query over bounded Nexmark streams ends by itself");
        q.changes().forEachRemaining(c -> {
          assertEquals(RowKind.INSERT, c.kind());
          actual.add(c.values());
        });
        assertTrue(q.awaitTermination(Duration.ofSeconds(60)));
      }
      assertTrue(expected.size() > 100, e.getKey() + " selects something: " + expected.size());
      assertEquals(expected.size(), actual.size(), e.getKey() + " row count");
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), actual.get(i), e.getKey() + " row " + i);
      }
    }));
  }
}
