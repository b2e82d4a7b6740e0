package io.runnel.operators.batch;

/** The change a row stands for in a changelog. Streams hold only {@link #INSERT}. */
public enum RowKind {
  INSERT("+I"),
  UPDATE_BEFORE("-U"),
  UPDATE_AFTER("+U"),
  DELETE("-D");

  private static final RowKind[] VALUES = values();

  private final String shortString;

  RowKind(String shortString) {
    this.shortString = shortString;
  }

  /** {@code +I}, {@code -U}, {@code +U} or {@code -D}. */
  public String shortString() {
    return shortString;
  }

  /** True for {@code +I} and {@code +U}: the row is part of the result after this change. */
  public boolean isAccumulate() {
    return this == INSERT || this == UPDATE_AFTER;
  }

  public byte toByte() {
    return (byte) ordinal();
  }

  public static RowKind fromByte(byte b) {
    return VALUES[b];
  }

  public static RowKind fromShortString(String s) {
    for (RowKind k : VALUES) {
      if (k.shortString.equals(s)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown row kind: " + s);
  }
}
