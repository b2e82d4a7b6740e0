package io.runnel.operators.window;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.agg.AggCall;
import io.runnel.operators.agg.Aggregation;
import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Plan-time description of a {@link SlicedWindowAggregate}: a HOP window aggregation that assigns the
 * windows itself. It stands for three operators and gives their result row for row: a {@link
 * WindowAssignSpec} of {@code windows} over event-time column {@code timeColumn} of {@code inputSchema}; a
 * projection that picks {@code columns} of the assigned rows (the input's columns, then {@code
 * window_start}, {@code window_end} and {@code window_time} at the input's width and the two after it),
 * giving {@code windowedSchema}; and a {@link WindowAggregateSpec} by {@code keys} with {@code calls} over
 * {@code windowedSchema}, with neither emitted changes, allowed lateness nor early results. Output: the key
 * columns, then one column per call, as that aggregate's.
 *
 * <p>The HOP's size must be a whole number of slides; {@code keys} must hold the window's start and end;
 * the calls may read no window column and must merge exactly ({@link AggCall#mergesExactly}).
 */
public record SlicedWindowAggregateSpec(
    Schema inputSchema, int timeColumn, Windows windows, List<Integer> columns, Schema windowedSchema, List<Integer> keys, List<AggCall> calls)
    implements OperatorSpec {
  public SlicedWindowAggregateSpec {
    requireNonNull(inputSchema, "inputSchema is null");
    requireNonNull(windows, "windows is null");
    requireNonNull(windowedSchema, "windowedSchema is null");
    columns = List.copyOf(columns);
    keys = List.copyOf(keys);
    calls = List.copyOf(calls);
    if (windows.kind() != WindowKind.HOP || windows.size() % windows.slide() != 0) {
      throw new IllegalArgumentException("slices need HOP windows whose size is a whole number of slides, not " + windows);
    }
    int width = inputSchema.size();
    if (columns.size() != windowedSchema.size() || columns.stream().anyMatch(c -> c < 0 || c >= width + 3)) {
      throw new IllegalArgumentException("columns " + columns + " do not give " + windowedSchema.size() + " columns of " + (width + 3));
    }
    List<Integer> picked = new ArrayList<>();
    for (int k : keys) {
      picked.add(columns.get(k));
    }
    if (!picked.contains(width) || !picked.contains(width + 1)) {
      throw new IllegalArgumentException("the keys " + keys + " must hold the window's start and end");
    }
    for (AggCall call : calls) {
      if ((call.argument() >= 0 && columns.get(call.argument()) >= width) || (call.filter() >= 0 && columns.get(call.filter()) >= width)) {
        throw new IllegalArgumentException(call + " reads a window column");
      }
      if (!call.mergesExactly()) {
        throw new IllegalArgumentException(call + " does not merge exactly");
      }
    }
  }

  /** The input columns of the keys that are not window columns, in key order. */
  List<Integer> inputKeys() {
    List<Integer> out = new ArrayList<>();
    for (int k : keys) {
      if (columns.get(k) < inputSchema.size()) {
        out.add(columns.get(k));
      }
    }
    return out;
  }

  /** The calls over input columns. */
  List<AggCall> inputCalls() {
    List<AggCall> out = new ArrayList<>();
    for (AggCall c : calls) {
      int argument = c.argument() < 0 ? -1 : columns.get(c.argument());
      int filter = c.filter() < 0 ? -1 : columns.get(c.filter());
      out.add(new AggCall(c.kind(), argument, c.distinct(), filter, c.resultType(), c.name(), c.retracting(), c.fraction(), c.user()));
    }
    return out;
  }

  /** Rows meet by the keys that are not window columns: all of a group's slices live in one task. */
  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(inputKeys());
  }

  /** The event time, and every input column the projection picks (a late row is reported with them). */
  @Override
  public boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    boolean[] read = new boolean[inputSchema.size()];
    read[timeColumn] = true;
    for (int c : columns) {
      if (c < read.length) {
        read[c] = true;
      }
    }
    return read;
  }

  @Override
  public Schema outputSchema() {
    return Aggregation.outputSchema(windowedSchema, keys.stream().mapToInt(Integer::intValue).toArray(), List.of(), calls);
  }

  @Override
  public Operator create() {
    return new SlicedWindowAggregate(this);
  }

  @Override
  public String describe() {
    return "SlicedWindowAggregate(" + windows + ", time=$" + timeColumn + ", columns=" + columns + ", keys=" + keys + ", aggs=" + calls + ")";
  }
}
