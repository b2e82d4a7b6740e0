package io.runnel.shell;

import io.runnel.runtime.nexmark.NexmarkStreams;

/** The demo: the three Nexmark streams, filled live by the deterministic generator. */
final class DemoCatalog {
  static final int RATE = 500;

  static final String DDL = NexmarkStreams.liveDdl(RATE);

  static final String BANNER =
      """
      Runnel %s: a continuous query engine. Demo streams person, auction and bid are live (Nexmark, %d events/s).
      Try:
        SELECT auction, price FROM bid WHERE price > 1000000;
        SELECT name, city, state FROM person WHERE state = 'OR';
        SHOW STREAMS;   DESCRIBE bid;   help
      Ctrl-C stops a query, Ctrl-D leaves.
      """;

  private DemoCatalog() {}
}
