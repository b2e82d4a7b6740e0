package io.runnel.runtime.codec;

import io.runnel.operators.batch.Column;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The distinct strings of a column's rows in an excerpt, in order of first appearance, with each row's
 * index into them: what {@link RowCodec} needs to choose between a dictionary section and a plain one.
 * An open-addressing table keyed by the string (its hash code is cached in the instance, and rows often
 * share instances); a column that already says which entry of its own dictionary each row holds is built
 * from those ids instead, with no string touched but the distinct ones. Owned by a {@link BinaryWriter},
 * so it is reused between encodes and never shared.
 */
final class StringDictionary {
  /** The most distinct values a dictionary section holds, whatever the number of rows. */
  static final int MAX_SIZE = 4096;
  /** After this many values, the build stops if more than {@link #EARLY_DISTINCT} of them were distinct. */
  static final int EARLY_ROWS = 64;
  static final int EARLY_DISTINCT = 48;
  /** The largest column dictionary {@link #buildFromIds} takes: it keeps an int for each entry. */
  static final int MAX_ENTRIES = 1 << 16;

  private String[] table = new String[64];
  private int[] tableIds = new int[64];
  private int mask;
  String[] values = new String[16];
  /** Where in the table each value is, so that {@link #clear} empties only those slots (-1: in none). */
  private int[] slots = new int[16];
  /** For {@link #buildFromIds}: each column entry's index among the values plus one, 0 when not met; all 0 between builds. */
  private int[] sectionIdOf = new int[0];
  /** After {@link #buildFromIds}: the entry of the column dictionary each value is. */
  private int[] sourceEntry = new int[16];
  byte[][] encoded = new byte[16][];
  int size;
  /** For each row {@code r} of the range built over, {@code rowIds[r - from]}: its value's index, or -1 when null. */
  int[] rowIds = new int[0];

  /**
   * Collects the distinct values of {@code column}'s rows {@code [from, to)} (skipping those {@code nulls}
   * marks), giving up and returning false as soon as there are more than {@code limit}, or when the first
   * {@value #EARLY_ROWS} values hold more than {@value #EARLY_DISTINCT} distinct ones (a column of mostly
   * distinct values is not worth hashing to the end).
   */
  boolean build(Column column, int from, int to, boolean[] nulls, int limit) {
    size = 0;
    if (limit <= 0) {
      return false;
    }
    int tableSize = Integer.highestOneBit(Math.max(16, limit * 2 - 1)) << 1;
    if (table.length < tableSize) {
      table = new String[tableSize];
      tableIds = new int[tableSize];
    }
    mask = table.length - 1; // the table is empty: clear() follows every build
    prepare(limit, to - from);
    String last = null;
    int lastId = -1;
    int seen = 0;
    for (int r = from; r < to; r++) {
      if (nulls != null && nulls[r]) {
        rowIds[r - from] = -1;
        continue;
      }
      String s = (String) column.getObject(r);
      int id;
      if (s == last) {
        id = lastId;
      } else {
        id = add(s, limit);
        if (id < 0) {
          return false;
        }
        last = s;
        lastId = id;
      }
      rowIds[r - from] = id;
      if (++seen == EARLY_ROWS && size > EARLY_DISTINCT) {
        return false;
      }
    }
    return true;
  }

  /**
   * As {@link #build}, for a column that says which entry of {@code entries} each row holds ({@code ids}, as
   * {@link io.runnel.operators.batch.ObjectColumn#ids} does): the values are told apart by their ids, and
   * no string is hashed or compared. For entries that are all distinct this finds what {@link #build} finds,
   * in the same order; an entry repeated under two ids is taken twice. At most {@link #MAX_ENTRIES} entries.
   */
  boolean buildFromIds(Object[] entries, int[] ids, int from, int to, boolean[] nulls, int limit) {
    size = 0;
    if (limit <= 0 || entries.length > MAX_ENTRIES) {
      return false;
    }
    prepare(limit, to - from);
    if (sectionIdOf.length < entries.length) {
      sectionIdOf = new int[Math.max(entries.length, 2 * sectionIdOf.length)];
    }
    boolean complete = true;
    int seen = 0;
    for (int r = from; r < to; r++) {
      if (nulls != null && nulls[r]) {
        rowIds[r - from] = -1;
        continue;
      }
      int entry = ids[r];
      int id = sectionIdOf[entry] - 1; // 0: not met yet
      if (id < 0) {
        if (size == limit) {
          complete = false;
          break;
        }
        id = size++;
        values[id] = (String) entries[entry];
        sourceEntry[id] = entry;
        sectionIdOf[entry] = id + 1;
      }
      rowIds[r - from] = id;
      if (++seen == EARLY_ROWS && size > EARLY_DISTINCT) {
        complete = false;
        break;
      }
    }
    for (int i = 0; i < size; i++) {
      sectionIdOf[sourceEntry[i]] = 0;
      slots[i] = -1; // not a table slot: clear() must leave the table alone
    }
    return complete;
  }

  private int add(String s, int limit) {
    int h = s.hashCode();
    int i = (h ^ (h >>> 16)) & mask;
    while (true) {
      String k = table[i];
      if (k == null) {
        if (size == limit) {
          return -1;
        }
        table[i] = s;
        tableIds[i] = size;
        values[size] = s;
        slots[size] = i;
        return size++;
      }
      if (k == s || k.equals(s)) {
        return tableIds[i];
      }
      i = (i + 1) & mask;
    }
  }

  private void prepare(int limit, int rows) {
    if (values.length < limit) {
      int n = Math.min(MAX_SIZE, Math.max(limit, values.length * 2));
      values = Arrays.copyOf(values, n);
      slots = Arrays.copyOf(slots, n);
      sourceEntry = Arrays.copyOf(sourceEntry, n);
      encoded = Arrays.copyOf(encoded, n);
    }
    if (rowIds.length < rows) {
      rowIds = new int[Math.max(rows, rowIds.length * 2)];
    }
  }

  /** Encodes the distinct values as UTF-8 into {@link #encoded}, once each. */
  void encodeValues() {
    for (int i = 0; i < size; i++) {
      encoded[i] = values[i].getBytes(StandardCharsets.UTF_8);
      values[i] = null; // do not hold on to the batch's strings
    }
  }

  /** Empties the table and lets go of the strings and bytes of the last build; call it after every build. */
  void clear() {
    Arrays.fill(values, 0, size, null);
    Arrays.fill(encoded, 0, size, null);
    for (int i = 0; i < size; i++) {
      if (slots[i] >= 0) {
        table[slots[i]] = null;
      }
    }
    size = 0;
  }
}
