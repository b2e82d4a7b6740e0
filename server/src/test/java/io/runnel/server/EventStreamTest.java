package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Change;
import io.runnel.ViewPosition;
import io.runnel.operators.batch.RowKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An event stream over a sink whose writes complete when the test says: a subscription's changes go out
 * together once it has caught up, those queued while a write is in flight together in the next, in order; a
 * full buffer holds its subscription back; a client whose write does not complete is cut off with an error
 * event that says why and where to resume.
 */
class EventStreamTest {
  final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  /** A sink that keeps each write, completes it only when told, and remembers how the stream ended. */
  static final class FakeSink implements Outbox.Sink {
    final List<List<String>> writes = new ArrayList<>();
    final List<Callback> pending = new ArrayList<>();
    String ended;

    @Override
    public String event(String id, String name, String data) {
      return (id == null ? "" : id + " ") + name + " " + data;
    }

    @Override
    public synchronized void write(List<Outbox.Frame> frames, Callback done) {
      writes.add(frames.stream().map(f -> f.text() == null ? "ping" : f.text()).toList());
      pending.add(done);
    }

    /** Completes the oldest write not yet completed. */
    void complete() {
      Callback c;
      synchronized (this) {
        c = pending.remove(0);
      }
      c.succeeded();
    }

    synchronized int writeCount() {
      return writes.size();
    }

    synchronized int pendingCount() {
      return pending.size();
    }

    @Override
    public synchronized void end(boolean cutOff) {
      ended = cutOff ? "cut off" : "end";
    }

    @Override
    public synchronized void abort(Throwable cause) {
      ended = "aborted";
    }
  }

  /** Counts what a stream tells its owner. */
  static final class FakeOwner implements EventStream.Owner {
    final List<String> cutOff = new ArrayList<>();
    int closed;

    @Override
    public synchronized void closed(EventStream stream) {
      closed++;
    }

    @Override
    public synchronized void cutOff(String reason) {
      cutOff.add(reason);
    }
  }

  static Change insert(long k) {
    return new Change(RowKind.INSERT, List.of(k));
  }

  @Test
  void changesGoOutOnceCaughtUpAndThoseQueuedWhileAWriteIsInFlightInTheNextWriteInOrder() {
    FakeSink sink = new FakeSink();
    EventStream stream = new EventStream(sink, 1 << 20, Duration.ofSeconds(30), timers, new FakeOwner());
    stream.change(new ViewPosition(1, 0), insert(0));
    assertEquals(0, sink.writeCount(), "held until the subscription has caught up");
    stream.caughtUp(new ViewPosition(1, 1));
    for (long k = 1; k < 4; k++) {
      stream.change(new ViewPosition(1, k), insert(k)); // queued behind it
    }
    assertEquals(List.of(List.of("1.1 change {\"kind\":\"+I\",\"values\":[0]}")), sink.writes);
    sink.complete();
    assertEquals(
        List.of("1.2 change {\"kind\":\"+I\",\"values\":[1]}", "1.3 change {\"kind\":\"+I\",\"values\":[2]}", "1.4 change {\"kind\":\"+I\",\"values\":[3]}"),
        sink.writes.get(1),
        "one write for all three");
    sink.complete();
    stream.close(null);
    assertEquals("end", sink.ended);
  }

  @Test
  void aFullBufferHoldsItsSubscriptionBackUntilTheWriteInFlightCompletes() throws Exception {
    FakeSink sink = new FakeSink();
    EventStream stream = new EventStream(sink, 100, Duration.ofSeconds(30), timers, new FakeOwner());
    CountDownLatch done = new CountDownLatch(1);
    Thread subscription = new Thread(() -> {
      for (long k = 0; k < 20; k++) { // some 40 characters an event: two fit in the buffer
        stream.change(new ViewPosition(1, k), insert(k));
      }
      stream.caughtUp(new ViewPosition(1, 20));
      done.countDown();
    });
    subscription.start();
    while (subscription.getState() != Thread.State.WAITING) {
      Thread.sleep(1);
    }
    assertEquals(1, sink.writeCount(), "the first event in flight, the next ones buffered, the subscription waiting");
    while (!done.await(1, TimeUnit.MILLISECONDS) || sink.pendingCount() > 0) {
      if (sink.pendingCount() > 0) {
        sink.complete(); // the client takes a write: the next one takes the buffer, and there is room again
      }
    }
    List<String> all = sink.writes.stream().flatMap(List::stream).toList();
    assertEquals(20, all.size());
    for (int k = 0; k < 20; k++) {
      assertTrue(all.get(k).startsWith("1." + (k + 1) + " change"), all.get(k));
    }
    assertTrue(sink.writes.stream().allMatch(w -> w.size() <= 2), "no more than the buffer holds at once: " + sink.writes);
  }

  @Test
  void aClientWhoseWriteDoesNotCompleteIsCutOffWithTheReasonAndWhereToResume() {
    FakeSink sink = new FakeSink();
    FakeOwner owner = new FakeOwner();
    EventStream stream = new EventStream(sink, 1 << 20, Duration.ofSeconds(1), timers, owner);
    stream.change(new ViewPosition(1, 0), insert(0));
    stream.caughtUp(new ViewPosition(1, 1));
    sink.complete();
    stream.change(new ViewPosition(1, 1), insert(1));
    stream.caughtUp(new ViewPosition(1, 2)); // in flight, never completed
    stream.change(new ViewPosition(1, 2), insert(2)); // buffered, dropped at the cut-off
    long now = System.nanoTime();
    stream.check(now + 500_000_000L);
    assertTrue(owner.cutOff.isEmpty(), "within the write timeout");
    stream.check(now + 1_500_000_000L);
    assertEquals(List.of(EventStream.WRITE_TIMEOUT), owner.cutOff);
    assertEquals(1, owner.closed);
    stream.change(new ViewPosition(1, 3), insert(3)); // the subscription is over: dropped
    sink.complete(); // the client takes what was in flight after all: then the error event goes
    assertEquals(3, sink.writes.size());
    String error = sink.writes.get(2).get(0);
    assertTrue(error.startsWith("error {\"reason\":\"write-timeout\""), error);
    assertTrue(error.endsWith("\"from\":\"1.2\"}"), "the position after the last change handed out: " + error);
    sink.complete();
    assertEquals("cut off", sink.ended);
  }

  @Test
  void aCutOffStreamThatDoesNotEndWithinTheWriteTimeoutIsAborted() throws Exception {
    FakeSink sink = new FakeSink();
    EventStream stream = new EventStream(sink, 1 << 20, Duration.ofMillis(100), timers, new FakeOwner());
    stream.change(new ViewPosition(1, 0), insert(0));
    stream.caughtUp(new ViewPosition(1, 1)); // in flight, never completed
    stream.check(System.nanoTime() + 1_000_000_000L);
    assertNull(sink.ended);
    for (int i = 0; i < 500 && sink.ended == null; i++) {
      Thread.sleep(10);
    }
    assertEquals("aborted", sink.ended);
  }

  @Test
  void aQuietStreamGetsAHeartbeatAndABusyOneNone() {
    FakeSink sink = new FakeSink();
    EventStream stream = new EventStream(sink, 1 << 20, Duration.ofSeconds(30), timers, new FakeOwner());
    long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(EventStream.HEARTBEAT_SECONDS + 1);
    stream.change(new ViewPosition(1, 0), insert(0));
    stream.caughtUp(new ViewPosition(1, 1)); // in flight
    stream.check(System.nanoTime() + 1);
    assertEquals(1, sink.writes.size(), "busy: no heartbeat");
    sink.complete();
    stream.check(later);
    assertEquals(List.of("ping"), sink.writes.get(1));
    assertEquals(1, sink.pendingCount());
  }
}
