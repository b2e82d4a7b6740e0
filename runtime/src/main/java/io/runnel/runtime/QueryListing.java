package io.runnel.runtime;

import io.runnel.operators.types.Timestamps;
import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.Checkpointing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What SHOW QUERIES shows of each query. */
final class QueryListing {
  private QueryListing() {}

  static final List<io.runnel.Column> COLUMNS =
      List.of(
          new io.runnel.Column("id", "VARCHAR"),
          new io.runnel.Column("kind", "VARCHAR"),
          new io.runnel.Column("status", "VARCHAR"),
          new io.runnel.Column("rows_in", "BIGINT"),
          new io.runnel.Column("rows_out", "BIGINT"),
          new io.runnel.Column("lag_rows", "BIGINT"),
          new io.runnel.Column("watermark", "VARCHAR"),
          new io.runnel.Column("sql", "VARCHAR"),
          new io.runnel.Column("error", "VARCHAR"),
          new io.runnel.Column("checkpoint", "VARCHAR"));

  /** SHOW QUERIES: one row a query, in the order they were started. */
  static List<List<Object>> rows(Collection<RegisteredQuery> queries) {
    List<List<Object>> rows = new ArrayList<>();
    for (RegisteredQuery e : queries) {
      String kind = e.stored != null ? "PERSISTENT" : "SELECT";
      List<Object> row = new ArrayList<>(List.of(e.id, kind));
      if (e.running == null) {
        row.addAll(java.util.Arrays.asList("FAILED", 0L, 0L, 0L, null, e.sql, e.failure, null));
      } else {
        var stats = e.running.stats();
        Throwable failure = e.running.failure();
        row.addAll(
            java.util.Arrays.asList(
                e.running.status(),
                stats.rowsIn(),
                stats.rowsOut(),
                e.running.lagRows(),
                stats.watermark() == Long.MIN_VALUE ? null : stats.watermark() == Long.MAX_VALUE ? "end of input" : Timestamps.format(stats.watermark()),
                e.sql,
                failure == null ? null : failure.getMessage(),
                describe(e.checkpointing)));
      }
      rows.add(row);
    }
    return rows;
  }

  /** The last checkpoint: its epoch and the bytes of state it holds. */
  private static String describe(Checkpointing checkpointing) {
    Checkpoint last = checkpointing == null ? null : checkpointing.last();
    return last == null ? null : "epoch " + last.epoch() + ", " + last.stateBytes() + " bytes of state";
  }
}
