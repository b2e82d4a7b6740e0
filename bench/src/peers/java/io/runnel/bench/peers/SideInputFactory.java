package io.runnel.bench.peers;

import io.runnel.runtime.nexmark.NexmarkQueries;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.functions.LookupFunction;

/**
 * A Flink table connector, {@code 'connector' = 'runnel-side-input'}, for Nexmark q13's side input: a lookup
 * table of key i and value 'i' for i in [0, {@link NexmarkQueries#SIDE_INPUT_ROWS}), the rows Runnel's q13
 * setup inserts. (The suite reads them from a CSV file through the filesystem connector; this answers a lookup
 * without a file, which costs Flink no more than that.)
 */
public final class SideInputFactory implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "runnel-side-input";

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
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.createTableFactoryHelper(this, context).validate();
    return new Source();
  }

  /** Looks rows up by key; it has no scan. */
  static final class Source implements LookupTableSource {
    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
      return LookupFunctionProvider.of(new Lookup());
    }

    @Override
    public DynamicTableSource copy() {
      return new Source();
    }

    @Override
    public String asSummaryString() {
      return "q13 side input";
    }
  }

  /** The row of a key: (key, 'key') within range, none outside it. */
  public static final class Lookup extends LookupFunction {
    @Override
    public Collection<RowData> lookup(RowData keyRow) {
      if (keyRow.isNullAt(0)) {
        return List.of();
      }
      long key = keyRow.getLong(0);
      if (key < 0 || key >= NexmarkQueries.SIDE_INPUT_ROWS) {
        return List.of();
      }
      return List.of(GenericRowData.of(key, StringData.fromString(Long.toString(key))));
    }
  }
}
