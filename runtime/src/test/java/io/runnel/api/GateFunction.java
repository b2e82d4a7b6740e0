package io.runnel.api;

import io.runnel.udf.ScalarFunction;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code gate(x)}: returns its argument once the test opens the gate, so that a query waits where a test
 * wants it to. One gate for the module's tests, which run one after another: {@link #close} it before each.
 */
public final class GateFunction implements ScalarFunction {
  private static volatile CountDownLatch entered = new CountDownLatch(1);
  private static volatile CountDownLatch open = new CountDownLatch(1);
  private static volatile long shutMillis;

  /** Shuts the gate for at most {@code millis}, and forgets that a row reached it. */
  static void close(long millis) {
    entered = new CountDownLatch(1);
    open = new CountDownLatch(1);
    shutMillis = millis;
  }

  /** How long the gate, shut now, stays shut at most. */
  static void shutFor(long millis) {
    shutMillis = millis;
  }

  /** Whether a row reached the gate within {@code seconds}. */
  static boolean reached(long seconds) throws InterruptedException {
    return entered.await(seconds, TimeUnit.SECONDS);
  }

  static void open() {
    open.countDown();
  }

  @Override
  public String resultType() {
    return "BIGINT";
  }

  @Override
  public Object eval(Object... args) {
    entered.countDown();
    try {
      open.await(shutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return args[0];
  }
}
