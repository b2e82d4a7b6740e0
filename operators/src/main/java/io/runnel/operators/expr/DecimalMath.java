package io.runnel.operators.expr;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.batch.ObjectColumn;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * DECIMAL arithmetic ({@code + - *}), CAST of integers to DECIMAL and comparisons involving a DECIMAL, as
 * loops over unscaled longs. A value is held as a long at its scale when it fits in 18 digits; a row
 * whose operands or result do not fit, or whose result overflows the type's precision, is computed by the
 * row-wise function instead, so results, NULLs and reported errors are those of the row-wise path. Calls
 * these rules do not cover return null from {@link #compile}.
 */
final class DecimalMath {
  private DecimalMath() {}

  /** Largest scale and digit count held as an unscaled long. */
  static final int MAX_DIGITS = 18;

  private static final long[] POW10 = new long[MAX_DIGITS + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /**
   * DECIMAL values of one batch: row {@code i} is NULL if {@code nulls[i]}, else {@code wide[i]} if that
   * is non-null, else {@code unscaled[i]} at {@code scale}. The column is built when first asked for.
   */
  static final class DecimalVector {
    final DataType type;
    final int size;
    final long[] unscaled;
    final int scale;
    final boolean[] nulls;
    final BigDecimal[] wide;
    /** Non-null when every row holds this value (a literal): boxing it allocates nothing. */
    final BigDecimal constant;

    private Column column;

    DecimalVector(DataType type, int size, long[] unscaled, int scale, boolean[] nulls, BigDecimal[] wide, BigDecimal constant, Column column) {
      this.type = type;
      this.size = size;
      this.unscaled = unscaled;
      this.scale = scale;
      this.nulls = nulls;
      this.wide = wide;
      this.constant = constant;
      this.column = column;
    }

    boolean isNull(int i) {
      return nulls != null && nulls[i];
    }

    boolean isWide(int i) {
      return wide != null && wide[i] != null;
    }

    /** The non-NULL value of row {@code i} as a BigDecimal, as the column holds it. */
    BigDecimal decimal(int i) {
      if (wide != null && wide[i] != null) {
        return wide[i];
      }
      return constant != null ? constant : BigDecimal.valueOf(unscaled[i], scale);
    }

    Column column() {
      if (column == null) {
        Object[] out = new Object[size];
        for (int i = 0; i < size; i++) {
          if (!isNull(i)) {
            out[i] = decimal(i);
          }
        }
        column = new ObjectColumn(type, out, nulls);
      }
      return column;
    }
  }

  /** An evaluator that can hand its DECIMAL result over as unscaled longs, before boxing them. */
  interface DecimalEvaluator extends Evaluator {
    DecimalVector evaluateDecimal(Batch input, EvalContext context);

    @Override
    default Column evaluate(Batch input, EvalContext context) {
      return evaluateDecimal(input, context).column();
    }
  }

  static Evaluator compile(Expr.Call call, Evaluator[] ops) {
    if (ops.length == 0) {
      return null;
    }
    DataType type = call.type();
    switch (call.function()) {
      case PLUS, MINUS, TIMES -> {
        if (ops.length != 2 || type.kind() != TypeKind.DECIMAL || !fits(type) || !operand(call, 0) || !operand(call, 1)) {
          return null;
        }
        RowFunction fn = Functions.bind(call);
        Operand a = Operand.of(call.operands().get(0), ops[0], true);
        Operand b = Operand.of(call.operands().get(1), ops[1], true);
        return (DecimalEvaluator) (batch, ctx) -> arithmetic(call, fn, batch, a.read(batch, ctx), b.read(batch, ctx), ctx);
      }
      case CAST -> {
        TypeKind from = call.operands().get(0).type().kind();
        if (type.kind() != TypeKind.DECIMAL || !fits(type) || (from != TypeKind.BIGINT && from != TypeKind.INT)) {
          return null;
        }
        RowFunction fn = Functions.bind(call);
        return (DecimalEvaluator) (batch, ctx) -> castToDecimal(call, fn, batch, ops[0].evaluate(batch, ctx), ctx);
      }
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        if (ops.length != 2 || !operand(call, 0) || !operand(call, 1)) {
          return null;
        }
        if (call.operands().get(0).type().kind() != TypeKind.DECIMAL && call.operands().get(1).type().kind() != TypeKind.DECIMAL) {
          return null;
        }
        Operand a = Operand.of(call.operands().get(0), ops[0], false);
        Operand b = Operand.of(call.operands().get(1), ops[1], false);
        return (batch, ctx) -> compare(call, batch.size(), a.read(batch, ctx), b.read(batch, ctx));
      }
      default -> {
        return null;
      }
    }
  }

  /** A DECIMAL type whose scale an unscaled long can carry (a negative or large scale goes row by row). */
  private static boolean fits(DataType type) {
    return type.scale() >= 0 && type.scale() <= MAX_DIGITS;
  }

  private static boolean operand(Expr.Call call, int i) {
    DataType t = call.operands().get(i).type();
    return switch (t.kind()) {
      case INT, BIGINT -> true;
      case DECIMAL -> fits(t);
      default -> false;
    };
  }

  /** How an operand's values become a {@link DecimalVector} for each batch. */
  private abstract static class Operand {
    abstract DecimalVector read(Batch batch, EvalContext ctx);

    static Operand of(Expr expr, Evaluator evaluator, boolean unscale) {
      DataType type = expr.type();
      if (expr instanceof Expr.Literal lit) {
        return new Constant(type, lit.value() == null ? null : Functions.toDecimal((Number) lit.value()));
      }
      if (type.kind() != TypeKind.DECIMAL) {
        return new Integers(type, evaluator);
      }
      if (evaluator instanceof DecimalEvaluator d) {
        return new Vectorized(d);
      }
      return new Boxed(type, evaluator, unscale);
    }
  }

  private static final class Vectorized extends Operand {
    private final DecimalEvaluator evaluator;

    Vectorized(DecimalEvaluator evaluator) {
      this.evaluator = evaluator;
    }

    @Override
    DecimalVector read(Batch batch, EvalContext ctx) {
      return evaluator.evaluateDecimal(batch, ctx);
    }
  }

  /** INT and BIGINT values: their longs at scale 0. */
  private static final class Integers extends Operand {
    private final DataType type;
    private final Evaluator evaluator;

    Integers(DataType type, Evaluator evaluator) {
      this.type = type;
      this.evaluator = evaluator;
    }

    @Override
    DecimalVector read(Batch batch, EvalContext ctx) {
      Column c = evaluator.evaluate(batch, ctx);
      long[] values;
      if (c instanceof LongColumn l) {
        values = l.values();
      } else {
        values = new long[batch.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = c.isNull(i) ? 0 : c.getLong(i);
        }
      }
      return new DecimalVector(type, batch.size(), values, 0, c.nullMask(), null, null, c);
    }
  }

  /** A literal, the same in every row. */
  private static final class Constant extends Operand {
    private final DataType type;
    private final BigDecimal value;
    private final long unscaled;
    private final boolean wide;
    private long[] filled = new long[0];
    private boolean[] allNull = new boolean[0];
    private BigDecimal[] wides = new BigDecimal[0];

    Constant(DataType type, BigDecimal value) {
      this.type = type;
      this.value = value;
      long u = 0;
      boolean w = true;
      if (value != null && value.scale() >= 0 && value.scale() <= MAX_DIGITS && value.precision() <= MAX_DIGITS) {
        u = unscaledOf(value);
        w = false;
      }
      this.unscaled = u;
      this.wide = w;
    }

    @Override
    DecimalVector read(Batch batch, EvalContext ctx) {
      int n = batch.size();
      if (value == null) {
        if (allNull.length < n) {
          allNull = new boolean[Math.max(n, 16)];
          Arrays.fill(allNull, true);
          filled = new long[allNull.length];
        }
        return new DecimalVector(type, n, filled, 0, allNull, null, null, null);
      }
      if (wide) {
        if (wides.length < n) {
          wides = new BigDecimal[Math.max(n, 16)];
          Arrays.fill(wides, value);
        }
        return new DecimalVector(type, n, new long[0], 0, null, wides, value, null);
      }
      if (filled.length < n) {
        filled = new long[Math.max(n, 16)];
        Arrays.fill(filled, unscaled);
      }
      return new DecimalVector(type, n, filled, value.scale(), null, null, value, null);
    }
  }

  /**
   * A DECIMAL column of BigDecimals from elsewhere. With {@code unscale}, values at the type's scale that
   * fit are read as unscaled longs; otherwise every value stays a BigDecimal.
   */
  private static final class Boxed extends Operand {
    private final DataType type;
    private final Evaluator evaluator;
    private final boolean unscale;

    Boxed(DataType type, Evaluator evaluator, boolean unscale) {
      this.type = type;
      this.evaluator = evaluator;
      this.unscale = unscale;
    }

    @Override
    DecimalVector read(Batch batch, EvalContext ctx) {
      int n = batch.size();
      Column c = evaluator.evaluate(batch, ctx);
      BigDecimal[] wide = new BigDecimal[n];
      long[] unscaled = new long[n];
      int scale = type.scale();
      for (int i = 0; i < n; i++) {
        if (c.isNull(i)) {
          continue;
        }
        BigDecimal d = (BigDecimal) c.getObject(i);
        if (unscale && d.scale() == scale && d.precision() <= MAX_DIGITS) {
          unscaled[i] = unscaledOf(d);
        } else {
          wide[i] = d;
        }
      }
      return new DecimalVector(type, n, unscaled, scale, c.nullMask(), wide, null, c);
    }
  }

  /** The unscaled value of a BigDecimal of at most 18 digits. */
  private static long unscaledOf(BigDecimal d) {
    return d.scaleByPowerOfTen(d.scale()).longValueExact();
  }

  private static boolean[] nulls(DecimalVector a, DecimalVector b, int n) {
    if (a.nulls == null && b.nulls == null) {
      return null;
    }
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = a.isNull(i) || b.isNull(i);
    }
    return out;
  }

  /** {@code v} at scale {@code from} moved to scale {@code to}, rounding half up; throws ArithmeticException on overflow. */
  private static long rescale(long v, int from, int to) {
    if (from == to) {
      return v;
    }
    if (from < to) {
      return Math.multiplyExact(v, POW10[to - from]);
    }
    long f = POW10[from - to];
    long q = v / f;
    long r = v % f;
    if (Math.abs(r) >= f - Math.abs(r)) {
      q += v < 0 ? -1 : 1;
    }
    return q;
  }

  /** Whether every scale step of {@code a op b} at result scale {@code rs} is a power of ten a long holds. */
  private static boolean scalesFit(io.runnel.operators.expr.Function f, int sa, int sb, int rs) {
    int s = f == io.runnel.operators.expr.Function.TIMES ? sa + sb : Math.max(sa, sb);
    return Math.abs(s - rs) <= MAX_DIGITS && Math.abs(sa - sb) <= MAX_DIGITS;
  }

  private static DecimalVector arithmetic(Expr.Call call, RowFunction fn, Batch batch, DecimalVector a, DecimalVector b, EvalContext ctx) {
    int n = batch.size();
    DataType type = call.type();
    int rs = type.scale();
    boolean[] nulls = nulls(a, b, n);
    long[] out = new long[n];
    BigDecimal[] wide = null;
    io.runnel.operators.expr.Function f = call.function();
    int sa = a.scale;
    int sb = b.scale;
    boolean longs = scalesFit(f, sa, sb, rs);
    int cs = Math.max(sa, sb);
    int ps = f == io.runnel.operators.expr.Function.TIMES ? sa + sb : cs;
    long limit = type.precision() > 0 && type.precision() <= MAX_DIGITS ? POW10[type.precision()] : 0;
    long[] x = a.unscaled;
    long[] y = b.unscaled;
    for (int i = 0; i < n; i++) {
      if (nulls != null && nulls[i]) {
        continue;
      }
      if (longs && !a.isWide(i) && !b.isWide(i)) {
        try {
          long r =
              switch (f) {
                case PLUS -> Math.addExact(rescale(x[i], sa, cs), rescale(y[i], sb, cs));
                case MINUS -> Math.subtractExact(rescale(x[i], sa, cs), rescale(y[i], sb, cs));
                default -> Math.multiplyExact(x[i], y[i]);
              };
          r = rescale(r, ps, rs);
          if (limit == 0 || (r < limit && r > -limit)) {
            out[i] = r;
            continue;
          }
        } catch (ArithmeticException overflow) {
          // computed exactly below
        }
      }
      // a value too wide for a long, or over the precision (whose error the row-wise function reports)
      if (wide == null) {
        wide = new BigDecimal[n];
      }
      try {
        wide[i] = (BigDecimal) fn.apply(new Object[] {a.decimal(i), b.decimal(i)});
      } catch (EvalException e) {
        if (nulls == null) {
          nulls = new boolean[n];
        }
        nulls[i] = true;
        ExprCompiler.report(ctx, call, e, batch, i);
      }
    }
    return new DecimalVector(type, n, out, rs, nulls, wide, null, null);
  }

  private static DecimalVector castToDecimal(Expr.Call call, RowFunction fn, Batch batch, Column in, EvalContext ctx) {
    int n = batch.size();
    DataType type = call.type();
    int s = type.scale();
    long limit = type.precision() > 0 && type.precision() <= MAX_DIGITS ? POW10[type.precision()] : 0;
    boolean[] inNulls = in.nullMask();
    boolean[] nulls = inNulls;
    long[] out = new long[n];
    BigDecimal[] wide = null;
    long[] values = in instanceof LongColumn l ? l.values() : null;
    long factor = POW10[s];
    long bound = Long.MAX_VALUE / factor;
    for (int i = 0; i < n; i++) {
      if (inNulls != null && inNulls[i]) {
        continue;
      }
      long v = values != null ? values[i] : in.getLong(i);
      long r = v * factor;
      if (v <= bound && v >= -bound && (limit == 0 || (r < limit && r > -limit))) {
        out[i] = r;
        continue;
      }
      if (wide == null) {
        wide = new BigDecimal[n];
      }
      try {
        wide[i] = (BigDecimal) fn.apply(new Object[] {v});
      } catch (EvalException e) {
        if (nulls == inNulls) {
          nulls = inNulls == null ? new boolean[n] : inNulls.clone();
        }
        nulls[i] = true;
        ExprCompiler.report(ctx, call, e, batch, i);
      }
    }
    return new DecimalVector(type, n, out, s, nulls, wide, null, null);
  }

  private static Column compare(Expr.Call call, int n, DecimalVector a, DecimalVector b) {
    long[] out;
    io.runnel.operators.expr.Function f = call.function();
    boolean[] nulls = nulls(a, b, n);
    int sa = a.scale;
    int sb = b.scale;
    long[] x = a.unscaled;
    long[] y = b.unscaled;
    boolean simple = a.wide == null && b.wide == null && Math.abs(sa - sb) <= MAX_DIGITS;
    if (simple && sa == sb) {
      out = VectorMath.compareLongs(f, x, y, n);
    } else {
      out = new long[n];
      for (int i = 0; i < n; i++) {
        if (nulls != null && nulls[i]) {
          continue;
        }
        int cmp;
        if (simple || (Math.abs(sa - sb) <= MAX_DIGITS && !a.isWide(i) && !b.isWide(i))) {
          try {
            cmp = Long.compare(rescale(x[i], sa, Math.max(sa, sb)), rescale(y[i], sb, Math.max(sa, sb)));
          } catch (ArithmeticException overflow) {
            cmp = a.decimal(i).compareTo(b.decimal(i));
          }
        } else {
          cmp = a.decimal(i).compareTo(b.decimal(i));
        }
        out[i] = VectorMath.test(f, cmp) ? 1 : 0;
      }
    }
    return new LongColumn(call.type(), out, nulls);
  }
}
