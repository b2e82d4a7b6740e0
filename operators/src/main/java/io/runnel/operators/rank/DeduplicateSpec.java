package io.runnel.operators.rank;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * Plan-time description of a {@link Deduplicate}: one row per key ({@code keys}), the first or ({@code
 * keepLast}) the last, by order of arrival ({@code timeColumn} -1) or by the event time in column {@code
 * timeColumn}. Output: the input's columns. {@code inputInsertOnly} says the input only inserts, so that one
 * row per key (or only the key) is kept instead of every row. {@code stateTtl} (milliseconds of event time, 0:
 * none) frees a key once that long has passed since the latest event time (column {@code ttlTime}) of its
 * rows ({@link io.runnel.operators.state.StateTtl}).
 */
public record DeduplicateSpec(Schema schema, List<Integer> keys, int timeColumn, boolean keepLast, boolean inputInsertOnly, long stateTtl, int ttlTime)
    implements OperatorSpec {

  public DeduplicateSpec(Schema schema, List<Integer> keys, int timeColumn, boolean keepLast, boolean inputInsertOnly) {
    this(schema, keys, timeColumn, keepLast, inputInsertOnly, 0, -1);
  }

  public DeduplicateSpec {
    requireNonNull(schema, "schema is null");
    keys = List.copyOf(keys);
    for (int k : keys) {
      if (k < 0 || k >= schema.size()) {
        throw new IllegalArgumentException("key $" + k + " is not a column of the input");
      }
    }
    if (timeColumn < -1 || timeColumn >= schema.size()) {
      throw new IllegalArgumentException("the time column must be -1 (arrival) or a column of the input: " + timeColumn);
    }
    if (stateTtl < 0 || (stateTtl > 0 && (ttlTime < 0 || ttlTime >= schema.size()))) {
      throw new IllegalArgumentException("a state time-to-live must be positive and read an event time: " + stateTtl + " by $" + ttlTime);
    }
  }

  /** True when rows are ordered by arrival, not by an event-time column. */
  public boolean byArrival() {
    return timeColumn < 0;
  }

  /** True when the result has updates: all but the first row by arrival over an insert-only input. */
  public boolean updating() {
    return keepLast || !byArrival() || !inputInsertOnly;
  }

  @Override
  public Schema outputSchema() {
    return schema;
  }

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(keys);
  }

  @Override
  public Operator create() {
    return new Deduplicate(this);
  }

  @Override
  public String describe() {
    return "Deduplicate(keys=" + keys + ", keep=" + (keepLast ? "last" : "first") + ", order=" + (byArrival() ? "proctime" : "$" + timeColumn)
        + (inputInsertOnly ? "" : ", input=updating") + (stateTtl == 0 ? "" : ", ttl=" + stateTtl + " by $" + ttlTime) + ")";
  }
}
