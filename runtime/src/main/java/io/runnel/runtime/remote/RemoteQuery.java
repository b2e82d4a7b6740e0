package io.runnel.runtime.remote;

import io.runnel.Change;
import io.runnel.Column;
import io.runnel.QueryHandle;
import io.runnel.QueryStats;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A standing query a server runs for this client ({@code POST /v1/push}), read from its Server-Sent Events
 * on a thread of its own: the columns first, then each change, a caught-up mark, and the end. Cancelling it
 * closes the connection, and the server stops the query.
 */
final class RemoteQuery implements QueryHandle {
  private static final Object END = new Object();

  private final Stream<String> lines;
  private final Iterator<String> events;
  private final List<Column> columns = new ArrayList<>();
  private final boolean updating;
  private final boolean bounded;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Consumer<Change> consumer;
  private volatile Throwable failure;
  private volatile boolean cancelled;
  private long received;

  /** Reads the first event, the columns, before it returns; the rest on a thread of its own. */
  @SuppressWarnings("unchecked")
  RemoteQuery(Stream<String> lines) {
    this.lines = lines;
    this.events = lines.iterator();
    String[] first = nextEvent();
    if (first == null || !"columns".equals(first[0])) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "The server did not start the query's stream", null);
    }
    Map<String, Object> head = Json.object(first[1]);
    for (Object c : (List<Object>) head.get("columns")) {
      Map<String, Object> column = (Map<String, Object>) c;
      columns.add(new Column((String) column.get("name"), (String) column.get("type")));
    }
    updating = Boolean.TRUE.equals(head.get("updating"));
    bounded = Boolean.TRUE.equals(head.get("bounded"));
    Thread reader = new Thread(this::read, "runnel-remote-query");
    reader.setDaemon(true);
    reader.start();
  }

  /** The next event's name and data, or null at the end of the stream. */
  private String[] nextEvent() {
    String name = null;
    String data = null;
    while (events.hasNext()) {
      String line = events.next();
      if (line.isEmpty()) {
        if (name != null) {
          return new String[] {name, data};
        }
      } else if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = line.substring(6);
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private void read() {
    try {
      for (String[] e; (e = nextEvent()) != null; ) {
        switch (e[0]) {
          case "change" -> {
            Map<String, Object> c = Json.object(e[1]);
            deliver(new Change(RemoteRunnel.kind((String) c.get("kind")), (List<Object>) c.get("values")));
          }
          case "caught-up" -> caughtUp.countDown();
          case "error" -> failure = new RunnelException(ErrorCode.INTERNAL_ERROR, null, "The query failed on the server: " + Json.object(e[1]).get("message"), null);
          case "end" -> {
            return;
          }
          default -> {} // a heartbeat, or an event this client does not know
        }
      }
      if (!cancelled && failure == null) {
        failure = new RunnelException(ErrorCode.IO_ERROR, null, "The server closed the query's stream", "The server may have stopped; run the query again.");
      }
    } catch (RuntimeException e) {
      if (!cancelled && failure == null) {
        failure = new RunnelException(ErrorCode.IO_ERROR, null, "The query's stream broke: " + e.getMessage(), "The server may have stopped; run the query again.");
      }
    } finally {
      caughtUp.countDown();
      queue.add(END);
      done.countDown();
    }
  }

  private synchronized void deliver(Change change) {
    received++;
    Consumer<Change> c = consumer;
    if (c != null) {
      c.accept(change);
    } else {
      queue.add(change);
    }
  }

  @Override
  public String id() {
    return "push";
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public boolean updating() {
    return updating;
  }

  /** Hands every change, those already come first, to {@code consumer} on the reading thread. */
  @Override
  public synchronized void subscribe(Consumer<Change> consumer) {
    for (Object o; (o = queue.peek()) instanceof Change; ) {
      queue.poll();
      consumer.accept((Change) o);
    }
    this.consumer = consumer;
  }

  @Override
  public Iterator<Change> changes() {
    return new Iterator<>() {
      private Object next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = queue.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
          if (next == END) {
            queue.add(END);
          }
        }
        return next != END;
      }

      @Override
      public Change next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Change c = (Change) next;
        next = null;
        return c;
      }
    };
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean isDone() {
    return done.getCount() == 0;
  }

  @Override
  public boolean bounded() {
    return bounded;
  }

  /** Waits for the server's mark that the query has taken in what was appended before it started. */
  @Override
  public boolean sync(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public Throwable failure() {
    return failure;
  }

  /** What this client knows: the rows it received; the rest is the server's (GET /metrics). */
  @Override
  public synchronized QueryStats stats() {
    return new QueryStats(0, received, Long.MIN_VALUE, 0, 0);
  }

  @Override
  public void cancel() {
    cancelled = true;
    lines.close();
  }
}
