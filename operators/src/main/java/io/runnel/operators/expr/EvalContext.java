package io.runnel.operators.expr;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.ErrorSink;
import java.time.Clock;

/**
 * What an evaluator needs besides its input: where to report rows it cannot evaluate, and the clock {@code
 * PROCTIME()} reads (null where there is none, as when folding constants at plan time).
 */
public record EvalContext(String source, ErrorSink errors, Clock clock) {
  public EvalContext {
    requireNonNull(source, "source is null");
    requireNonNull(errors, "errors is null");
  }

  public EvalContext(String source, ErrorSink errors) {
    this(source, errors, null);
  }
}
