package io.runnel.operators.dag;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.Schema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  /**
   * The source vertices whose rows reach the result only through inputs an operator reads first and looks
   * rows up in ({@link OperatorSpec#readsFirst}, a lookup join's table): the query is done when its other
   * sources are, however long these go on.
   */
  public Set<Integer> lookupSources() {
    Set<Integer> sources = new HashSet<>();
    for (int v : lookupVertices()) {
      if (vertices.get(v) instanceof Vertex.Source) {
        sources.add(v);
      }
    }
    return sources;
  }

  /** The vertices whose rows reach the result only through inputs read first: sources and what they feed up to there. */
  public Set<Integer> lookupVertices() {
    Set<Integer> looked = new HashSet<>();
    Set<Integer> scanned = new HashSet<>();
    walk(vertices.size() - 1, false, looked, scanned);
    looked.removeAll(scanned);
    return looked;
  }

  /** The relations that {@link #lookupSources} read. */
  public Set<String> lookupRelations() {
    Set<Integer> looked = lookupSources();
    Set<String> relations = new HashSet<>();
    Set<String> scanned = new HashSet<>();
    for (Vertex v : vertices) {
      if (v instanceof Vertex.Source s) {
        (looked.contains(s.id()) ? relations : scanned).add(s.relation());
      }
    }
    relations.removeAll(scanned); // a relation also scanned elsewhere in the query is scanned
    return relations;
  }

  private void walk(int vertex, boolean lookup, Set<Integer> looked, Set<Integer> scanned) {
    if (!(lookup ? looked : scanned).add(vertex)) {
      return;
    }
    if (vertices.get(vertex) instanceof Vertex.Transform t) {
      for (int i = 0; i < t.inputs().size(); i++) {
        walk(t.inputs().get(i), lookup || t.spec().readsFirst(i), looked, scanned);
      }
    }
  }
}
