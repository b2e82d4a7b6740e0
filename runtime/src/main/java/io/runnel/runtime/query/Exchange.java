package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channels between the tasks of one query: a FIFO queue for each ordered pair of tasks, carrying
 * batches, watermarks and idleness for one input of one vertex. A channel keeps its order, so a watermark
 * follows every row sent before it. Sending never blocks (two tasks sending to each other cannot
 * deadlock); instead a task whose outgoing channels hold more than {@link #HIGH_WATER} elements stops
 * reading its sources until its consumers catch up, which is how a slow task slows its producers.
 */
final class Exchange {
  static final int HIGH_WATER = 32;

  /** A batch, a watermark or an idleness change for input {@code input} of vertex {@code target}. */
  record Element(int target, int input, Batch batch, long watermark, Boolean idle) {
    static Element batch(int target, int input, Batch batch) {
      return new Element(target, input, batch, 0, null);
    }

    static Element watermark(int target, int input, long watermark) {
      return new Element(target, input, null, watermark, null);
    }

    static Element idleness(int target, int input, boolean idle) {
      return new Element(target, input, null, 0, idle);
    }
  }

  private static final class Channel {
    final ConcurrentLinkedQueue<Element> queue = new ConcurrentLinkedQueue<>();
    final AtomicInteger size = new AtomicInteger();
  }

  private final Channel[][] channels; // [from][to]
  private final Runnable[] wakes;
  private final AtomicLong inFlight = new AtomicLong();

  Exchange(int tasks) {
    channels = new Channel[tasks][tasks];
    for (int from = 0; from < tasks; from++) {
      for (int to = 0; to < tasks; to++) {
        channels[from][to] = from == to ? null : new Channel();
      }
    }
    wakes = new Runnable[tasks];
  }

  /** What wakes task {@code task} when something is sent to it. Set before any task starts. */
  void register(int task, Runnable wake) {
    wakes[task] = wake;
  }

  void send(int from, int to, Element element) {
    inFlight.incrementAndGet();
    Channel channel = channels[from][to];
    channel.queue.add(element);
    if (channel.size.getAndIncrement() == 0) {
      Runnable wake = wakes[to];
      if (wake != null) { // null only where a test drives the exchange without tasks
        wake.run();
      }
    }
  }

  /** The next element sent from {@code from} to {@code to}, or null; call {@link #processed()} once it is handled. */
  Element poll(int from, int to) {
    Channel channel = channels[from][to];
    Element element = channel.queue.poll();
    if (element != null) {
      channel.size.decrementAndGet();
    }
    return element;
  }

  /** An element taken by {@link #poll} has been handled, including whatever its handling sent on. */
  void processed() {
    inFlight.decrementAndGet();
  }

  /** True when some channel out of {@code from} holds more than {@link #HIGH_WATER} elements. */
  boolean backlogged(int from) {
    for (Channel channel : channels[from]) {
      if (channel != null && channel.size.get() > HIGH_WATER) {
        return true;
      }
    }
    return false;
  }

  /** Elements sent and not yet handled. */
  long inFlight() {
    return inFlight.get();
  }
}
