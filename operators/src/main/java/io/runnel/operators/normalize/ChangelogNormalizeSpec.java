package io.runnel.operators.normalize;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.Distribution;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.types.Schema;
import java.util.List;

/** Plan-time description of a {@link ChangelogNormalize} keyed by columns {@code keys}. */
public record ChangelogNormalizeSpec(Schema outputSchema, List<Integer> keys) implements OperatorSpec {

  @Override
  public Distribution inputDistribution(int input) {
    return Distribution.byKeys(keys);
  }

  public ChangelogNormalizeSpec {
    keys = List.copyOf(keys);
  }

  @Override
  public Operator create() {
    return new ChangelogNormalize(outputSchema, keys.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public String describe() {
    return "ChangelogNormalize(key=" + keys + ")";
  }
}
