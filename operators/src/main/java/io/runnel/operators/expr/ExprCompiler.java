package io.runnel.operators.expr;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles an {@link Expr} into an {@link Evaluator} that works a column at a time: arithmetic, comparison
 * and logic over primitive columns run as tight loops over arrays; other functions are applied row by
 * row to boxed values. NULL semantics are SQL's: a strict function of a NULL operand is NULL, AND and OR
 * are three-valued, and a row whose value cannot be computed is reported and yields NULL.
 */
public final class ExprCompiler {
  private ExprCompiler() {}

  public static Evaluator compile(Expr expr) {
    return compile(expr, new HashMap<>(), true);
  }

  /** {@link #compile} without the unscaled-long path for DECIMALs: the reference the tests compare it with. */
  static Evaluator compileWithBoxedDecimals(Expr expr) {
    return compile(expr, new HashMap<>(), false);
  }

  /**
   * Compiles several expressions evaluated over the same batches (a Calc's condition and projections),
   * sharing one evaluator between equal sub-expressions: {@code lower(channel)} written five times is
   * computed once a batch.
   */
  public static List<Evaluator> compileAll(List<Expr> exprs) {
    Map<Expr, Evaluator> shared = new HashMap<>();
    List<Evaluator> out = new ArrayList<>();
    for (Expr e : exprs) {
      out.add(compile(e, shared, true));
    }
    return out;
  }

  private static Evaluator compile(Expr expr, Map<Expr, Evaluator> shared, boolean decimals) {
    Evaluator known = shared.get(expr);
    if (known != null) {
      return known;
    }
    Evaluator evaluator = build(expr, shared, decimals);
    if (expr instanceof Expr.Call) {
      evaluator = evaluator instanceof DecimalMath.DecimalEvaluator d ? new MemoizedDecimal(d) : new Memoized(evaluator);
      shared.put(expr, evaluator);
    }
    return evaluator;
  }

  /**
   * Remembers the column computed for the last batch: a shared sub-expression runs once a batch. Over a
   * batch of some rows of that one (a filter's kept rows, a CASE branch's: {@link Batch#rowsOf}), it picks
   * those rows of the column computed, rather than computing them again.
   */
  private static final class Memoized implements Evaluator {
    private final Evaluator inner;
    private Batch computedBatch;
    private Column computedColumn;
    private Batch lastBatch;
    private Column lastColumn;

    Memoized(Evaluator inner) {
      this.inner = inner;
    }

    @Override
    public Column evaluate(Batch input, EvalContext context) {
      if (input == lastBatch) {
        return lastColumn;
      }
      int[] rows = computedBatch == null ? null : input == computedBatch ? null : input.rowsOf(computedBatch);
      if (input == computedBatch) {
        lastColumn = computedColumn;
      } else if (rows != null) {
        lastColumn = Batches.gather(computedColumn, rows, input.size());
      } else {
        computedColumn = inner.evaluate(input, context);
        computedBatch = input;
        lastColumn = computedColumn;
      }
      lastBatch = input;
      return lastColumn;
    }
  }

  /** {@link Memoized} for an evaluator of DECIMALs held as unscaled longs, which its consumers may read as such. */
  private static final class MemoizedDecimal implements DecimalMath.DecimalEvaluator {
    private final DecimalMath.DecimalEvaluator inner;
    private Batch lastBatch;
    private DecimalMath.DecimalVector last;

    MemoizedDecimal(DecimalMath.DecimalEvaluator inner) {
      this.inner = inner;
    }

    @Override
    public DecimalMath.DecimalVector evaluateDecimal(Batch input, EvalContext context) {
      if (input != lastBatch) {
        last = inner.evaluateDecimal(input, context);
        lastBatch = input;
      }
      return last;
    }
  }

  private static Evaluator build(Expr expr, Map<Expr, Evaluator> shared, boolean decimals) {
    if (expr instanceof Expr.InputRef ref) {
      int index = ref.index();
      return (batch, ctx) -> batch.column(index);
    }
    if (expr instanceof Expr.Literal lit) {
      return constant(lit);
    }
    Expr.Call call = (Expr.Call) expr;
    if (call.function() == Function.PROCTIME) {
      return (batch, ctx) -> {
        if (ctx.clock() == null) {
          throw new UnsupportedOperationException("PROCTIME() has no clock here");
        }
        return ColumnWriter.constant(call.type(), ctx.clock().millis(), Math.max(batch.size(), 1));
      };
    }
    List<Expr> ops = call.operands();
    Evaluator[] operands = new Evaluator[ops.size()];
    for (int i = 0; i < operands.length; i++) {
      operands[i] = compile(ops.get(i), shared, decimals);
    }
    Evaluator special = Logic.compile(call, operands);
    if (special != null) {
      return special;
    }
    Evaluator fast = VectorMath.compile(call, operands);
    if (fast == null && decimals) {
      fast = DecimalMath.compile(call, operands);
    }
    if (fast != null) {
      return fast;
    }
    RowFunction fn = Functions.bind(call);
    return rowWise(call, operands, fn);
  }

  private static Evaluator constant(Expr.Literal lit) {
    Object value = lit.value() instanceof Boolean b ? (Object) (b ? 1L : 0L) : lit.value();
    DataType type = lit.type().kind() == TypeKind.NULL ? DataType.of(TypeKind.VARCHAR) : lit.type();
    Column[] cache = new Column[1];
    return (batch, ctx) -> {
      Column c = cache[0];
      if (c == null || c.capacity() < batch.size()) {
        c = ColumnWriter.constant(type, value, Math.max(batch.size(), 16));
        cache[0] = c;
      }
      return c;
    };
  }

  /** Applies a strict row function to each row whose operands are all non-NULL. */
  private static Evaluator rowWise(Expr.Call call, Evaluator[] operands, RowFunction fn) {
    DataType type = call.type();
    return (batch, ctx) -> {
      int n = batch.size();
      Column[] cols = new Column[operands.length];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = operands[i].evaluate(batch, ctx);
      }
      ColumnWriter out = new ColumnWriter(type, n);
      Object[] args = new Object[cols.length];
      rows:
      for (int r = 0; r < n; r++) {
        for (int i = 0; i < cols.length; i++) {
          if (cols[i].isNull(r)) {
            out.setNull(r);
            continue rows;
          }
          args[i] = cols[i].getObject(r);
        }
        try {
          out.set(r, fn.apply(args));
        } catch (EvalException e) {
          out.setNull(r);
          report(ctx, call, e, batch, r);
        }
      }
      return out.build();
    };
  }

  /** Reports that {@code call} could not be computed for row {@code row}. */
  static void report(EvalContext ctx, Expr.Call call, EvalException e, Batch batch, int row) {
    ctx.errors().report(ctx.source(), e.getMessage() + " in " + (call.user() != null ? call.user().name() : call.function().name()), batch.format(row));
  }

  static double doubleAt(Column c, int r) {
    return c instanceof LongColumn l ? l.getLong(r) : c.getDouble(r);
  }
}
