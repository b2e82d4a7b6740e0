package io.runnel;

import java.util.List;

/**
 * Statements run with options of their own: what {@code SET} gives in a session applies to the statements
 * run in it, and to the queries they start. From {@link Runnel#session()}.
 */
public interface Session {
  /** Runs each statement of {@code sql} in order, in this session; as {@link Runnel#executeAll}. */
  List<StatementResult> executeAll(String sql);

  /** Runs {@code sql} and returns the last statement's result. */
  default StatementResult execute(String sql) {
    List<StatementResult> results = executeAll(sql);
    return results.isEmpty() ? new StatementResult.Ok("") : results.get(results.size() - 1);
  }
}
