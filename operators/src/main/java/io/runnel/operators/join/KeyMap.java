package io.runnel.operators.join;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Column;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;

/**
 * A map from join keys to what one side of a join keeps for them. A key of one column of longs (integers,
 * times) is held unboxed in a primitive map, so a probe neither boxes nor allocates; other keys are the
 * value itself (one column) or a list of values (several), with equal numbers made equal ({@code -0.0} and
 * {@code 0.0}, {@code 1.0} and {@code 1.00}). A key with a null never matches: callers check {@link
 * #anyNull} first, and never look such a key up.
 */
final class KeyMap<V> {
  private final Long2ObjectOpenHashMap<V> longs;
  private final Object2ObjectOpenHashMap<Object, V> objects;

  private KeyMap(boolean longKey) {
    this.longs = longKey ? new Long2ObjectOpenHashMap<>() : null;
    this.objects = longKey ? null : new Object2ObjectOpenHashMap<>();
  }

  /** A map for keys of columns {@code keys} of {@code schema} (the other side's key columns have the same types). */
  static <V> KeyMap<V> over(Schema schema, int[] keys) {
    return new KeyMap<>(keys.length == 1 && schema.type(keys[0]).physical() == TypeKind.Physical.LONG);
  }

  static boolean anyNull(Batch batch, int row, int[] columns) {
    for (int c : columns) {
      if (batch.column(c).isNull(row)) {
        return true;
      }
    }
    return false;
  }

  static boolean anyNull(Object[] row, int[] columns) {
    for (int c : columns) {
      if (row[c] == null) {
        return true;
      }
    }
    return false;
  }

  /** What is kept for the key of columns {@code columns} of row {@code row} of {@code batch}; null when none. */
  V get(Batch batch, int row, int[] columns) {
    if (longs != null) {
      return longs.get(batch.column(columns[0]).getLong(row));
    }
    return objects.get(key(batch, row, columns));
  }

  /** What is kept for the key of columns {@code columns} of the boxed {@code row}; null when none. */
  V get(Object[] row, int[] columns) {
    return longs != null ? longs.get(((Number) row[columns[0]]).longValue()) : objects.get(key(row, columns));
  }

  /** The key of columns {@code columns} of {@code row} as the map holds it (a {@code Long} for a long key), for {@link #getKey}. */
  Object keyOf(Object[] row, int[] columns) {
    return longs != null ? (Object) ((Number) row[columns[0]]).longValue() : key(row, columns);
  }

  /** What is kept for a key {@link #keyOf} gave; null when none. */
  V getKey(Object key) {
    return longs != null ? longs.get(((Long) key).longValue()) : objects.get(key);
  }

  /** Removes what is kept for a key {@link #keyOf} gave, and returns it (null when none). */
  V removeKey(Object key) {
    return longs != null ? longs.remove(((Long) key).longValue()) : objects.remove(key);
  }

  void put(Object[] row, int[] columns, V value) {
    if (longs != null) {
      longs.put(((Number) row[columns[0]]).longValue(), value);
    } else {
      objects.put(key(row, columns), value);
    }
  }

  void remove(Object[] row, int[] columns) {
    if (longs != null) {
      longs.remove(((Number) row[columns[0]]).longValue());
    } else {
      objects.remove(key(row, columns));
    }
  }

  int size() {
    return longs != null ? longs.size() : objects.size();
  }

  /** Everything kept, in no particular order. */
  Collection<V> values() {
    return longs != null ? longs.values() : objects.values();
  }

  void clear() {
    if (longs != null) {
      longs.clear();
    } else {
      objects.clear();
    }
  }

  private static Object key(Batch batch, int row, int[] columns) {
    if (columns.length == 1) {
      return normalize(batch.column(columns[0]).getObject(row));
    }
    Object[] values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Column column = batch.column(columns[i]);
      values[i] = normalize(column.getObject(row));
    }
    return Arrays.asList(values);
  }

  private static Object key(Object[] row, int[] columns) {
    if (columns.length == 1) {
      return normalize(row[columns[0]]);
    }
    Object[] values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = normalize(row[columns[i]]);
    }
    return Arrays.asList(values);
  }

  /** A value that equals every value SQL calls equal to it, and hashes alike. */
  private static Object normalize(Object value) {
    if (value instanceof Double d) {
      return d == 0.0 ? (Object) 0.0 : d; // -0.0 = 0.0
    }
    if (value instanceof BigDecimal d) {
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (value instanceof Object[] fields) {
      Object[] normalized = new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        normalized[i] = normalize(fields[i]);
      }
      return Arrays.asList(normalized);
    }
    return value;
  }
}
