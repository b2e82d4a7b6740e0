package io.runnel.planner;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * A query ready to run: its operator DAG, its result schema, whether the result is updating, the
 * relations it reads, and the EXPLAIN text of its physical plan.
 */
public record PlannedQuery(DagSpec dag, Schema schema, boolean updating, List<String> sources, String explain) {
  public PlannedQuery {
    requireNonNull(dag, "dag is null");
    requireNonNull(schema, "schema is null");
    sources = List.copyOf(sources);
    requireNonNull(explain, "explain is null");
  }
}
