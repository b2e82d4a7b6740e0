package io.runnel.operators.agg;

/** A user-defined aggregate function, bound to its argument and result types at plan time. */
public interface UserAggregate {
  String name();

  /** A fresh accumulator; values arrive in physical form, never null. */
  Accumulator newAccumulator();

  /** True when its accumulators can take values back (needed over updating input and in OVER frames). */
  boolean retractable();
}
