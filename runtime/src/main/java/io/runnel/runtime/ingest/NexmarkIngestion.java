package io.runnel.runtime.ingest;

import io.runnel.EngineConfig;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.Schema;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.nexmark.NexmarkGenerator;
import io.runnel.runtime.nexmark.NexmarkStreams;
import io.runnel.runtime.store.RelationStore;
import java.util.concurrent.locks.LockSupport;

/**
 * Fills {@code person}, {@code auction} or {@code bid} from the deterministic Nexmark generator. Unbounded,
 * it keeps pace with {@code 'rate'} events a second of wall-clock time (over all three kinds, so the three
 * streams advance together); with {@code 'events' = N} it generates the first N events as fast as it can,
 * then seals the stream. It resumes after a restart: the rows in the log say which event comes next.
 */
final class NexmarkIngestion extends ConnectorThread {
  private static final long DEFAULT_RATE = 10_000;

  private final NexmarkGenerator.Kind kind;
  private final RelationStore store;
  private final EngineConfig config;
  private final Runnable onSealed;
  private final long rate;
  private final long events; // -1: unbounded

  NexmarkIngestion(RelationDef def, RelationStore store, EngineConfig config, Runnable onSealed) {
    super("runnel-nexmark-" + def.name());
    this.kind = NexmarkStreams.kindOf(def.name());
    this.store = store;
    this.config = config;
    this.onSealed = onSealed;
    this.rate = Long.parseLong(def.properties().getOrDefault("rate", String.valueOf(DEFAULT_RATE)));
    this.events = Long.parseLong(def.properties().getOrDefault("events", "-1"));
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

  @Override
  protected void fill() {
    NexmarkGenerator generator = new NexmarkGenerator(rate);
    Schema schema = NexmarkStreams.schemaOf(kind);
    long next = store.rowCount(); // index of the next event of this kind
    long started = config.clock().millis();
    long startEvent = NexmarkGenerator.eventNumber(kind, next);
    int batchSize = 1024;
    while (!stopped) {
      long n = NexmarkGenerator.eventNumber(kind, next);
      if (events >= 0 && n >= events) {
        store.seal();
        onSealed.run();
        return;
      }
      long limit = events >= 0 ? events : startEvent + (config.clock().millis() - started) * rate / 1000;
      if (n >= limit) {
        LockSupport.parkNanos(5_000_000L);
        continue;
      }
      BatchBuilder builder = new BatchBuilder(schema, batchSize);
      while (builder.size() < batchSize && n < limit) {
        NexmarkStreams.addRow(builder, generator.event(n));
        next++;
        n = NexmarkGenerator.eventNumber(kind, next);
      }
      store.append(builder.build());
    }
  }

}
