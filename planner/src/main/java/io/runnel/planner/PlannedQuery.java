package io.runnel.planner;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * A query ready to run: its operator DAG, its result schema, whether the result is updating, the
 * relations it reads, the EXPLAIN text of its physical plan, and the columns that identify a row of its
 * result ({@link io.runnel.planner.physical.UniqueKeys}; null when none do).
 */
public record PlannedQuery(DagSpec dag, Schema schema, boolean updating, List<String> sources, String explain, List<Integer> uniqueKey) {
  public PlannedQuery {
    requireNonNull(dag, "dag is null");
    requireNonNull(schema, "schema is null");
    sources = List.copyOf(sources);
    requireNonNull(explain, "explain is null");
    uniqueKey = uniqueKey == null ? null : List.copyOf(uniqueKey);
  }
}
