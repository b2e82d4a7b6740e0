package io.runnel.runtime.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NexmarkGeneratorTest {
  final NexmarkGenerator generator = new NexmarkGenerator(10_000);

  @Test
  void theSpecsCheckValues() {
    assertEquals(1000, assertInstanceOf(NexmarkGenerator.Person.class, generator.event(0)).id());
    assertEquals(1000, assertInstanceOf(NexmarkGenerator.Auction.class, generator.event(1)).id());
    assertInstanceOf(NexmarkGenerator.Auction.class, generator.event(3));
    assertInstanceOf(NexmarkGenerator.Bid.class, generator.event(4));
    for (int n = 0; n <= 9; n++) {
      assertEquals(NexmarkGenerator.BASE_TIME, generator.timestamp(n));
    }
    assertEquals(NexmarkGenerator.BASE_TIME + 1, generator.timestamp(10));
  }

  @Test
  void eventsArePureFunctionsOfTheirNumber() {
    NexmarkGenerator other = new NexmarkGenerator(10_000);
    for (long n : new long[] {123_456, 7, 50_000, 4}) {
      assertEquals(generator.event(n), other.event(n));
    }
    // generating in another order gives the same event
    NexmarkGenerator.Event first = generator.event(99);
    generator.event(5);
    assertEquals(first, generator.event(99));
  }

  @Test
  void theIthEventOfAKindHasTheRightNumber() {
    for (NexmarkGenerator.Kind kind : NexmarkGenerator.Kind.values()) {
      long seen = 0;
      for (long n = 0; n < 500; n++) {
        if (NexmarkGenerator.kindOf(n) == kind) {
          assertEquals(n, NexmarkGenerator.eventNumber(kind, seen++));
        }
      }
    }
  }

  @Test
  void fieldsStayInTheirRanges() {
    long lastTime = 0;
    for (long n = 0; n < 20_000; n++) {
      NexmarkGenerator.Event e = generator.event(n);
      long time = generator.timestamp(n);
      assertTrue(time >= lastTime);
      lastTime = time;
      if (e instanceof NexmarkGenerator.Bid b) {
        assertTrue(b.auction() >= 1000 && b.price() >= 100 && b.price() <= 100_000_000, b.toString());
        assertTrue(b.channel().startsWith("channel-") || b.url().contains("item.htm"));
      } else if (e instanceof NexmarkGenerator.Auction a) {
        assertTrue(a.expires() > a.dateTime() && a.reserve() >= a.initialBid() && a.category() >= 10 && a.category() < 15);
      }
    }
  }

  /**
   * The SHA-256 of the first 100,000 events in the exchange format. The specification gives no checksum;
   * this one was computed from this implementation once it passed the check values, and pins it so that
   * no change of the generator goes unnoticed.
   */
  @Test
  void checksumOfTheFirst100000Events() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (long n = 0; n < 100_000; n++) {
      sha.update((NexmarkExchange.line(generator.event(n)) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("c4eb40d8fb3b0bd4956b868ef0093291dd9f6c32c102cb37d48eabadebed1c5f", HexFormat.of().formatHex(sha.digest()));
  }

  @Test
  void exchangeLinesFollowTheFormat() {
    String bid = NexmarkExchange.line(generator.event(4));
    assertTrue(bid.startsWith("{\"type\":\"bid\",\"auction\":"), bid);
    assertTrue(bid.contains(",\"dateTime\":1436918400000,"), bid);
    assertTrue(!bid.contains(" \""), bid);
  }
}
