package io.runnel.operators.batch;

/**
 * Assigns rows to one of {@code n} partitions by the hash of their key columns. The hash depends only on
 * the key's values (not on the column's representation or the JVM run), so every writer and every task
 * agrees on where a key lives.
 */
public final class KeyHash {
  private KeyHash() {}

  /** The partition in {@code [0, n)} of each row of {@code batch}, by the values of {@code keys}. */
  public static int[] partitions(Batch batch, int[] keys, int n) {
    int size = batch.size();
    int[] hashes = new int[size];
    for (int key : keys) {
      Column column = batch.column(key);
      for (int row = 0; row < size; row++) {
        hashes[row] = 31 * hashes[row] + valueHash(column, row);
      }
    }
    for (int row = 0; row < size; row++) {
      hashes[row] = Math.floorMod(mix(hashes[row]), n);
    }
    return hashes;
  }

  private static int valueHash(Column column, int row) {
    if (column.isNull(row)) {
      return 0;
    }
    if (column instanceof LongColumn l) {
      return Long.hashCode(l.values()[row]);
    }
    if (column instanceof DoubleColumn d) {
      double v = d.values()[row];
      return Double.hashCode(v == 0.0 ? 0.0 : v); // -0.0 equals 0.0
    }
    Object v = column.getObject(row);
    if (v instanceof java.math.BigDecimal d) {
      return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode(); // 1.0 equals 1.00
    }
    if (v instanceof Object[] fields) {
      return java.util.Arrays.deepHashCode(fields);
    }
    return v.hashCode();
  }

  /** Spreads the bits (the murmur3 finalizer), so keys that differ in high bits land apart too. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /**
   * Splits {@code batch} by {@code partitionOf} (one entry per row): element {@code p} of the result holds
   * the rows of partition {@code p} in their order, or is null when there are none.
   */
  public static Batch[] split(Batch batch, int[] partitionOf, int n) {
    int[] counts = new int[n];
    for (int p : partitionOf) {
      counts[p]++;
    }
    Batch[] parts = new Batch[n];
    for (int p = 0; p < n; p++) {
      if (counts[p] == batch.size()) {
        parts[p] = batch;
        return parts;
      }
    }
    int[][] selections = new int[n][];
    int[] filled = new int[n];
    for (int p = 0; p < n; p++) {
      selections[p] = counts[p] == 0 ? null : new int[counts[p]];
    }
    for (int row = 0; row < partitionOf.length; row++) {
      int p = partitionOf[row];
      selections[p][filled[p]++] = row;
    }
    for (int p = 0; p < n; p++) {
      if (counts[p] > 0) {
        parts[p] = Batches.gather(batch, selections[p], counts[p]);
      }
    }
    return parts;
  }
}
