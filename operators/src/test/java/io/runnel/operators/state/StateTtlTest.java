package io.runnel.operators.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateTtlTest {
  private static List<String> advance(StateTtl<String> ttl, long watermark) {
    List<String> expired = new ArrayList<>();
    ttl.advance(watermark, expired::add);
    return expired;
  }

  @Test
  void aKeyLastsTheTtlPastItsLatestEventTime() {
    StateTtl<String> ttl = new StateTtl<>(10);
    ttl.touch("a", 5);
    ttl.touch("b", 2);
    ttl.touch("a", 3); // older than a's latest: a still counts from 5
    assertFalse(ttl.expired("a", 14));
    assertTrue(ttl.expired("a", 15));
    assertFalse(ttl.expired("unknown", 1_000));
    assertEquals(List.of("b"), advance(ttl, 12));
    assertEquals(List.of(), advance(ttl, 14));
    ttl.touch("a", 8); // a row at 8: a now lasts until 18
    assertEquals(List.of(), advance(ttl, 17));
    assertEquals(List.of("a"), advance(ttl, 18));
    assertEquals(0, ttl.size());
  }

  @Test
  void aKeyTouchedLaterSetsItsTimerAgain() {
    StateTtl<String> ttl = new StateTtl<>(10);
    ttl.touch("k", 0);
    ttl.touch("k", 7);
    assertEquals(List.of(), advance(ttl, 10)); // due at 10 by its first stamp, at 17 by its latest
    assertEquals(List.of("k"), advance(ttl, 17));
  }

  @Test
  void aForgottenKeyTouchedAgainHasOneTimerAndItsNewStamp() {
    StateTtl<String> ttl = new StateTtl<>(10);
    ttl.touch("k", 0);
    ttl.forget("k");
    ttl.touch("k", 5); // the timer set for 0 is stale
    assertEquals(List.of(), advance(ttl, 10));
    assertEquals(List.of("k"), advance(ttl, 15));
    assertEquals(List.of(), advance(ttl, 1_000));
  }

  @Test
  void restoredStampsExpireAsTheyWouldHave() {
    StateTtl<String> ttl = new StateTtl<>(10);
    ttl.restore("y", 7);
    ttl.restore("x", 3);
    ttl.restore("none", Long.MIN_VALUE);
    assertEquals(2, ttl.size());
    assertEquals(7, ttl.stampOf("y"));
    assertEquals(Long.MIN_VALUE, ttl.stampOf("none"));
    assertEquals(List.of("x"), advance(ttl, 13));
    assertEquals(List.of("y"), advance(ttl, 17));
  }

  @Test
  void theEndOfTheInputFreesEveryKey() {
    StateTtl<String> ttl = new StateTtl<>(Long.MAX_VALUE / 2);
    ttl.touch("late", Long.MAX_VALUE - 5);
    ttl.touch("early", 0);
    assertEquals(List.of("early", "late"), advance(ttl, Long.MAX_VALUE));
  }

  @Test
  void refusesATtlThatIsNotPositive() {
    assertThrows(IllegalArgumentException.class, () -> new StateTtl<>(0));
  }
}
