package io.runnel.runtime.ingest;

import io.runnel.EngineConfig;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.nexmark.NexmarkGenerator;
import io.runnel.runtime.nexmark.NexmarkStreams;
import io.runnel.runtime.store.RelationStore;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Fills {@code person}, {@code auction} or {@code bid} from the deterministic Nexmark generator. Unbounded,
 * it keeps pace with {@code 'rate'} events a second of wall-clock time (over all three kinds, so the three
 * streams advance together); with {@code 'events' = N} it generates the first N events as fast as it can,
 * then seals the stream. It resumes after a restart: the rows in the log say which event comes next.
 *
 * <p>A stream with several partitions is filled by one thread per partition, each generating its own
 * share of the events: the events of this kind are dealt out in blocks of {@value #BLOCK}, block b to
 * partition {@code b mod partitions}, so no event changes and each partition is resumable on its own.
 */
final class NexmarkIngestion implements Connector {
  private static final long DEFAULT_RATE = 10_000;
  static final int BLOCK = 1024;

  private final NexmarkGenerator.Kind kind;
  private final RelationStore store;
  private final ErrorReporter errors;
  private final EngineConfig config;
  private final Runnable onSealed;
  private final long rate;
  private final long events; // -1: unbounded
  private final Thread[] threads;
  private final AtomicInteger filling;
  private volatile boolean stopped;

  NexmarkIngestion(RelationDef def, RelationStore store, ErrorReporter errors, EngineConfig config, Runnable onSealed) {
    this.kind = NexmarkStreams.kindOf(def.name());
    this.store = store;
    this.errors = errors;
    this.config = config;
    this.onSealed = onSealed;
    this.rate = Long.parseLong(def.properties().getOrDefault("rate", String.valueOf(DEFAULT_RATE)));
    this.events = Long.parseLong(def.properties().getOrDefault("events", "-1"));
    this.threads = new Thread[store.partitions()];
    this.filling = new AtomicInteger(threads.length);
    for (int p = 0; p < threads.length; p++) {
      int partition = p;
      threads[p] = new Thread(() -> run(partition), "runnel-nexmark-" + def.name() + (threads.length > 1 ? "." + p : ""));
      threads[p].setDaemon(true);
    }
  }

  @Override
  public void start() {
    for (Thread t : threads) {
      t.start();
    }
  }

  @Override
  public void stop() {
    stopped = true;
    try {
      for (Thread t : threads) {
        t.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The index, among the events of one kind, of row {@code row} of partition {@code partition} of {@code partitions}. */
  static long kindIndex(long row, int partition, int partitions) {
    return ((row / BLOCK) * partitions + partition) * BLOCK + row % BLOCK;
  }

  /** The stream must be one of the three, with the columns the generator produces. */
  static void check(RelationDef def, Pos pos) {
    NexmarkGenerator.Kind kind = NexmarkStreams.kindOf(def.name());
    if (kind == null) {
      throw new RunnelException(
          ErrorCode.INVALID_OPTION, pos, "The nexmark connector fills the streams person, auction and bid, not " + def.name(), null);
    }
    Schema expected = NexmarkStreams.schemaOf(kind);
    if (!expected.names().equals(def.schema().names())
        || !expected.fields().stream().map(f -> f.type().kind()).toList().equals(def.schema().fields().stream().map(f -> f.type().kind()).toList())) {
      throw new RunnelException(
          ErrorCode.INVALID_OPTION,
          pos,
          "Stream " + def.name() + " does not have the Nexmark columns",
          "Declare it as: " + switch (kind) {
            case PERSON -> NexmarkStreams.PERSON_DDL;
            case AUCTION -> NexmarkStreams.AUCTION_DDL;
            case BID -> NexmarkStreams.BID_DDL;
          });
    }
  }

  private void run(int partition) {
    boolean done;
    try {
      done = fill(partition);
    } catch (Throwable e) {
      // not silently: the failure goes to sys.errors, and a bounded stream is still sealed once every
      // partition is done, so a query over it ends
      errors.report("nexmark:" + kind.name().toLowerCase(Locale.ROOT), "generating stopped: " + e, null);
      done = events >= 0 && !stopped;
    }
    if (done) {
      finished();
    }
  }

  /** One partition has all its events: the last one to finish seals the stream. */
  private void finished() {
    if (filling.decrementAndGet() == 0) {
      store.seal();
      onSealed.run();
    }
  }

  /** Generates this partition's events; true when it has them all, false when stopped. */
  private boolean fill(int partition) {
    NexmarkGenerator generator = new NexmarkGenerator(rate);
    int partitions = threads.length;
    long row = store.rowCount(partition); // the next row of this partition
    long started = config.clock().millis();
    long startEvent = NexmarkGenerator.eventNumber(kind, kindIndex(row, partition, partitions));
    while (!stopped) {
      long n = NexmarkGenerator.eventNumber(kind, kindIndex(row, partition, partitions));
      if (events >= 0 && n >= events) {
        return true;
      }
      long limit = events >= 0 ? events : startEvent + (config.clock().millis() - started) * rate / 1000;
      if (n >= limit) {
        LockSupport.parkNanos(5_000_000L);
        continue;
      }
      // up to the end of this partition's block (the next row belongs to another block) or of the events due.
      // A stream's end still traps in the compiled loop (the comparison with the limit is its own branch in
      // the bytecode), but each stream's thread stays in the loop it runs, compiled, until its own end.
      NexmarkStreams.Rows rows = new NexmarkStreams.Rows(kind, BLOCK);
      do {
        rows.add(generator, n);
        row++;
        n = NexmarkGenerator.eventNumber(kind, kindIndex(row, partition, partitions));
      } while (row % BLOCK != 0 && n < limit);
      store.append(partition, rows.build());
    }
    return false;
  }
}
