package io.runnel.runtime.query;

import io.runnel.Change;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.types.Schema;
import io.runnel.runtime.JavaValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Hands a query's result to its user as {@link Change}s: to a subscribed callback, or into a bounded
 * buffer read by a blocking iterator. A full buffer makes the query wait (backpressure), never drops. A
 * query that asked to discard its result (a blackhole) hands nothing on. A query that answers with a table
 * ({@code folded}: over views' current rows) keeps its changes to itself and hands over, when it ends,
 * the rows they leave, as inserts: in the order each was first inserted.
 */
final class ChangeSink extends CompletionSink {
  private static final int CAPACITY = 64 * 1024;
  /** Put in the buffer when the query ends, so that a reader waiting on it learns at once; never handed out. */
  private static final Change END = new Change(RowKind.INSERT, List.of());
  /** How long a reader waits on an empty buffer before it looks whether the query ended: a backstop for an end that found the buffer full. */
  private static final long END_CHECK_MILLIS = 20;

  private final Schema schema;
  private final BlockingQueue<Change> buffer = new ArrayBlockingQueue<>(CAPACITY);
  private final BooleanSupplier cancelled;
  private final boolean discard;
  private final Map<List<Object>, Integer> table; // a row and how often it is there; null unless folded; the task's thread's
  private Consumer<Change> consumer; // guarded by this

  ChangeSink(Schema schema, BooleanSupplier cancelled, boolean discard) {
    this(schema, cancelled, discard, false);
  }

  ChangeSink(Schema schema, BooleanSupplier cancelled, boolean discard, boolean folded) {
    this.schema = schema;
    this.cancelled = cancelled;
    this.discard = discard;
    this.table = folded ? new LinkedHashMap<>() : null;
  }

  @Override
  public void accept(Batch batch) {
    if (discard) {
      return; // counted by the task already
    }
    for (int r = 0; r < batch.size(); r++) {
      List<Object> values = new ArrayList<>(schema.size());
      for (int c = 0; c < schema.size(); c++) {
        values.add(JavaValues.toJava(batch.column(c).getObject(r), schema.type(c)));
      }
      if (table == null) {
        deliver(new Change(batch.kind(r), values));
      } else if (batch.kind(r).isAccumulate()) {
        table.merge(values, 1, Integer::sum);
      } else {
        table.computeIfPresent(values, (row, n) -> n > 1 ? n - 1 : null);
      }
    }
  }

  @Override
  public void finish(Throwable failure) {
    if (table != null && failure == null) {
      for (Map.Entry<List<Object>, Integer> row : table.entrySet()) {
        for (int i = 0; i < row.getValue(); i++) {
          deliver(new Change(RowKind.INSERT, row.getKey()));
        }
      }
    }
    super.finish(failure);
    synchronized (this) {
      if (consumer == null) {
        buffer.offer(END); // when full, the reader finds the end once it has taken the rest
      }
    }
  }

  private void deliver(Change change) {
    while (true) {
      synchronized (this) {
        if (consumer != null) {
          consumer.accept(change);
          return;
        }
        if (buffer.offer(change)) {
          return;
        }
      }
      if (cancelled.getAsBoolean()) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
    }
  }

  synchronized void subscribe(Consumer<Change> newConsumer) {
    if (consumer != null) {
      throw new IllegalStateException("the query already has a subscriber");
    }
    Change c;
    while ((c = buffer.poll()) != null) {
      if (c != END) {
        newConsumer.accept(c);
      }
    }
    consumer = newConsumer;
  }

  Iterator<Change> iterator() {
    return new Iterator<>() {
      private Change next;
      private boolean ended;

      @Override
      public boolean hasNext() {
        while (next == null && !ended) {
          try {
            next = buffer.poll(END_CHECK_MILLIS, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
          if (next == END || (next == null && finished() && buffer.isEmpty())) {
            next = null;
            ended = true;
          }
        }
        return !ended;
      }

      @Override
      public Change next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Change c = next;
        next = null;
        return c;
      }
    };
  }
}
