package io.runnel.operators.union;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;

/** Plan-time description of a {@link Union} of {@code inputs} inputs that all carry {@code schema}. */
public record UnionSpec(Schema outputSchema, int inputs) implements OperatorSpec {
  public UnionSpec {
    requireNonNull(outputSchema, "outputSchema is null");
    if (inputs < 2) {
      throw new IllegalArgumentException("a union needs two inputs or more, not " + inputs);
    }
  }

  @Override
  public Operator create() {
    return new Union(outputSchema);
  }

  @Override
  public String describe() {
    return "Union(inputs=" + inputs + ")";
  }
}
