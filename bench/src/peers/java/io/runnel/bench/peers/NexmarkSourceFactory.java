package io.runnel.bench.peers;

import io.runnel.runtime.nexmark.NexmarkGenerator;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * A Flink table connector, {@code 'connector' = 'runnel-nexmark'}, on Runnel's own deterministic generator
 * ({@link NexmarkGenerator}): events {@code [0, events)}, each a pure function of its number, so Flink reads
 * exactly the events Runnel's {@code 'connector' = 'nexmark'} writes. It is a {@link DataGeneratorSource}: the
 * range of event numbers is split across the source's subtasks, never changing an event. Each row has the
 * physical columns of the Flink Nexmark suite's {@code datagen} table: {@code event_type} (0 person, 1 auction,
 * 2 bid) and the three {@code ROW} columns, of which only the event's own is set.
 */
public final class NexmarkSourceFactory implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "runnel-nexmark";
  static final ConfigOption<Long> EVENTS = ConfigOptions.key("events").longType().noDefaultValue().withDescription("how many events: [0, events)");
  static final ConfigOption<Long> RATE = ConfigOptions.key("rate").longType().defaultValue(10_000L).withDescription("events per second of event time");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(EVENTS);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(RATE);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    RowType rowType = (RowType) context.getPhysicalRowDataType().getLogicalType();
    return new Source(helper.getOptions().get(EVENTS), helper.getOptions().get(RATE), rowType);
  }

  /** The scan: a bounded {@link DataGeneratorSource} of {@link RowData}. */
  static final class Source implements ScanTableSource {
    private final long events;
    private final long rate;
    private final RowType rowType;

    Source(long events, long rate, RowType rowType) {
      this.events = events;
      this.rate = rate;
      this.rowType = rowType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
      return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
      return SourceProvider.of(new DataGeneratorSource<>(new EventFunction(rate), events, RateLimiterStrategy.noOp(), InternalTypeInfo.of(rowType)));
    }

    @Override
    public DynamicTableSource copy() {
      return new Source(events, rate, rowType);
    }

    @Override
    public String asSummaryString() {
      return "Runnel Nexmark generator (" + events + " events)";
    }
  }

  /** Event number to row; one generator per subtask (it is not thread-safe, and not serializable). */
  static final class EventFunction implements GeneratorFunction<Long, RowData> {
    private static final long serialVersionUID = 1L;
    private final long rate;
    private transient NexmarkGenerator generator;

    EventFunction(long rate) {
      this.rate = rate;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
      generator = new NexmarkGenerator(rate);
    }

    @Override
    public RowData map(Long n) {
      return toRow(generator.event(n));
    }

    static RowData toRow(NexmarkGenerator.Event event) {
      GenericRowData row = new GenericRowData(4);
      if (event instanceof NexmarkGenerator.Person p) {
        row.setField(0, 0);
        row.setField(1, GenericRowData.of(p.id(), s(p.name()), s(p.emailAddress()), s(p.creditCard()), s(p.city()), s(p.state()), t(p.dateTime()), s(p.extra())));
      } else if (event instanceof NexmarkGenerator.Auction a) {
        row.setField(0, 1);
        row.setField(2, GenericRowData.of(a.id(), s(a.itemName()), s(a.description()), a.initialBid(), a.reserve(), t(a.dateTime()), t(a.expires()), a.seller(),
            a.category(), s(a.extra())));
      } else if (event instanceof NexmarkGenerator.Bid b) {
        row.setField(0, 2);
        row.setField(3, GenericRowData.of(b.auction(), b.bidder(), b.price(), s(b.channel()), s(b.url()), t(b.dateTime()), s(b.extra())));
      }
      return row;
    }

    private static StringData s(String value) {
      return StringData.fromString(value);
    }

    private static TimestampData t(long epochMillis) {
      return TimestampData.fromEpochMillis(epochMillis);
    }
  }
}
