package io.runnel.operators.expr;

/**
 * A user-defined scalar function, bound to its argument and result types at plan time. Takes and returns
 * values in their physical form (see {@link io.runnel.operators.batch.Column#getObject}); is not called when
 * an argument is NULL (the result is NULL). A RuntimeException it throws reports the row and yields NULL.
 */
public interface UserScalar {
  String name();

  Object apply(Object[] args);
}
