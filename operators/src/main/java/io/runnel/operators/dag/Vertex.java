package io.runnel.operators.dag;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.Schema;
import java.util.List;

/** A node of a {@link DagSpec}: a source the runtime reads, or an operator fed by earlier vertices. */
public sealed interface Vertex {
  int id();

  Schema outputSchema();

  /**
   * Reads the stored stream or table {@code relation}. {@code watermark}, when not null, says how the
   * source's watermark is derived from its rows (over the source schema).
   * A table ({@code primaryKey} not empty) is read as an upsert changelog: the latest row per key.
   */
  record Source(
      int id, String relation, Schema outputSchema, WatermarkSpec watermark, List<Integer> primaryKey)
      implements Vertex {
    public Source {
      requireNonNull(relation, "relation is null");
      requireNonNull(outputSchema, "outputSchema is null");
      primaryKey = List.copyOf(primaryKey);
    }
  }

  /** A bounded list of constant rows ({@code VALUES}), followed by the end watermark. */
  record Values(int id, Schema outputSchema, List<List<Object>> rows) implements Vertex {
    public Values {
      requireNonNull(outputSchema, "outputSchema is null");
      rows = List.copyOf(rows);
    }
  }

  /** An operator whose input {@code i} is the output of vertex {@code inputs.get(i)}. */
  record Transform(int id, OperatorSpec spec, List<Integer> inputs) implements Vertex {
    public Transform {
      requireNonNull(spec, "spec is null");
      inputs = List.copyOf(inputs);
    }

    @Override
    public Schema outputSchema() {
      return spec.outputSchema();
    }
  }
}
