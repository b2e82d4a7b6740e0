package io.runnel.tests.sqlt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The processing-time clock of a script's engine: it stands at {@link #START} until the script moves it
 * ({@code advance}), so that what a query does by the clock is a function of the script, whatever the
 * machine's speed.
 */
final class ScriptClock extends Clock {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private volatile Instant now = START;

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
