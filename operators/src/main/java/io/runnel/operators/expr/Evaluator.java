package io.runnel.operators.expr;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Column;

/**
 * A compiled expression. {@link #evaluate} returns a column with one value per input row; the column
 * may be one of the input's own columns and must not be modified. Evaluators hold no per-batch state and
 * may be reused for every batch of a query, on one thread.
 */
@FunctionalInterface
public interface Evaluator {
  Column evaluate(Batch input, EvalContext context);
}
