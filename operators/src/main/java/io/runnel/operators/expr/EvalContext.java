package io.runnel.operators.expr;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.api.ErrorSink;

/** What an evaluator needs besides its input: where to report rows it cannot evaluate. */
public record EvalContext(String source, ErrorSink errors) {
  public EvalContext {
    requireNonNull(source, "source is null");
    requireNonNull(errors, "errors is null");
  }
}
