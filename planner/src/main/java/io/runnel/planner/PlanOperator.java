package io.runnel.planner;

import static java.util.Objects.requireNonNull;

/**
 * One operator of a planned query as DESCRIBE QUERY lists it: the DAG vertex it runs as, its depth in
 * EXPLAIN's tree, and its EXPLAIN line without what that says of state, emission and late rows, e.g.
 * {@code GroupAggregate(group=[auction], select=[COUNT(*) AS n])}.
 */
public record PlanOperator(int vertex, int depth, String name) {
  public PlanOperator {
    requireNonNull(name, "name is null");
  }
}
