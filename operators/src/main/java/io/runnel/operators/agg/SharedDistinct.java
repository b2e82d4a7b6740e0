package io.runnel.operators.agg;

import io.runnel.operators.state.ValueCodec;
import it.unimi.dsi.fastutil.objects.Object2ObjectMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The state of several {@code COUNT(DISTINCT x)} calls over one column that differ only in their FILTER
 * (Nexmark q16 has four per column): one hash map from each value to how many rows of each call hold it,
 * so a row costs one lookup, not one per call. A call's result is how many values it holds at least once.
 */
final class SharedDistinct {
  private final Object2ObjectOpenHashMap<Object, int[]> counts = new Object2ObjectOpenHashMap<>();
  private final long[] distinct;

  SharedDistinct(int members) {
    this.distinct = new long[members];
  }

  /** The counts of {@code value}, made when {@code create}; null when it has none and is not to be made. */
  int[] countsOf(Object value, boolean create) {
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
    out.writeInt(counts.size());
    for (Object2ObjectMap.Entry<Object, int[]> e : counts.object2ObjectEntrySet()) {
      ValueCodec.write(out, e.getKey());
      for (int n : e.getValue()) {
        out.writeInt(n);
      }
    }
  }

  void read(DataInput in) throws IOException {
    counts.clear();
    java.util.Arrays.fill(distinct, 0);
    int n = in.readInt();
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
