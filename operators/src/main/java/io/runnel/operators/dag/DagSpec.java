package io.runnel.operators.dag;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * A query compiled to operators: vertices in topological order (inputs before the vertices they feed),
 * ids equal to list positions; the result is the output of the last vertex. {@code updating} tells whether
 * the result contains updates and deletes or only inserts.
 */
public record DagSpec(List<Vertex> vertices, boolean updating) {
  public DagSpec {
    vertices = List.copyOf(requireNonNull(vertices, "vertices is null"));
    if (vertices.isEmpty()) {
      throw new IllegalArgumentException("a DAG needs at least one vertex");
    }
    for (int i = 0; i < vertices.size(); i++) {
      if (vertices.get(i).id() != i) {
        throw new IllegalArgumentException("vertex " + i + " has id " + vertices.get(i).id());
      }
    }
  }

  public Vertex sink() {
    return vertices.get(vertices.size() - 1);
  }

  public Schema outputSchema() {
    return sink().outputSchema();
  }
}
