package io.runnel.operators.expr;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.DoubleColumn;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import io.runnel.operators.types.TypeKind.Physical;

/**
 * Arithmetic and comparisons over primitive columns as tight loops over arrays, the hot path of filters
 * and projections. Calls with object operands (DECIMAL, VARCHAR) return null and go row by row instead.
 */
final class VectorMath {
  private VectorMath() {}

  static Evaluator compile(Expr.Call call, Evaluator[] ops) {
    if (ops.length == 0 || !allPrimitive(call)) {
      return null;
    }
    DataType type = call.type();
    boolean doubles = call.operands().stream().anyMatch(o -> o.type().physical() == Physical.DOUBLE);
    switch (call.function()) {
      case PLUS, MINUS, TIMES, DIVIDE, MOD -> {
        if (ops.length != 2) {
          return null;
        }
        if (doubles) {
          return type.physical() == Physical.DOUBLE ? (b, c) -> doubleArithmetic(call, b, ops[0].evaluate(b, c), ops[1].evaluate(b, c), c) : null;
        }
        return type.physical() == Physical.LONG ? (b, c) -> longArithmetic(call, b, ops[0].evaluate(b, c), ops[1].evaluate(b, c), c) : null;
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        return (b, c) -> compare(call, b.size(), ops[0].evaluate(b, c), ops[1].evaluate(b, c), doubles);
      }
      case HOUR, MINUTE, SECOND -> {
        // of a timestamp (epoch milliseconds, UTC wall-clock time): plain arithmetic; a DATE goes row by row
        if (ops.length != 1 || call.operands().get(0).type().kind() == TypeKind.DATE) {
          return null;
        }
        long unit = switch (call.function()) {
          case HOUR -> 3_600_000L;
          case MINUTE -> 60_000L;
          default -> 1_000L;
        };
        long range = call.function() == Function.HOUR ? 24 : 60;
        return (b, c) -> timeField(type, b.size(), ops[0].evaluate(b, c), unit, range);
      }
      default -> {
        return null;
      }
    }
  }

  /** Whether the call and its operands are all held as primitives (LONG or DOUBLE columns), none a NULL literal: the calls this class may compute. */
  static boolean allPrimitive(Expr.Call call) {
    if (call.type().physical() == Physical.OBJECT) {
      return false;
    }
    for (Expr e : call.operands()) {
      if (e.type().physical() == Physical.OBJECT || e.type().kind() == TypeKind.NULL) {
        return false;
      }
    }
    return true;
  }

  /** The field of each time that counts {@code unit}s modulo {@code range} (the hour of the day, say). */
  private static Column timeField(DataType type, int n, Column times, long unit, long range) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.floorMod(Math.floorDiv(times.getLong(i), unit), range);
    }
    return new LongColumn(type, out, times.nullMask());
  }

  private static boolean[] nulls(Column a, Column b, int n) {
    boolean[] x = a.nullMask();
    boolean[] y = b.nullMask();
    if (x == null && y == null) {
      return null;
    }
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = (x != null && x[i]) || (y != null && y[i]);
    }
    return out;
  }

  /**
   * +, -, *, / and % over integers. The loops for +, - and * keep no branch: each ORs into one word a value
   * whose sign bit is set where a row overflowed (the sign trick; for *, the high half of the product
   * differing from the low half's sign), and only a batch where one did is computed again row by row
   * ({@link #exactArithmetic}), reporting each overflowing row as division by zero is reported.
   */
  private static Column longArithmetic(Expr.Call call, Batch batch, Column a, Column b, EvalContext ctx) {
    int n = batch.size();
    boolean[] nulls = nulls(a, b, n);
    long[] out = new long[n];
    long overflow = 0;
    switch (call.function()) {
      case PLUS -> {
        for (int i = 0; i < n; i++) {
          long x = a.getLong(i);
          long y = b.getLong(i);
          long r = x + y;
          overflow |= (x ^ r) & (y ^ r);
          out[i] = r;
        }
      }
      case MINUS -> {
        for (int i = 0; i < n; i++) {
          long x = a.getLong(i);
          long y = b.getLong(i);
          long r = x - y;
          overflow |= (x ^ y) & (x ^ r);
          out[i] = r;
        }
      }
      case TIMES -> {
        for (int i = 0; i < n; i++) {
          long x = a.getLong(i);
          long y = b.getLong(i);
          long r = x * y;
          // any bit set where the high half is not all copies of r's sign bit
          overflow |= Math.multiplyHigh(x, y) ^ (r >> 63);
          out[i] = r;
        }
        overflow = overflow != 0 ? -1 : 0;
      }
      default -> {
        boolean divide = call.function() == io.runnel.operators.expr.Function.DIVIDE;
        for (int i = 0; i < n; i++) {
          if (nulls != null && nulls[i]) {
            continue;
          }
          long d = b.getLong(i);
          if (d == 0) {
            if (nulls == null) {
              nulls = new boolean[n];
            }
            nulls[i] = true;
            ctx.errors().report(ctx.source(), "division by zero", batch.format(i));
          } else {
            // Long.MIN_VALUE / -1 overflows: computed exactly below
            long r = divide ? a.getLong(i) / d : a.getLong(i) % d;
            overflow |= divide && d == -1 ? a.getLong(i) & r : 0;
            out[i] = r;
          }
        }
      }
    }
    if (call.type().kind() == TypeKind.INT) {
      // INT operands are held as longs, so their +, - and * are exact here: only the range is left to check
      long outOfRange = 0;
      for (int i = 0; i < n; i++) {
        outOfRange |= out[i] ^ (int) out[i];
      }
      overflow = outOfRange != 0 ? -1 : 0;
    }
    if (overflow < 0) {
      nulls = exactArithmetic(call, batch, a, b, out, nulls, ctx);
    }
    return new LongColumn(call.type(), out, nulls);
  }

  /**
   * Computes {@code out} again row by row with exact arithmetic, for a batch where some row overflowed:
   * each row whose result does not fit the call's type is NULL and reported. Returns the null mask.
   */
  private static boolean[] exactArithmetic(Expr.Call call, Batch batch, Column a, Column b, long[] out, boolean[] nulls, EvalContext ctx) {
    int n = batch.size();
    boolean[] result = nulls == null ? new boolean[n] : nulls;
    for (int i = 0; i < n; i++) {
      if (result[i]) {
        continue;
      }
      long x = a.getLong(i);
      long y = b.getLong(i);
      try {
        out[i] = Overflow.exact(call.function(), x, y, call.type());
      } catch (ArithmeticException e) {
        result[i] = true;
        ctx.errors().report(ctx.source(), Overflow.reason(call.function(), x, y, call.type()), batch.format(i));
      }
    }
    return result;
  }

  private static Column doubleArithmetic(Expr.Call call, Batch batch, Column a, Column b, EvalContext ctx) {
    int n = batch.size();
    boolean[] nulls = nulls(a, b, n);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double x = ExprCompiler.doubleAt(a, i);
      double y = ExprCompiler.doubleAt(b, i);
      out[i] =
          switch (call.function()) {
            case PLUS -> x + y;
            case MINUS -> x - y;
            case TIMES -> x * y;
            case DIVIDE -> x / y;
            default -> x % y;
          };
    }
    return new DoubleColumn(call.type(), out, nulls);
  }

  private static Column compare(Expr.Call call, int n, Column a, Column b, boolean doubles) {
    io.runnel.operators.expr.Function f = call.function();
    if (!doubles && a instanceof LongColumn la && b instanceof LongColumn lb) {
      return new LongColumn(call.type(), compareLongs(f, la.values(), lb.values(), n), nulls(a, b, n));
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = test(f, Double.compare(ExprCompiler.doubleAt(a, i), ExprCompiler.doubleAt(b, i))) ? 1 : 0;
    }
    return new LongColumn(call.type(), out, nulls(a, b, n));
  }

  /**
   * {@code x[i] f y[i]} for i below {@code n}, 1 when true and 0 when not (as {@link #test} of {@link
   * Long#compare}). One loop per comparison, chosen before it: a loop with the choice inside is shared by
   * every comparison of every query, so its compiled code speculates on the ones seen so far and is thrown
   * away and compiled again as others come; and a loop body without a branch compiles to a set-on-condition.
   */
  static long[] compareLongs(io.runnel.operators.expr.Function f, long[] x, long[] y, int n) {
    long[] out = new long[n];
    switch (f) {
      case EQUALS -> {
        for (int i = 0; i < n; i++) {
          out[i] = x[i] == y[i] ? 1 : 0;
        }
      }
      case NOT_EQUALS -> {
        for (int i = 0; i < n; i++) {
          out[i] = x[i] != y[i] ? 1 : 0;
        }
      }
      case LESS_THAN -> {
        for (int i = 0; i < n; i++) {
          out[i] = x[i] < y[i] ? 1 : 0;
        }
      }
      case LESS_THAN_OR_EQUAL -> {
        for (int i = 0; i < n; i++) {
          out[i] = x[i] <= y[i] ? 1 : 0;
        }
      }
      case GREATER_THAN -> {
        for (int i = 0; i < n; i++) {
          out[i] = x[i] > y[i] ? 1 : 0;
        }
      }
      case GREATER_THAN_OR_EQUAL -> {
        for (int i = 0; i < n; i++) {
          out[i] = x[i] >= y[i] ? 1 : 0;
        }
      }
      default -> throw new IllegalArgumentException("not a comparison: " + f);
    }
    return out;
  }

  static boolean test(io.runnel.operators.expr.Function f, int cmp) {
    return switch (f) {
      case EQUALS -> cmp == 0;
      case NOT_EQUALS -> cmp != 0;
      case LESS_THAN -> cmp < 0;
      case LESS_THAN_OR_EQUAL -> cmp <= 0;
      case GREATER_THAN -> cmp > 0;
      default -> cmp >= 0;
    };
  }
}
