package io.runnel.operators.expr;

/**
 * A function applied to one row's boxed operand values, none of them null (strict functions are not
 * called on NULL operands). Throws {@link EvalException} for a value it cannot compute.
 */
@FunctionalInterface
interface RowFunction {
  Object apply(Object[] args);
}
