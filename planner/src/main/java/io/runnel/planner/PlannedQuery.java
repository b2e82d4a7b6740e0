package io.runnel.planner;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.types.Schema;
import java.util.List;
import java.util.Set;

/**
 * A query ready to run: its operator DAG, its result schema, whether the result is updating, the
 * relations it reads, the EXPLAIN text of its physical plan, its operators as DESCRIBE QUERY lists them
 * (one per DAG vertex, in EXPLAIN's order), and the columns that identify a row of its result ({@link
 * io.runnel.planner.physical.UniqueKeys}; null when none do).
 */
public record PlannedQuery(
    DagSpec dag, Schema schema, boolean updating, List<String> sources, String explain, List<PlanOperator> operators, List<Integer> uniqueKey) {
  public PlannedQuery {
    requireNonNull(dag, "dag is null");
    requireNonNull(schema, "schema is null");
    sources = List.copyOf(sources);
    requireNonNull(explain, "explain is null");
    operators = List.copyOf(operators);
    if (operators.size() != dag.vertices().size()) {
      throw new IllegalArgumentException(operators.size() + " operators for " + dag.vertices().size() + " vertices");
    }
    uniqueKey = uniqueKey == null ? null : List.copyOf(uniqueKey);
  }

  /** The relations the query reads through, not only looks rows up in: when they all end, so does the query. */
  public List<String> scannedSources() {
    Set<String> lookedUp = dag.lookupRelations();
    return sources.stream().filter(s -> !lookedUp.contains(s)).toList();
  }
}
