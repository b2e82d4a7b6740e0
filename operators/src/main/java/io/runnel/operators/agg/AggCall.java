package io.runnel.operators.agg;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.util.List;

/**
 * One aggregate of a grouping operator: {@code kind} over input column {@code argument} (-1 for {@code
 * COUNT(*)}), counting only rows where the BOOLEAN column {@code filter} is true (-1: every row), over
 * distinct values when {@code distinct}. {@code retracting} tells that the input carries retractions, so
 * the accumulator must be able to take values back (MIN and MAX then keep every value with its count).
 * {@code fraction} is APPROX_PERCENTILE's second argument, between 0 and 1 (NaN for every other kind);
 * {@code user} the function of a USER aggregate (null for every other kind).
 */
public record AggCall(
    AggKind kind, int argument, boolean distinct, int filter, DataType resultType, String name, boolean retracting, double fraction, UserAggregate user) {
  public AggCall(AggKind kind, int argument, boolean distinct, int filter, DataType resultType, String name, boolean retracting) {
    this(kind, argument, distinct, filter, resultType, name, retracting, Double.NaN, null);
  }

  public AggCall(AggKind kind, int argument, boolean distinct, int filter, DataType resultType, String name, boolean retracting, double fraction) {
    this(kind, argument, distinct, filter, resultType, name, retracting, fraction, null);
  }

  /** The input columns (of {@code width}) that an aggregation by {@code keys} with {@code calls} reads. */
  public static boolean[] inputColumnsRead(int width, List<Integer> keys, List<AggCall> calls) {
    boolean[] read = new boolean[width];
    keys.forEach(k -> read[k] = true);
    for (AggCall call : calls) {
      if (call.argument() >= 0) {
        read[call.argument()] = true;
      }
      if (call.filter() >= 0) {
        read[call.filter()] = true;
      }
    }
    return read;
  }

  public AggCall {
    if ((kind == AggKind.USER) != (user != null)) {
      throw new IllegalArgumentException(kind + " with user function " + user);
    }
    if ((kind == AggKind.APPROX_PERCENTILE) != (fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(kind + " with fraction " + fraction);
    }
    requireNonNull(kind, "kind is null");
    requireNonNull(resultType, "resultType is null");
    requireNonNull(name, "name is null");
    if ((kind == AggKind.COUNT_STAR) != (argument < 0)) {
      throw new IllegalArgumentException(kind + " with argument " + argument);
    }
    if (retracting && !(kind == AggKind.USER ? user.retractable() : kind.retractable())) {
      throw new IllegalArgumentException(kind.sql() + " cannot take retractions");
    }
  }

  /**
   * True when merging accumulators that each saw part of the rows ({@link Accumulator#merge}), in any
   * order, gives exactly the result of one accumulator that saw every row in arrival order. Not so for a
   * sum or average of doubles (addition in another order rounds differently), for MIN and MAX of DECIMAL
   * (of equal values such as 1.0 and 1.00 the one kept depends on the order) or of ROW values, for
   * APPROX_PERCENTILE (its sketch compacts depending on the order), for user aggregates (whose merge may
   * be missing or differ), nor over retractions.
   */
  public boolean mergesExactly() {
    if (retracting) {
      return false;
    }
    return switch (kind) {
      case COUNT_STAR, COUNT, APPROX_COUNT_DISTINCT -> true;
      case SUM, AVG -> resultType.physical() != TypeKind.Physical.DOUBLE;
      case MIN, MAX -> resultType.physical() != TypeKind.Physical.OBJECT || resultType.kind() == TypeKind.VARCHAR;
      case APPROX_PERCENTILE, USER -> false;
    };
  }

  public Accumulator newAccumulator() {
    Accumulator inner = Accumulators.create(this);
    return distinct ? new Accumulators.Distinct(inner) : inner;
  }

  /** SQL-like text for EXPLAIN: {@code COUNT(DISTINCT $1) FILTER $4}. */
  @Override
  public String toString() {
    String arg = argument < 0 ? "" : (distinct ? "DISTINCT " : "") + "$" + argument;
    String call = kind == AggKind.COUNT_STAR ? "COUNT(*)" : (user != null ? user.name() : kind.sql()) + "(" + arg + (kind == AggKind.APPROX_PERCENTILE ? ", " + fraction : "") + ")";
    return call + (filter >= 0 ? " FILTER $" + filter : "");
  }
}
