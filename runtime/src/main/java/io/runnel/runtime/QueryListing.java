package io.runnel.runtime;

import io.runnel.operators.types.Timestamps;
import io.runnel.runtime.checkpoint.Checkpoint;
import io.runnel.runtime.checkpoint.Checkpointing;
import io.runnel.runtime.query.InputProgress;
import io.runnel.runtime.query.RunningQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * What SHOW QUERIES shows of each query: its status ({@code CATCHING UP} until every task has once found its
 * inputs drained, then {@code RUNNING}; {@code FAILED}, {@code DONE}, {@code CANCELLED}), rows read and
 * written, how far behind its inputs it is in rows ({@code lag_rows}: appended, not yet read) and in event
 * time ({@code lag_event_ms}: {@link RunningQuery#eventLagMillis}), its watermark, where it is in each input
 * partition ({@code positions}: {@code bid/0:1200 bid/1:998}, {@code ?} for a row it does not know), the
 * bytes of state its operators estimate they hold, its last checkpoint, its SQL and why it failed.
 */
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
          new io.runnel.Column("lag_event_ms", "BIGINT"),
          new io.runnel.Column("watermark", "VARCHAR"),
          new io.runnel.Column("positions", "VARCHAR"),
          new io.runnel.Column("state_bytes", "BIGINT"),
          new io.runnel.Column("checkpoint", "VARCHAR"),
          new io.runnel.Column("sql", "VARCHAR"),
          new io.runnel.Column("error", "VARCHAR"));

  /** SHOW QUERIES: one row a query, in the order they were started. */
  static List<List<Object>> rows(Collection<RegisteredQuery> queries) {
    List<List<Object>> rows = new ArrayList<>();
    for (RegisteredQuery e : queries) {
      String kind = e.kind;
      List<Object> row = new ArrayList<>(List.of(e.id, kind));
      if (e.running == null) {
        row.addAll(Arrays.asList("FAILED", 0L, 0L, 0L, null, null, null, 0L, null, e.sql, e.failure));
      } else {
        RunningQuery q = e.running;
        var stats = q.stats();
        Throwable failure = q.failure();
        OptionalLong eventLag = q.eventLagMillis();
        row.addAll(
            Arrays.asList(
                q.status(),
                stats.rowsIn(),
                stats.rowsOut(),
                q.lagRows(),
                eventLag.isPresent() ? eventLag.getAsLong() : null,
                watermark(stats.watermark()),
                positions(q.inputs()),
                q.stateBytes(),
                describe(e.checkpointing),
                e.sql,
                failure == null ? null : failure.getMessage()));
      }
      rows.add(row);
    }
    return rows;
  }

  /** A watermark as SHOW QUERIES and DESCRIBE QUERY show it: null before any, {@code end of input} at the end. */
  static String watermark(long watermark) {
    return watermark == Long.MIN_VALUE ? null : watermark == Long.MAX_VALUE ? "end of input" : Timestamps.format(watermark);
  }

  /** Where the query is in each partition it reads: {@code bid/0:1200 bid/1:998}; null when it reads none. */
  private static String positions(List<InputProgress> inputs) {
    if (inputs.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (InputProgress p : inputs) {
      parts.add(p.name() + ":" + (p.position() < 0 ? "?" : String.valueOf(p.position())));
    }
    return String.join(" ", parts);
  }

  /** The last checkpoint: its epoch and the bytes of state it holds. */
  private static String describe(Checkpointing checkpointing) {
    Checkpoint last = checkpointing == null ? null : checkpointing.last();
    return last == null ? null : "epoch " + last.epoch() + ", " + last.stateBytes() + " bytes of state";
  }
}
