package io.runnel.runtime.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExchangeTest {
  @Test
  void channelsKeepOrderCountWhatIsInFlightAndTellWhenASenderIsBehindItsConsumer() {
    Exchange exchange = new Exchange(2);
    exchange.register(0, Thread.currentThread());
    exchange.register(1, Thread.currentThread());
    for (int i = 0; i <= Exchange.HIGH_WATER; i++) {
      assertFalse(exchange.backlogged(0), "at " + i + " elements");
      exchange.send(0, 1, Exchange.Element.watermark(3, 0, i));
    }
    assertTrue(exchange.backlogged(0), "past the high-water mark");
    assertFalse(exchange.backlogged(1), "the other direction is empty");
    assertEquals(Exchange.HIGH_WATER + 1, exchange.inFlight());
    Exchange.Element first = exchange.poll(0, 1);
    assertEquals(0, first.watermark(), "first in, first out");
    assertEquals(3, first.target());
    assertFalse(exchange.backlogged(0), "back at the mark");
    assertEquals(Exchange.HIGH_WATER + 1, exchange.inFlight(), "taken, not yet handled");
    exchange.processed();
    assertEquals(Exchange.HIGH_WATER, exchange.inFlight());
    for (int i = 1; i <= Exchange.HIGH_WATER; i++) {
      assertEquals(i, exchange.poll(0, 1).watermark());
      exchange.processed();
    }
    assertNull(exchange.poll(0, 1));
    assertEquals(0, exchange.inFlight());
  }
}
