package io.runnel.operators.expr;

/** A row's value could not be computed (division by zero, a failed cast); the value becomes NULL. */
final class EvalException extends RuntimeException {
  EvalException(String reason) {
    super(reason, null, false, false);
  }
}
