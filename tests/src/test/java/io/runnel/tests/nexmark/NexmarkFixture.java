package io.runnel.tests.nexmark;

import io.runnel.Runnel;
import io.runnel.runtime.nexmark.NexmarkGenerator;
import io.runnel.runtime.nexmark.NexmarkStreams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The conformance suites' input: an engine with bounded Nexmark streams, and the same bids as Java records. */
final class NexmarkFixture {
  static final long EVENTS = 100_000;

  private NexmarkFixture() {}

  /** An engine on {@code dir} whose person, auction and bid streams hold the first {@link #EVENTS} events. */
  static Runnel engine(Path dir) {
    return engine(dir, 1);
  }

  /** An engine whose three Nexmark streams have {@code partitions} partitions each. */
  static Runnel engine(Path dir, int partitions) {
    Runnel engine = Runnel.open(dir);
    String with = " WITH ('connector' = 'nexmark', 'events' = '" + EVENTS + "', 'partitions' = '" + partitions + "')";
    engine.executeAll(NexmarkStreams.PERSON_DDL + with + ";" + NexmarkStreams.AUCTION_DDL + with + ";" + NexmarkStreams.BID_DDL + with);
    return engine;
  }

  /** The bids among the first {@link #EVENTS} events, in order. */
  static List<NexmarkGenerator.Bid> bids() {
    return events(NexmarkGenerator.Bid.class);
  }

  /** The events of one kind among the first {@link #EVENTS}, in order. */
  static <T extends NexmarkGenerator.Event> List<T> events(Class<T> kind) {
    NexmarkGenerator generator = new NexmarkGenerator(10_000);
    List<T> events = new ArrayList<>();
    for (long n = 0; n < EVENTS; n++) {
      NexmarkGenerator.Event e = generator.event(n);
      if (kind.isInstance(e)) {
        events.add(kind.cast(e));
      }
    }
    return events;
  }
}
