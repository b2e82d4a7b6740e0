package io.runnel.runtime.nexmark;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.ObjectColumn;
import io.runnel.operators.batch.RowKind;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.Arrays;
import java.util.Locale;

/** The Nexmark streams: their schemas, their DDL, and how an event becomes a row. */
public final class NexmarkStreams {
  private NexmarkStreams() {}

  public static final String PERSON_DDL =
      "CREATE STREAM IF NOT EXISTS person (id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR, state VARCHAR,"
          + " dateTime TIMESTAMP(3), extra VARCHAR, WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)";
  public static final String AUCTION_DDL =
      "CREATE STREAM IF NOT EXISTS auction (id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,"
          + " dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR,"
          + " WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)";
  public static final String BID_DDL =
      "CREATE STREAM IF NOT EXISTS bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
          + " dateTime TIMESTAMP(3), extra VARCHAR, WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)";

  /** The three streams, filled live by the generator at {@code rate} events per second: the demo's. */
  public static String liveDdl(int rate) {
    String with = " WITH ('connector' = 'nexmark', 'rate' = '" + rate + "');\n";
    return PERSON_DDL + with + AUCTION_DDL + with + BID_DDL + with;
  }

  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);
  private static final DataType TIMESTAMP = DataType.of(TypeKind.TIMESTAMP);

  public static final Schema PERSON =
      Schema.of(f("id", BIGINT), f("name", VARCHAR), f("emailAddress", VARCHAR), f("creditCard", VARCHAR), f("city", VARCHAR),
          f("state", VARCHAR), f("dateTime", TIMESTAMP), f("extra", VARCHAR));
  public static final Schema AUCTION =
      Schema.of(f("id", BIGINT), f("itemName", VARCHAR), f("description", VARCHAR), f("initialBid", BIGINT), f("reserve", BIGINT),
          f("dateTime", TIMESTAMP), f("expires", TIMESTAMP), f("seller", BIGINT), f("category", BIGINT), f("extra", VARCHAR));
  public static final Schema BID =
      Schema.of(f("auction", BIGINT), f("bidder", BIGINT), f("price", BIGINT), f("channel", VARCHAR), f("url", VARCHAR),
          f("dateTime", TIMESTAMP), f("extra", VARCHAR));

  private static DataType.Field f(String name, DataType type) {
    return new DataType.Field(name, type);
  }

  /** The kind a Nexmark stream holds, by its name, or null if the name is not one of the three. */
  public static NexmarkGenerator.Kind kindOf(String stream) {
    return switch (stream.toLowerCase(Locale.ROOT)) {
      case "person" -> NexmarkGenerator.Kind.PERSON;
      case "auction" -> NexmarkGenerator.Kind.AUCTION;
      case "bid" -> NexmarkGenerator.Kind.BID;
      default -> null;
    };
  }

  public static Schema schemaOf(NexmarkGenerator.Kind kind) {
    return switch (kind) {
      case PERSON -> PERSON;
      case AUCTION -> AUCTION;
      case BID -> BID;
    };
  }

  /**
   * A batch of one stream's events, in the order they are added. A bid's channel and url come from the
   * generator's fixed tables, so a batch of bids keeps those two columns dictionary-coded by the tables'
   * index ({@link ObjectColumn#dictionary}): whatever encodes or computes over the batch need not look the
   * strings up to find which repeat.
   */
  public static final class Rows {
    private final BatchBuilder builder;
    private int[] channels; // bids only: each row's index into the generator's channel tables

    public Rows(NexmarkGenerator.Kind kind, int capacity) {
      this.builder = new BatchBuilder(schemaOf(kind), capacity);
      this.channels = kind == NexmarkGenerator.Kind.BID ? new int[Math.max(capacity, 16)] : null;
    }

    /** Adds event {@code n}, drawn from {@code generator}. */
    public void add(NexmarkGenerator generator, long n) {
      NexmarkGenerator.Event event = generator.event(n);
      int row = addRow(builder, event);
      if (channels != null) {
        if (row == channels.length) {
          channels = Arrays.copyOf(channels, 2 * row);
        }
        channels[row] = generator.lastBidChannel();
      }
    }

    public int size() {
      return builder.size();
    }

    public Batch build() {
      Batch batch = builder.build();
      if (channels == null) {
        return batch;
      }
      int[] ids = Arrays.copyOf(channels, batch.size());
      Column[] columns = new Column[batch.schema().size()];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = batch.column(c);
      }
      columns[BID_CHANNEL] = dictionaryCoded(batch.column(BID_CHANNEL), NexmarkGenerator.channelNames(), ids);
      columns[BID_URL] = dictionaryCoded(batch.column(BID_URL), NexmarkGenerator.channelUrls(), ids);
      return batch.withColumns(batch.schema(), columns);
    }

    private static Column dictionaryCoded(Column column, Object[] dictionary, int[] ids) {
      return new ObjectColumn(column.type(), ((ObjectColumn) column).values(), null, dictionary, ids);
    }
  }

  private static final int BID_CHANNEL = 3;
  private static final int BID_URL = 4;

  /** Appends {@code event} as a row of its stream's schema (typed, so that no value is boxed); returns its row. */
  public static int addRow(BatchBuilder builder, NexmarkGenerator.Event event) {
    int row = builder.beginRow(RowKind.INSERT);
    if (event instanceof NexmarkGenerator.Person p) {
      builder.setLong(0, row, p.id());
      builder.set(1, row, p.name());
      builder.set(2, row, p.emailAddress());
      builder.set(3, row, p.creditCard());
      builder.set(4, row, p.city());
      builder.set(5, row, p.state());
      builder.setLong(6, row, p.dateTime());
      builder.set(7, row, p.extra());
    } else if (event instanceof NexmarkGenerator.Auction a) {
      builder.setLong(0, row, a.id());
      builder.set(1, row, a.itemName());
      builder.set(2, row, a.description());
      builder.setLong(3, row, a.initialBid());
      builder.setLong(4, row, a.reserve());
      builder.setLong(5, row, a.dateTime());
      builder.setLong(6, row, a.expires());
      builder.setLong(7, row, a.seller());
      builder.setLong(8, row, a.category());
      builder.set(9, row, a.extra());
    } else if (event instanceof NexmarkGenerator.Bid b) {
      builder.setLong(0, row, b.auction());
      builder.setLong(1, row, b.bidder());
      builder.setLong(2, row, b.price());
      builder.set(BID_CHANNEL, row, b.channel());
      builder.set(BID_URL, row, b.url());
      builder.setLong(5, row, b.dateTime());
      builder.set(6, row, b.extra());
    }
    return row;
  }
}
