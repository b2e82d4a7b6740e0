package io.runnel.operators.agg;

/** The aggregate functions the engine computes. */
public enum AggKind {
  COUNT_STAR("COUNT(*)"),
  COUNT("COUNT"),
  SUM("SUM"),
  AVG("AVG"),
  MIN("MIN"),
  MAX("MAX"),
  APPROX_COUNT_DISTINCT("APPROX_COUNT_DISTINCT"),
  /** The value at a fraction of the way through the sorted values, from a KLL sketch ({@link QuantileSketch}). */
  APPROX_PERCENTILE("APPROX_PERCENTILE"),
  /** A user-defined aggregate: the call carries it ({@link AggCall#user()}). */
  USER("USER");

  private final String sql;

  AggKind(String sql) {
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }

  /** True when the function can take back a value it was given (needed over updating input). */
  public boolean retractable() {
    return this != APPROX_COUNT_DISTINCT && this != APPROX_PERCENTILE;
  }
}
