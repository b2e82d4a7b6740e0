package io.runnel.runtime;

import io.runnel.Column;
import io.runnel.runtime.query.InputProgress;
import io.runnel.runtime.query.OperatorProgress;
import io.runnel.runtime.query.RunningQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What DESCRIBE QUERY shows of a running query: its operators as EXPLAIN draws them, each with the rows
 * handed to it and emitted so far, the watermark it passed on and its state (entries, and an estimate of
 * their bytes); under each source, the partitions it reads, with the position, the rows not yet read and the
 * watermark of each. Numbers are summed over the query's tasks (the watermark is the least); they are read
 * as the tasks run, each as of a recent moment.
 */
final class QueryDescription {
  private QueryDescription() {}

  static final List<Column> COLUMNS =
      List.of(
          new Column("operator", "VARCHAR"),
          new Column("rows_in", "BIGINT"),
          new Column("rows_out", "BIGINT"),
          new Column("watermark", "VARCHAR"),
          new Column("state_entries", "BIGINT"),
          new Column("state_bytes", "BIGINT"),
          new Column("position", "BIGINT"),
          new Column("lag_rows", "BIGINT"));

  static List<List<Object>> rows(RunningQuery query) {
    List<InputProgress> inputs = query.inputs();
    List<List<Object>> rows = new ArrayList<>();
    for (OperatorProgress op : query.operators()) {
      int depth = op.operator().depth();
      String watermark = QueryListing.watermark(op.watermark());
      if (!op.source()) {
        rows.add(Arrays.asList(indent(depth) + op.operator().name(), op.rowsIn(), op.rowsOut(), watermark, op.stateEntries(), op.stateBytes(), null, null));
        continue;
      }
      rows.add(Arrays.asList(indent(depth) + op.operator().name(), null, op.rowsOut(), watermark, null, null, null, null));
      for (InputProgress p : inputs) {
        if (p.vertex() == op.operator().vertex()) {
          Long position = p.position() < 0 ? null : p.position();
          rows.add(Arrays.asList(indent(depth + 1) + "partition " + p.name(), null, null, QueryListing.watermark(p.watermark()), null, null, position, p.lagRows()));
        }
      }
    }
    return rows;
  }

  /** EXPLAIN's indentation for a line at {@code depth}. */
  private static String indent(int depth) {
    return "  ".repeat(depth) + (depth == 0 ? "" : "+- ");
  }
}
