package io.runnel.operators.api;

import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.Schema;

/** What every operator repeats: its output schema, its context once opened, and emitting what it built. */
public abstract class BaseOperator implements Operator {
  protected final Schema outputSchema;
  protected OperatorContext context;

  protected BaseOperator(Schema outputSchema) {
    this.outputSchema = outputSchema;
  }

  @Override
  public final Schema outputSchema() {
    return outputSchema;
  }

  @Override
  public void open(OperatorContext context) {
    this.context = context;
  }

  /** Emits the rows of {@code out}, if it has any. */
  protected final void emit(BatchBuilder out) {
    if (out.size() > 0) {
      context.output().emit(out.build());
    }
  }
}
