package io.runnel.runtime.query;

import io.runnel.operators.dag.DagSpec;
import io.runnel.operators.dag.Vertex;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which sources a task reads before the others: those upstream of an input that an operator reads to its
 * end first ({@code OperatorSpec.readsFirst}, a lookup join's table), before those upstream of its other
 * inputs, which are held back until then. The sources read first are done once every task has found them
 * drained and nothing sent between the tasks is still unhandled; from then on every source is read.
 */
final class ReadOrder {
  private final Set<Integer> first = new HashSet<>();
  private final Set<Integer> held = new HashSet<>();
  private boolean released;

  ReadOrder(DagSpec dag) {
    List<Vertex> vertices = dag.vertices();
    for (Vertex v : vertices) {
      if (v instanceof Vertex.Transform t) {
        for (int i = 0; i < t.inputs().size(); i++) {
          if (t.spec().readsFirst(i)) {
            upstreamSources(vertices, t.inputs().get(i), first);
            for (int j = 0; j < t.inputs().size(); j++) {
              if (j != i) {
                upstreamSources(vertices, t.inputs().get(j), held);
              }
            }
          }
        }
      }
    }
    held.removeAll(first); // a source read on both sides is read from the start
    released = held.isEmpty();
  }

  private static void upstreamSources(List<Vertex> vertices, int vertex, Set<Integer> out) {
    Vertex v = vertices.get(vertex);
    if (v instanceof Vertex.Transform t) {
      for (int input : t.inputs()) {
        upstreamSources(vertices, input, out);
      }
    } else {
      out.add(vertex);
    }
  }

  /** True while source vertex {@code vertex} must not be read yet. */
  boolean holds(int vertex) {
    return !released && held.contains(vertex);
  }

  /** True while some sources are held back. */
  boolean waiting() {
    return !released;
  }

  /** True for a source read before the others. */
  boolean first(int vertex) {
    return !released && first.contains(vertex);
  }

  /**
   * After a round of task {@code self} in which every source it reads first handed out nothing ({@code
   * drained}): releases the held sources once every task has drained its own and nothing is in flight.
   */
  void roundRead(boolean drained, int self, TaskGroup group) {
    if (released || !drained) {
      return;
    }
    group.firstRead(self);
    released = group.allFirstRead() && (group.exchange() == null || group.exchange().inFlight() == 0);
  }
}
