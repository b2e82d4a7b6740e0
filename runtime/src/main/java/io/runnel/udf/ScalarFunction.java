package io.runnel.udf;

/**
 * A user-defined scalar function, registered with {@code CREATE FUNCTION name AS 'the.Class'}. The class
 * needs a public constructor without arguments; one instance serves every call, from one query thread at a
 * time per query. Arguments arrive as Java values, as {@link io.runnel.Change} documents them (BIGINT Long,
 * INT Integer, DOUBLE Double, VARCHAR String, TIMESTAMP LocalDateTime, ...); {@link #eval} is not called
 * when an argument is NULL (the result is NULL). An exception it throws sends the row to {@code
 * sys.errors} and makes the result NULL.
 */
public interface ScalarFunction {
  /** The SQL type of the result, e.g. {@code BIGINT} or {@code VARCHAR}. */
  String resultType();

  /** The result for one row's arguments: a Java value of {@link #resultType()}, or null. */
  Object eval(Object... args);
}
