package io.runnel.tests.differential;

import static java.util.Objects.requireNonNull;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A Calcite table held in memory: named columns of SQL types, and rows that a query scans when it executes
 * (so they can be replaced between executions of a prepared query). Rows are given as Java values the way
 * Runnel's API and CSV files take them: Long for BIGINT, Integer for INT, Double for DOUBLE, String for
 * VARCHAR, and a UTC {@link LocalDateTime} (or epoch millis) for TIMESTAMP(3), which is turned into
 * Calcite's internal form, epoch millis (Long).
 */
final class MemoryTable extends AbstractTable implements ScannableTable {

  /** One column; a TIMESTAMP column has precision 3 (milliseconds), as in Runnel's streams. */
  record Column(String name, SqlTypeName type, boolean nullable) {
    Column {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
    }
  }

  private final List<Column> columns;
  private volatile List<Object[]> rows = List.of();

  MemoryTable(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  /** Replaces the rows a scan returns; each row has one value per column, in column order. */
  void setRows(List<? extends List<?>> values) {
    List<Object[]> converted = new ArrayList<>(values.size());
    for (List<?> row : values) {
      Object[] out = new Object[columns.size()];
      for (int i = 0; i < out.length; i++) {
        Object value = row.get(i);
        out[i] = value instanceof LocalDateTime t ? t.toInstant(ZoneOffset.UTC).toEpochMilli() : value;
      }
      converted.add(out);
    }
    rows = converted;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory types) {
    RelDataTypeFactory.Builder builder = types.builder();
    for (Column c : columns) {
      if (c.type() == SqlTypeName.TIMESTAMP) {
        builder.add(c.name(), c.type(), 3);
      } else {
        builder.add(c.name(), c.type());
      }
      builder.nullable(c.nullable());
    }
    return builder.build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows);
  }
}
