package io.runnel.shell;

/** The demo: the three Nexmark streams, filled live by the deterministic generator. */
final class DemoCatalog {
  static final int RATE = 500;

  static final String DDL =
      "CREATE STREAM IF NOT EXISTS person (id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR,"
          + " state VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR, WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)"
          + " WITH ('connector' = 'nexmark', 'rate' = '" + RATE + "');\n"
          + "CREATE STREAM IF NOT EXISTS auction (id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT,"
          + " reserve BIGINT, dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR,"
          + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND) WITH ('connector' = 'nexmark', 'rate' = '" + RATE + "');\n"
          + "CREATE STREAM IF NOT EXISTS bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
          + " dateTime TIMESTAMP(3), extra VARCHAR, WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)"
          + " WITH ('connector' = 'nexmark', 'rate' = '" + RATE + "');\n";

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
