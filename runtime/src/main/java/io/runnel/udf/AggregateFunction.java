package io.runnel.udf;

import java.io.Serializable;

/**
 * A user-defined aggregate function of one argument, registered with {@code CREATE FUNCTION name AS
 * 'the.Class'} and called like {@code SUM}: in GROUP BY, over windows, with DISTINCT and FILTER. The class
 * needs a public constructor without arguments. Its state is an accumulator of type {@code A}, which is
 * written to checkpoints with Java serialization. Values arrive as Java values (see {@link
 * ScalarFunction}), never null: NULLs are skipped, as by the built-in aggregates.
 */
public interface AggregateFunction<A extends Serializable> {
  /** The SQL type of the result, e.g. {@code DOUBLE}. */
  String resultType();

  /** A new, empty accumulator. */
  A create();

  /** The accumulator with {@code value} added (may be {@code accumulator} itself, changed). */
  A add(A accumulator, Object value);

  /** True when {@link #retract} is implemented, which GROUP BY over an updating input needs. */
  default boolean retractable() {
    return false;
  }

  /** The accumulator with {@code value}, added before, taken back. */
  default A retract(A accumulator, Object value) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot take back a value");
  }

  /** The two accumulators combined (session windows merge); the default refuses. */
  default A merge(A a, A b) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot merge accumulators");
  }

  /** The result: a Java value of {@link #resultType()}, or null. */
  Object result(A accumulator);
}
