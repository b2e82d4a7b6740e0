package io.runnel.operators.agg;

import io.runnel.operators.state.ValueCodec;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The state of several {@code COUNT(DISTINCT x)} calls over one column that differ only in their FILTER
 * (Nexmark q16 has four per column): one hash map from each value to how many rows of each call hold it,
 * so a row costs one lookup, not one per call. A call's result is how many values it holds at least once.
 *
 * <p>Over an insert-only input nothing is ever taken back, so a value needs only one bit per call (has
 * the call seen it): the map is then from value to a bit mask, with long values unboxed ({@link
 * #addBits}, {@link #addLongBits}); the counting form ({@link #countsOf}) serves updating input.
 */
final class SharedDistinct {
  private final Object2ObjectOpenHashMap<Object, int[]> counts; // counting form
  private final Object2IntOpenHashMap<Object> objectBits; // bit form, values of any type
  private final Long2IntOpenHashMap longBits; // bit form, long values
  private final long[] distinct;

  /** The counting form, which takes rows back. */
  SharedDistinct(int members) {
    this.distinct = new long[members];
    this.counts = new Object2ObjectOpenHashMap<>();
    this.objectBits = null;
    this.longBits = null;
  }

  /** The bit form (at most 32 members), for an insert-only input; {@code longs}: its values are longs. */
  SharedDistinct(int members, boolean longs) {
    if (members > 32) {
      throw new IllegalArgumentException("at most 32 calls share a bit mask, not " + members);
    }
    this.distinct = new long[members];
    this.counts = null;
    this.objectBits = longs ? null : new Object2IntOpenHashMap<>();
    this.longBits = longs ? new Long2IntOpenHashMap() : null;
  }

  boolean bitForm() {
    return counts == null;
  }

  /** Bit form: the calls of {@code members} (bit i: call i) hold {@code value}. */
  void addBits(Object value, int members) {
    if (longBits != null) {
      addLongBits(((Number) value).longValue(), members);
      return;
    }
    int seen = objectBits.getInt(value);
    int fresh = members & ~seen;
    if (fresh != 0) {
      objectBits.put(value, seen | members);
      count(fresh);
    }
  }

  /** Bit form over long values: the calls of {@code members} hold {@code value}. */
  void addLongBits(long value, int members) {
    int seen = longBits.get(value);
    int fresh = members & ~seen;
    if (fresh != 0) {
      longBits.put(value, seen | members);
      count(fresh);
    }
  }

  private void count(int fresh) {
    for (int m = 0; m < distinct.length; m++) {
      if ((fresh & (1 << m)) != 0) {
        distinct[m]++;
      }
    }
  }

  /** The counts of {@code value}, made when {@code create}; null when it has none and is not to be made. */
  int[] countsOf(Object value, boolean create) {
    if (counts == null) {
      throw new IllegalStateException("COUNT(DISTINCT) planned for an insert-only input was given a row to take back");
    }
    int[] c = counts.get(value);
    if (c == null && create) {
      c = new int[distinct.length];
      counts.put(value, c);
    }
    return c;
  }

  void add(int[] c, int member) {
    if (c[member]++ == 0) {
      distinct[member]++;
    }
  }

  /** Takes one row of {@code member} back; a retraction of a value it does not hold is ignored. */
  void retract(int[] c, int member) {
    if (c[member] > 0 && --c[member] == 0) {
      distinct[member]--;
    }
  }

  /** Forgets {@code value} once no call holds it. */
  void release(Object value, int[] c) {
    for (int n : c) {
      if (n != 0) {
        return;
      }
    }
    counts.remove(value);
  }

  long result(int member) {
    return distinct[member];
  }

  void merge(SharedDistinct other) {
    if (longBits != null) {
      for (Long2IntMap.Entry e : other.longBits.long2IntEntrySet()) {
        addLongBits(e.getLongKey(), e.getIntValue());
      }
      return;
    }
    if (objectBits != null) {
      for (Object2IntMap.Entry<Object> e : other.objectBits.object2IntEntrySet()) {
        addBits(e.getKey(), e.getIntValue());
      }
      return;
    }
    for (Object2ObjectMap.Entry<Object, int[]> e : other.counts.object2ObjectEntrySet()) {
      int[] c = countsOf(e.getKey(), true);
      int[] o = e.getValue();
      for (int m = 0; m < c.length; m++) {
        if (c[m] == 0 && o[m] > 0) {
          distinct[m]++;
        }
        c[m] += o[m];
      }
    }
  }

  void write(DataOutput out) throws IOException {
    if (longBits != null) {
      out.writeInt(longBits.size());
      for (Long2IntMap.Entry e : longBits.long2IntEntrySet()) {
        out.writeLong(e.getLongKey());
        out.writeInt(e.getIntValue());
      }
      return;
    }
    if (objectBits != null) {
      out.writeInt(objectBits.size());
      for (Object2IntMap.Entry<Object> e : objectBits.object2IntEntrySet()) {
        ValueCodec.write(out, e.getKey());
        out.writeInt(e.getIntValue());
      }
      return;
    }
    out.writeInt(counts.size());
    for (Object2ObjectMap.Entry<Object, int[]> e : counts.object2ObjectEntrySet()) {
      ValueCodec.write(out, e.getKey());
      for (int n : e.getValue()) {
        out.writeInt(n);
      }
    }
  }

  void read(DataInput in) throws IOException {
    java.util.Arrays.fill(distinct, 0);
    int n = in.readInt();
    if (longBits != null) {
      longBits.clear();
      for (int i = 0; i < n; i++) {
        addLongBits(in.readLong(), in.readInt());
      }
      return;
    }
    if (objectBits != null) {
      objectBits.clear();
      for (int i = 0; i < n; i++) {
        Object key = ValueCodec.read(in);
        addBits(key, in.readInt());
      }
      return;
    }
    counts.clear();
    for (int i = 0; i < n; i++) {
      Object key = ValueCodec.read(in);
      int[] c = new int[distinct.length];
      for (int m = 0; m < c.length; m++) {
        c[m] = in.readInt();
        if (c[m] > 0) {
          distinct[m]++;
        }
      }
      counts.put(key, c);
    }
  }
}
