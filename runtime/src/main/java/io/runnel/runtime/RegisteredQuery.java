package io.runnel.runtime;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.planner.PlannedQuery;
import io.runnel.runtime.checkpoint.Checkpointing;
import io.runnel.runtime.query.RunningQuery;
import java.util.List;

/**
 * A query {@link QueryRegistry} lists: persistent ({@code stored} not null) or a standing SELECT, with what
 * it reads and writes. Changed only with the engine's lock held.
 */
final class RegisteredQuery {
  final String id;
  final String sql;
  final StoredQuery stored;
  RunningQuery running; // null while a stored query waits to start, or when it failed to plan
  String failure; // why a stored query did not start
  String target;
  List<String> sources = List.of();
  String lateStream;
  Checkpointing checkpointing; // null when the query does not checkpoint
  Statement.Insert insert; // what it was launched with, to launch it again
  PlannedQuery plan;

  /** What SHOW QUERIES calls it: a standing SELECT, a persistent INSERT, or the query of a materialized view. */
  final String kind;

  RegisteredQuery(String id, String sql, StoredQuery stored) {
    this.id = id;
    this.sql = sql;
    this.stored = stored;
    this.kind = stored == null ? "SELECT" : SqlParser.parseStatement(sql) instanceof Statement.CreateMaterializedView ? "VIEW" : "PERSISTENT";
  }

  /** True for a persistent query that failed on its disk: it starts again, and what it reads and writes must stay. */
  boolean failedOnDisk() {
    return stored != null && running != null && running.isDone() && onDisk(running.failure());
  }

  /** True if {@code failure} is, or was caused by, a log or file that could not be written. */
  static boolean onDisk(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RunnelException r && (r.code() == ErrorCode.DISK_FULL || r.code() == ErrorCode.IO_ERROR)) {
        return true;
      }
    }
    return false;
  }
}
