package io.runnel.operators.state;

import java.math.BigDecimal;

/**
 * Estimates of the heap that operator state takes, for {@link io.runnel.operators.api.Operator#stateBytes}:
 * the sizes of boxed column values and rows as a 64-bit JVM with compressed references lays them out
 * (16-byte headers, 4-byte references, objects padded to 8 bytes). Estimates, not measurements: nothing is
 * walked but the value given, and nothing is serialized.
 */
public final class StateSize {
  /** An object's header. */
  public static final long HEADER = 16;
  /** A reference to an object. */
  public static final long REFERENCE = 4;
  /** A slot of an open hash map (its key and value references, at the maps' default load factor). */
  public static final long MAP_SLOT = 12;

  private StateSize() {}

  /** The bytes of a boxed column value (null, Long, Double, BigDecimal, String, Object[] for a ROW). */
  public static long value(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof String s) {
      return 24 + array(s.length()); // the String, then its bytes (one per character, Latin-1)
    }
    if (value instanceof BigDecimal d) {
      return 40 + (d.precision() > 18 ? 24 + array(d.unscaledValue().bitLength() / 8 + 1) : 0); // a long, or a BigInteger beside it
    }
    if (value instanceof Object[] row) {
      return row(row);
    }
    return 16; // a boxed long, double or boolean
  }

  /** The bytes of a row of boxed values: its array and each value. */
  public static long row(Object[] values) {
    long bytes = references(values.length);
    for (Object v : values) {
      bytes += value(v);
    }
    return bytes;
  }

  /** The bytes of an array of {@code n} one-byte elements. */
  private static long array(long n) {
    return align(HEADER + n);
  }

  /** The bytes of an array of {@code n} references (its elements not counted). */
  public static long references(int n) {
    return align(HEADER + REFERENCE * n);
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /**
   * The average size of entries of one kind (a group, a row), from a sample of them: every entry until
   * {@link #SAMPLED} have been seen, then one in {@link #STRIDE}. An operator asks {@link #wants} as it makes
   * each entry and measures only those: the estimate costs a branch per entry, not a walk of the state.
   * Which entries are sampled depends only on their order, so the estimate is a function of the input.
   */
  public static final class Average {
    static final long SAMPLED = 1024;
    static final long STRIDE = 1024;
    private long seen;
    private long sampled;
    private long bytes;

    /** Counts an entry made; true when it is to be measured and {@link #add}ed. */
    public boolean wants() {
      seen++;
      return seen <= SAMPLED || seen % STRIDE == 0;
    }

    /** Adds the size of an entry {@link #wants} chose. */
    public void add(long entryBytes) {
      sampled++;
      bytes += entryBytes;
    }

    /** The average size of the entries sampled; 0 before any. */
    public long mean() {
      return sampled == 0 ? 0 : bytes / sampled;
    }
  }
}
