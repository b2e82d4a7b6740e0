package io.runnel.operators.agg;

import io.runnel.operators.batch.Column;
import io.runnel.operators.state.ValueCodec;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The state of the calls whose state is a few longs (COUNT, and SUM, AVG, MIN and MAX of integers), kept
 * for each group in one {@code long[]} instead of an accumulator object per call. A group of q17's eight
 * calls is then one array, not nine objects and the boxes of their best values: fewer objects for the
 * collector to trace, and one memory access per row and group instead of three per call.
 *
 * <p>What each call keeps, from its offset: COUNT the count; SUM and AVG the sum, then the count, then the
 * sum's carry ({@link WideSum}: the sum is exact); MIN and MAX 1 once they have a value, then the value. Snapshots hold the same bytes as the accumulators of {@link
 * Accumulators} write, so state written by either reads back into the other.
 */
final class FlatState {
  enum Kind {
    COUNT(1),
    SUM(3),
    AVG(3),
    MIN(2),
    MAX(2);

    final int width;

    Kind(int width) {
      this.width = width;
    }
  }

  /** Per call: its kind, or null when it keeps an accumulator object (or shares a {@link SharedDistinct}). */
  private final Kind[] kinds;
  /** Per call: where its longs start, or -1. */
  private final int[] offsets;
  /** Per call: its result type. */
  private final DataType[] types;
  private final int width;

  /** The flat state of {@code calls}, but those that {@code shared} marks (computed elsewhere). */
  FlatState(AggCall[] calls, boolean[] shared) {
    kinds = new Kind[calls.length];
    offsets = new int[calls.length];
    types = new DataType[calls.length];
    int at = 0;
    for (int i = 0; i < calls.length; i++) {
      kinds[i] = shared[i] ? null : kindOf(calls[i]);
      types[i] = calls[i].resultType();
      offsets[i] = kinds[i] == null ? -1 : at;
      at += kinds[i] == null ? 0 : kinds[i].width;
    }
    width = at;
  }

  private static Kind kindOf(AggCall call) {
    if (call.distinct()) {
      return null;
    }
    boolean longs = call.resultType().physical() == TypeKind.Physical.LONG;
    return switch (call.kind()) {
      case COUNT_STAR, COUNT -> Kind.COUNT;
      case SUM -> longs ? Kind.SUM : null;
      case AVG -> longs ? Kind.AVG : null;
      // over retractions MIN and MAX keep every value (RetractableExtreme)
      case MIN -> longs && !call.retracting() ? Kind.MIN : null;
      case MAX -> longs && !call.retracting() ? Kind.MAX : null;
      case APPROX_COUNT_DISTINCT, APPROX_PERCENTILE, USER -> null;
    };
  }

  /** Longs per group; 0 when no call is flat. */
  int width() {
    return width;
  }

  boolean isFlat(int call) {
    return kinds[call] != null;
  }

  /** Adds {@code value} (anything for a COUNT) to call {@code call}'s state in {@code state}. */
  void add(long[] state, int call, long value) {
    int at = offsets[call];
    switch (kinds[call]) {
      case COUNT -> state[at]++;
      case SUM, AVG -> {
        long r = state[at] + value;
        state[at + 2] += WideSum.addCarry(state[at], value, r);
        state[at] = r;
        state[at + 1]++;
      }
      case MIN -> {
        if (state[at] == 0 || value < state[at + 1]) {
          state[at] = 1;
          state[at + 1] = value;
        }
      }
      case MAX -> {
        if (state[at] == 0 || value > state[at + 1]) {
          state[at] = 1;
          state[at + 1] = value;
        }
      }
    }
  }

  void retract(long[] state, int call, long value) {
    int at = offsets[call];
    switch (kinds[call]) {
      case COUNT -> state[at]--;
      case SUM, AVG -> {
        long r = state[at] - value;
        state[at + 2] += WideSum.subtractCarry(state[at], value, r);
        state[at] = r;
        state[at + 1]--;
      }
      case MIN, MAX -> throw new IllegalStateException(kinds[call] + " planned for insert-only input got a retraction");
    }
  }

  /**
   * Adds rows {@code [0, n)} of an insert-only batch to call {@code call}, row r to {@code groupOfRow[r]}:
   * those that {@code filter} (null: none) lets in and whose {@code column} value (null: COUNT(*)) is not
   * null. One loop per kind, each without a call per row.
   */
  void addInserts(Aggregation.Group[] groupOfRow, int call, Column column, Column filter, int n) {
    int at = offsets[call];
    switch (kinds[call]) {
      case COUNT -> {
        for (int r = 0; r < n; r++) {
          if (Aggregation.passes(filter, r) && (column == null || !column.isNull(r))) {
            groupOfRow[r].flat[at]++;
          }
        }
      }
      case SUM, AVG -> {
        for (int r = 0; r < n; r++) {
          if (Aggregation.passes(filter, r) && !column.isNull(r)) {
            long[] state = groupOfRow[r].flat;
            long value = column.getLong(r);
            long sum = state[at] + value;
            state[at + 2] += WideSum.addCarry(state[at], value, sum);
            state[at] = sum;
            state[at + 1]++;
          }
        }
      }
      case MIN -> {
        for (int r = 0; r < n; r++) {
          if (Aggregation.passes(filter, r) && !column.isNull(r)) {
            long[] state = groupOfRow[r].flat;
            long value = column.getLong(r);
            if (state[at] == 0 || value < state[at + 1]) {
              state[at] = 1;
              state[at + 1] = value;
            }
          }
        }
      }
      case MAX -> {
        for (int r = 0; r < n; r++) {
          if (Aggregation.passes(filter, r) && !column.isNull(r)) {
            long[] state = groupOfRow[r].flat;
            long value = column.getLong(r);
            if (state[at] == 0 || value > state[at + 1]) {
              state[at] = 1;
              state[at + 1] = value;
            }
          }
        }
      }
    }
  }

  /**
   * The call's value, boxed as its accumulator's would be: null for SUM, AVG, MIN and MAX of no rows; an
   * ArithmeticException for a SUM out of its type's range.
   */
  Object result(long[] state, int call) {
    int at = offsets[call];
    return switch (kinds[call]) {
      case COUNT -> state[at];
      case SUM -> state[at + 1] == 0 ? null : WideSum.sum(state[at], state[at + 2], types[call]);
      case AVG -> state[at + 1] == 0 ? null : WideSum.average(state[at], state[at + 2], state[at + 1]); // integer division, as for the accumulator
      case MIN, MAX -> state[at] == 0 ? null : state[at + 1];
    };
  }

  /** Adds everything {@code other} (another group's state of the same calls) has seen to {@code into}. */
  void merge(long[] into, long[] other) {
    for (int call = 0; call < kinds.length; call++) {
      int at = offsets[call];
      if (kinds[call] == null) {
        continue;
      }
      switch (kinds[call]) {
        case COUNT -> into[at] += other[at];
        case SUM, AVG -> {
          long r = into[at] + other[at];
          into[at + 2] += other[at + 2] + WideSum.addCarry(into[at], other[at], r);
          into[at] = r;
          into[at + 1] += other[at + 1];
        }
        case MIN, MAX -> {
          if (other[at] != 0) {
            add(into, call, other[at + 1]);
          }
        }
      }
    }
  }

  /** Writes the call's state as its accumulator in {@link Accumulators} would. */
  void write(DataOutput out, long[] state, int call) throws IOException {
    int at = offsets[call];
    switch (kinds[call]) {
      case COUNT -> out.writeLong(state[at]);
      case SUM -> {
        out.writeLong(state[at]);
        out.writeLong(state[at + 1]);
        out.writeLong(state[at + 2]);
      }
      case AVG -> { // its sum's accumulator (sum, count and carry), then its own count
        out.writeLong(state[at]);
        out.writeLong(state[at + 1]);
        out.writeLong(state[at + 2]);
        out.writeLong(state[at + 1]);
      }
      case MIN, MAX -> ValueCodec.write(out, state[at] == 0 ? null : (Object) state[at + 1]);
    }
  }

  void read(DataInput in, long[] state, int call) throws IOException {
    int at = offsets[call];
    switch (kinds[call]) {
      case COUNT -> state[at] = in.readLong();
      case SUM -> {
        state[at] = in.readLong();
        state[at + 1] = in.readLong();
        state[at + 2] = in.readLong();
      }
      case AVG -> {
        state[at] = in.readLong();
        in.readLong(); // the sum's own count, the same as the average's
        state[at + 2] = in.readLong();
        state[at + 1] = in.readLong();
      }
      case MIN, MAX -> {
        Object best = ValueCodec.read(in);
        state[at] = best == null ? 0 : 1;
        state[at + 1] = best == null ? 0 : (Long) best;
      }
    }
  }
}
