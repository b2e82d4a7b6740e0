package io.runnel;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.batch.RowKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One change of a query's result. Values are Java values: BOOLEAN Boolean, INT Integer, BIGINT Long,
 * DOUBLE Double, DECIMAL BigDecimal, VARCHAR String, TIMESTAMP LocalDateTime, TIMESTAMP_LTZ Instant, DATE
 * LocalDate, INTERVAL Duration, ROW List; SQL NULL is null.
 */
public record Change(RowKind kind, List<Object> values) {
  public Change {
    requireNonNull(kind, "kind is null");
    values = Collections.unmodifiableList(new ArrayList<>(values)); // may hold nulls
  }

  @Override
  public String toString() {
    return kind.shortString() + values;
  }
}
