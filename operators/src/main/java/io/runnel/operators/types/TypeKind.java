package io.runnel.operators.types;

/**
 * The SQL types Runnel stores and computes with, and how each is held in a batch column.
 *
 * <p>Physical representation: {@link Physical#LONG} columns hold BOOLEAN as 0/1, INT and BIGINT as their
 * value, TIMESTAMP and TIMESTAMP_LTZ as epoch milliseconds, DATE as days since the epoch, INTERVAL as
 * milliseconds; {@link Physical#DOUBLE} columns hold DOUBLE; {@link Physical#OBJECT} columns hold DECIMAL as
 * {@link java.math.BigDecimal}, VARCHAR as {@link String} and ROW as {@code Object[]} (one boxed value per
 * field, using the boxed form of each field's physical representation).
 */
public enum TypeKind {
  BOOLEAN(Physical.LONG),
  INT(Physical.LONG),
  BIGINT(Physical.LONG),
  DOUBLE(Physical.DOUBLE),
  DECIMAL(Physical.OBJECT),
  VARCHAR(Physical.OBJECT),
  TIMESTAMP(Physical.LONG),
  TIMESTAMP_LTZ(Physical.LONG),
  DATE(Physical.LONG),
  INTERVAL(Physical.LONG),
  ROW(Physical.OBJECT),
  /** The type of the NULL literal before it is cast; never the type of a stored column. */
  NULL(Physical.OBJECT);

  /** How values of a kind are laid out in a column. */
  public enum Physical {
    LONG,
    DOUBLE,
    OBJECT
  }

  private final Physical physical;

  TypeKind(Physical physical) {
    this.physical = physical;
  }

  public Physical physical() {
    return physical;
  }

  public boolean isNumeric() {
    return this == INT || this == BIGINT || this == DOUBLE || this == DECIMAL;
  }

  public boolean isTemporal() {
    return this == TIMESTAMP || this == TIMESTAMP_LTZ || this == DATE;
  }
}
