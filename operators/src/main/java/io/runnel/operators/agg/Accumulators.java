package io.runnel.operators.agg;

import io.runnel.operators.state.ValueCodec;
import io.runnel.operators.types.DataType;
import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2LongRBTreeMap;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The accumulators behind each {@link AggKind}. */
final class Accumulators {
  private Accumulators() {}

  static Accumulator create(AggCall call) {
    DataType result = call.resultType();
    return switch (call.kind()) {
      case COUNT_STAR, COUNT -> new Count();
      case SUM -> switch (result.physical()) {
        case LONG -> new SumLong(result);
        case DOUBLE -> new SumDouble();
        case OBJECT -> new SumDecimal();
      };
      case AVG -> new Avg(result);
      case MIN -> call.retracting() ? new RetractableExtreme(false) : new Extreme(false);
      case MAX -> call.retracting() ? new RetractableExtreme(true) : new Extreme(true);
      case APPROX_COUNT_DISTINCT -> new HyperLogLog();
      case APPROX_PERCENTILE -> new QuantileSketch(call.fraction());
      case USER -> call.user().newAccumulator();
    };
  }

  static final class Count implements Accumulator {
    private long count;

    @Override
    public void add(Object value) {
      count++;
    }

    @Override
    public void addLong(long value) {
      count++;
    }

    @Override
    public void addLongs(Accumulator[] accumulators, long[] values, int n) {
      for (int k = 0; k < n; k++) {
        ((Count) accumulators[k]).count++;
      }
    }

    @Override
    public void retract(Object value) {
      count--;
    }

    @Override
    public void retractLong(long value) {
      count--;
    }

    @Override
    public void merge(Accumulator other) {
      count += ((Count) other).count;
    }

    @Override
    public Object result() {
      return count;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeLong(count);
    }

    @Override
    public void read(DataInput in) throws IOException {
      count = in.readLong();
    }
  }

  /** SUM over INT, BIGINT and INTERVAL, exact ({@link WideSum}): a sum out of its type's range has no value. */
  static final class SumLong implements Accumulator {
    private final DataType type;
    private long sum;
    private long carry;
    private long count;

    SumLong(DataType type) {
      this.type = type;
    }

    @Override
    public void add(Object value) {
      addLong((Long) value);
    }

    @Override
    public void addLong(long value) {
      long r = sum + value;
      carry += WideSum.addCarry(sum, value, r);
      sum = r;
      count++;
    }

    @Override
    public void addLongs(Accumulator[] accumulators, long[] values, int n) {
      for (int k = 0; k < n; k++) {
        SumLong a = (SumLong) accumulators[k];
        long v = values[k];
        long r = a.sum + v;
        a.carry += WideSum.addCarry(a.sum, v, r);
        a.sum = r;
        a.count++;
      }
    }

    @Override
    public void retract(Object value) {
      retractLong((Long) value);
    }

    @Override
    public void retractLong(long value) {
      long r = sum - value;
      carry += WideSum.subtractCarry(sum, value, r);
      sum = r;
      count--;
    }

    @Override
    public void merge(Accumulator other) {
      SumLong o = (SumLong) other;
      long r = sum + o.sum;
      carry += o.carry + WideSum.addCarry(sum, o.sum, r);
      sum = r;
      count += o.count;
    }

    @Override
    public Object result() {
      return count == 0 ? null : WideSum.sum(sum, carry, type);
    }

    /** The average of the values summed, of which there are {@code n}. */
    long average(long n) {
      return WideSum.average(sum, carry, n);
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeLong(sum);
      out.writeLong(count);
      out.writeLong(carry);
    }

    @Override
    public void read(DataInput in) throws IOException {
      sum = in.readLong();
      count = in.readLong();
      carry = in.readLong();
    }
  }

  static final class SumDouble implements Accumulator {
    private double sum;
    private long count;

    @Override
    public void add(Object value) {
      sum += ((Number) value).doubleValue();
      count++;
    }

    @Override
    public void retract(Object value) {
      sum -= ((Number) value).doubleValue();
      count--;
    }

    @Override
    public void merge(Accumulator other) {
      SumDouble o = (SumDouble) other;
      sum += o.sum;
      count += o.count;
    }

    @Override
    public Object result() {
      return count == 0 ? null : sum;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeDouble(sum);
      out.writeLong(count);
    }

    @Override
    public void read(DataInput in) throws IOException {
      sum = in.readDouble();
      count = in.readLong();
    }
  }

  static final class SumDecimal implements Accumulator {
    private BigDecimal sum = BigDecimal.ZERO;
    private long count;

    @Override
    public void add(Object value) {
      sum = sum.add(decimal(value));
      count++;
    }

    @Override
    public void retract(Object value) {
      sum = sum.subtract(decimal(value));
      count--;
    }

    @Override
    public void merge(Accumulator other) {
      SumDecimal o = (SumDecimal) other;
      sum = sum.add(o.sum);
      count += o.count;
    }

    @Override
    public Object result() {
      return count == 0 ? null : sum;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      ValueCodec.write(out, sum);
      out.writeLong(count);
    }

    @Override
    public void read(DataInput in) throws IOException {
      sum = (BigDecimal) ValueCodec.read(in);
      count = in.readLong();
    }
  }

  /**
   * AVG in the type of its result, over the sum SUM would keep: integer division for INT and BIGINT (as
   * Flink SQL), double for DOUBLE, and for DECIMAL the result's scale, rounding half up.
   */
  static final class Avg implements Accumulator {
    private final DataType result;
    private final Accumulator sum;
    private long count;

    Avg(DataType result) {
      this.result = result;
      this.sum =
          switch (result.physical()) {
            case LONG -> new SumLong(result);
            case DOUBLE -> new SumDouble();
            case OBJECT -> new SumDecimal();
          };
    }

    @Override
    public void add(Object value) {
      sum.add(value);
      count++;
    }

    @Override
    public void addLong(long value) {
      sum.addLong(value);
      count++;
    }

    @Override
    public void addLongs(Accumulator[] accumulators, long[] values, int n) {
      for (int k = 0; k < n; k++) {
        Avg a = (Avg) accumulators[k];
        a.sum.addLong(values[k]);
        a.count++;
      }
    }

    @Override
    public void retract(Object value) {
      sum.retract(value);
      count--;
    }

    @Override
    public void retractLong(long value) {
      sum.retractLong(value);
      count--;
    }

    @Override
    public void merge(Accumulator other) {
      Avg o = (Avg) other;
      sum.merge(o.sum);
      count += o.count;
    }

    @Override
    public Object result() {
      if (count == 0) {
        return null;
      }
      if (sum instanceof SumLong longs) {
        return longs.average(count); // from the exact sum, which may be out of range where the average is not
      }
      Object total = sum.result();
      if (total == null) {
        return null;
      }
      return switch (result.physical()) {
        case LONG -> throw new IllegalStateException("an AVG of longs sums with SumLong");
        case DOUBLE -> (Double) total / count;
        case OBJECT -> ((BigDecimal) total).divide(BigDecimal.valueOf(count), Math.max(result.scale(), 0), RoundingMode.HALF_UP);
      };
    }

    @Override
    public void write(DataOutput out) throws IOException {
      sum.write(out);
      out.writeLong(count);
    }

    @Override
    public void read(DataInput in) throws IOException {
      sum.read(in);
      count = in.readLong();
    }
  }

  /** MIN or MAX over an insert-only input: the best value so far. */
  static final class Extreme implements Accumulator {
    private final boolean max;
    private Object best;

    Extreme(boolean max) {
      this.max = max;
    }

    @Override
    public void add(Object value) {
      if (best == null || better(value, best)) {
        best = value;
      }
    }

    /** Boxes only a new best value. */
    @Override
    public void addLong(long value) {
      if (best == null || (max ? value > (Long) best : value < (Long) best)) {
        best = value;
      }
    }

    @Override
    public void addLongs(Accumulator[] accumulators, long[] values, int n) {
      for (int k = 0; k < n; k++) {
        ((Extreme) accumulators[k]).addLong(values[k]);
      }
    }

    private boolean better(Object a, Object b) {
      int c = compare(a, b);
      return max ? c > 0 : c < 0;
    }

    @Override
    public void retract(Object value) {
      throw new IllegalStateException((max ? "MAX" : "MIN") + " planned for insert-only input got a retraction");
    }

    @Override
    public void merge(Accumulator other) {
      Object o = ((Extreme) other).best;
      if (o != null) {
        add(o);
      }
    }

    @Override
    public Object result() {
      return best;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      ValueCodec.write(out, best);
    }

    @Override
    public void read(DataInput in) throws IOException {
      best = ValueCodec.read(in);
    }
  }

  /** MIN or MAX over an updating input: every value with how many times it is present. */
  static final class RetractableExtreme implements Accumulator {
    private final boolean max;
    private final Object2LongRBTreeMap<Object> counts = new Object2LongRBTreeMap<>(Accumulators::compare);

    RetractableExtreme(boolean max) {
      this.max = max;
    }

    @Override
    public void add(Object value) {
      counts.addTo(value, 1);
    }

    @Override
    public void retract(Object value) {
      long left = counts.addTo(value, -1) - 1;
      if (left <= 0) {
        counts.removeLong(value);
      }
    }

    @Override
    public void merge(Accumulator other) {
      for (Object2LongMap.Entry<Object> e : ((RetractableExtreme) other).counts.object2LongEntrySet()) {
        counts.addTo(e.getKey(), e.getLongValue());
      }
    }

    @Override
    public Object result() {
      if (counts.isEmpty()) {
        return null;
      }
      return max ? counts.lastKey() : counts.firstKey();
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(counts.size());
      for (Object2LongMap.Entry<Object> e : counts.object2LongEntrySet()) {
        ValueCodec.write(out, e.getKey());
        out.writeLong(e.getLongValue());
      }
    }

    @Override
    public void read(DataInput in) throws IOException {
      counts.clear();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        Object key = ValueCodec.read(in);
        counts.put(key, in.readLong());
      }
    }
  }

  /** The DISTINCT form of any aggregate: passes a value on only the first time it is present. */
  static final class Distinct implements Accumulator {
    private final Accumulator inner;
    private final Object2IntOpenHashMap<Object> counts = new Object2IntOpenHashMap<>();

    Distinct(Accumulator inner) {
      this.inner = inner;
    }

    @Override
    public void add(Object value) {
      if (counts.addTo(value, 1) == 0) {
        inner.add(value);
      }
    }

    @Override
    public void retract(Object value) {
      int n = counts.getInt(value);
      if (n <= 1) {
        if (n == 1) {
          counts.removeInt(value);
          inner.retract(value);
        }
      } else {
        counts.put(value, n - 1);
      }
    }

    @Override
    public void merge(Accumulator other) {
      for (Object2IntMap.Entry<Object> e : ((Distinct) other).counts.object2IntEntrySet()) {
        if (counts.addTo(e.getKey(), e.getIntValue()) == 0) {
          inner.add(e.getKey());
        }
      }
    }

    @Override
    public Object result() {
      return inner.result();
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(counts.size());
      for (Object2IntMap.Entry<Object> e : counts.object2IntEntrySet()) {
        ValueCodec.write(out, e.getKey());
        out.writeInt(e.getIntValue());
      }
      inner.write(out);
    }

    @Override
    public void read(DataInput in) throws IOException {
      counts.clear();
      int n = in.readInt();
      counts.ensureCapacity(n); // all at once: values in the order of the old table would crowd a growing one
      for (int i = 0; i < n; i++) {
        Object key = ValueCodec.read(in);
        counts.put(key, in.readInt());
      }
      inner.read(in);
    }
  }

  /** Orders values of one column: Long, Double, BigDecimal and String compare naturally. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Double d) {
      return BigDecimal.valueOf(d);
    }
    return BigDecimal.valueOf(((Number) value).longValue());
  }
}
