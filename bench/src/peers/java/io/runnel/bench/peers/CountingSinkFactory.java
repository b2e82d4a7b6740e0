package io.runnel.bench.peers;

import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.types.RowKind;

/**
 * {@code 'connector' = 'runnel-count'}: Flink's {@code blackhole} sink that also counts the rows it drops (in
 * this JVM, into {@link #ROWS}), to check that Flink did the same work as Runnel. It asks for the changelog
 * {@code blackhole} asks for (everything but {@code -U}), so the plan is the same.
 */
public final class CountingSinkFactory implements DynamicTableSinkFactory {
  public static final String IDENTIFIER = "runnel-count";
  /** Rows received since the last reset, over every subtask. */
  public static final LongAdder ROWS = new LongAdder();

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    FactoryUtil.createTableFactoryHelper(this, context).validate();
    return new CountingSink();
  }

  static final class CountingSink implements DynamicTableSink {
    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
      ChangelogMode.Builder builder = ChangelogMode.newBuilder();
      for (RowKind kind : requestedMode.getContainedKinds()) {
        if (kind != RowKind.UPDATE_BEFORE) {
          builder.addContainedKind(kind);
        }
      }
      return builder.build();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
      return SinkV2Provider.of(new CountingWriterSink());
    }

    @Override
    public DynamicTableSink copy() {
      return new CountingSink();
    }

    @Override
    public String asSummaryString() {
      return "counting blackhole";
    }
  }

  static final class CountingWriterSink implements Sink<RowData> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        private long rows;

        @Override
        public void write(RowData element, Context ctx) {
          rows++;
        }

        @Override
        public void flush(boolean endOfInput) {
          ROWS.add(rows);
          rows = 0;
        }

        @Override
        public void close() {
          ROWS.add(rows);
          rows = 0;
        }
      };
    }
  }
}
