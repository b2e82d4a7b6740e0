package io.runnel.runtime.log;

import static java.util.Objects.requireNonNull;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * How a log is split into files: one file per roll cycle, the cycle of an excerpt being the time it was
 * appended by {@code time}. Retention deletes whole cycles, so the cycle's length is its granularity.
 */
public record Rolling(RollCycle cycle, TimeProvider time) {
  /** One file a day, by the system clock: what the logs of streams and tables use outside tests. */
  public static final Rolling DAILY = new Rolling(RollCycles.FAST_DAILY, SystemTimeProvider.INSTANCE);

  /** One file an hour, by the system clock: what input journals use, so that trimming them frees an hour at a time. */
  public static final Rolling HOURLY = new Rolling(RollCycles.FAST_HOURLY, SystemTimeProvider.INSTANCE);

  /** One file a second, by the system clock: for tests that run an engine (the hidden stream and session options). */
  public static final Rolling SECONDLY = new Rolling(TestRollCycles.TEST_SECONDLY, SystemTimeProvider.INSTANCE);

  public Rolling {
    requireNonNull(cycle, "cycle is null");
    requireNonNull(time, "time is null");
  }

  /** One file a second, by {@code time}: for tests of retention, which then need not wait a day. */
  public static Rolling secondly(TimeProvider time) {
    return new Rolling(TestRollCycles.TEST_SECONDLY, time);
  }
}
