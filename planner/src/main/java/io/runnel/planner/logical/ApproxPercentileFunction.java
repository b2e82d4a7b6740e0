package io.runnel.planner.logical;

import java.util.Objects;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * {@code APPROX_PERCENTILE(x, fraction)}: the aggregate carries its constant fraction, so that two calls with
 * different fractions over one column stay two calls. The result is a nullable DOUBLE.
 */
public final class ApproxPercentileFunction extends SqlAggFunction {
  private final double fraction;

  ApproxPercentileFunction(double fraction) {
    super(
        "APPROX_PERCENTILE",
        null,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.DOUBLE.andThen(SqlTypeTransforms.FORCE_NULLABLE),
        null,
        OperandTypes.NUMERIC,
        SqlFunctionCategory.NUMERIC,
        false,
        false,
        org.apache.calcite.util.Optionality.FORBIDDEN);
    this.fraction = fraction;
  }

  public double fraction() {
    return fraction;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApproxPercentileFunction other && other.fraction == fraction;
  }

  @Override
  public int hashCode() {
    return Objects.hash(getName(), fraction);
  }
}
