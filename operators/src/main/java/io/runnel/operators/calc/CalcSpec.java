package io.runnel.operators.calc;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.Operator;
import io.runnel.operators.dag.OperatorSpec;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.types.Schema;
import java.util.List;

/**
 * Plan-time description of a {@link Calc}: {@code condition} (null: keep every row) over {@code
 * inputSchema}, then {@code projections} giving {@code outputSchema}.
 */
public record CalcSpec(Schema inputSchema, Expr condition, List<Expr> projections, Schema outputSchema)
    implements OperatorSpec {
  public CalcSpec {
    requireNonNull(inputSchema, "inputSchema is null");
    projections = List.copyOf(projections);
    requireNonNull(outputSchema, "outputSchema is null");
    if (projections.size() != outputSchema.size()) {
      throw new IllegalArgumentException(projections.size() + " projections for " + outputSchema.size() + " columns");
    }
  }

  /**
   * The columns the condition and the projections read. A Calc evaluates every projection, used or not, so
   * each marks what it reads; but one that only passes a column on, with its output read by none, reads
   * nothing (the column comes out as empty as it went in, and marked so).
   */
  @Override
  public boolean[] inputColumnsRead(int input, boolean[] outputRead) {
    boolean[] read = new boolean[inputSchema.size()];
    if (condition != null) {
      Expr.markInputs(condition, read);
    }
    for (int i = 0; i < projections.size(); i++) {
      if (!(outputRead != null && !outputRead[i] && projections.get(i) instanceof Expr.InputRef)) {
        Expr.markInputs(projections.get(i), read);
      }
    }
    return read;
  }

  @Override
  public boolean readsClock() {
    return (condition != null && Expr.calls(condition, Function.PROCTIME)) || projections.stream().anyMatch(e -> Expr.calls(e, Function.PROCTIME));
  }

  @Override
  public Operator create() {
    return new Calc(this);
  }

  @Override
  public String describe() {
    return "Calc(" + (condition == null ? "" : "where=[" + condition + "], ") + "select=" + projections + ")";
  }
}
