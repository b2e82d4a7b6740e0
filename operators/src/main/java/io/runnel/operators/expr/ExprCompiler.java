package io.runnel.operators.expr;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.batch.ObjectColumn;
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
      if (input == computedBatch) {
        lastColumn = computedColumn;
      } else {
        int[] rows = computedBatch == null ? null : input.rowsOf(computedBatch);
        if (rows != null) {
          lastColumn = Batches.gather(computedColumn, rows, input.size());
        } else {
          computedColumn = inner.evaluate(input, context);
          computedBatch = input;
          lastColumn = computedColumn;
        }
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
    Evaluator rowWise = rowWise(call, operands, fn);
    int varying = dictionaryOperand(call);
    return varying < 0 ? rowWise : perDictionaryEntry(call, operands, fn, varying, rowWise);
  }

  /**
   * The operand of a built-in call whose every other operand is a literal, or -1: a call the function of
   * one column's values, which over a column built from a dictionary is computed once per entry. Built-in
   * functions other than PROCTIME (compiled apart) give one result for one value; user functions need not.
   */
  private static int dictionaryOperand(Expr.Call call) {
    if (call.user() != null || call.function() == Function.USER) {
      return -1;
    }
    int varying = -1;
    for (int i = 0; i < call.operands().size(); i++) {
      if (!(call.operands().get(i) instanceof Expr.Literal)) {
        if (varying >= 0) {
          return -1;
        }
        varying = i;
      }
    }
    return varying;
  }

  /**
   * {@code fn} over a column built from a dictionary ({@link ObjectColumn#dictionary}): computed once for each
   * entry some row names, the first time a row names it, and the result shared by the rows naming it. A
   * failure is reported for each of those rows, as row by row. A VARCHAR result keeps the dictionary form, so
   * a function of it is computed per entry too. Over any other column it is {@code rowWise}.
   */
  private static Evaluator perDictionaryEntry(Expr.Call call, Evaluator[] operands, RowFunction fn, int varying, Evaluator rowWise) {
    DataType type = call.type();
    boolean keepsDictionary = type.kind() == TypeKind.VARCHAR;
    return (batch, ctx) -> {
      Column input = operands[varying].evaluate(batch, ctx);
      if (!(input instanceof ObjectColumn objects) || objects.dictionary() == null) {
        return rowWise.evaluate(batch, ctx);
      }
      Object[] args = new Object[operands.length];
      for (int i = 0; i < operands.length; i++) {
        if (i != varying) {
          Column constant = operands[i].evaluate(batch, ctx);
          if (constant.isNull(0)) {
            return ColumnWriter.constant(type, null, Math.max(batch.size(), 1)); // strict: a NULL literal makes every row NULL
          }
          args[i] = constant.getObject(0);
        }
      }
      Object[] dictionary = objects.dictionary();
      int[] ids = objects.ids();
      Object[] results = new Object[dictionary.length];
      byte[] state = new byte[dictionary.length]; // 0: not computed, 1: computed, 2: failed
      EvalException[] failures = null;
      int n = batch.size();
      ColumnWriter out = keepsDictionary ? null : new ColumnWriter(type, n);
      Object[] values = keepsDictionary ? new Object[n] : null;
      boolean[] nulls = null;
      int[] outIds = keepsDictionary ? new int[n] : null;
      for (int r = 0; r < n; r++) {
        int id = objects.isNull(r) ? -1 : ids[r];
        Object result = null;
        if (id >= 0) {
          if (state[id] == 0) {
            args[varying] = dictionary[id];
            try {
              results[id] = fn.apply(args);
              state[id] = 1;
            } catch (EvalException e) {
              state[id] = 2;
              if (failures == null) {
                failures = new EvalException[dictionary.length];
              }
              failures[id] = e;
            }
          }
          if (state[id] == 2) {
            report(ctx, call, failures[id], batch, r);
            id = -1;
          } else {
            result = results[id];
          }
        }
        if (!keepsDictionary) {
          out.set(r, result); // null sets NULL
          continue;
        }
        if (result == null) {
          if (nulls == null) {
            nulls = new boolean[n];
          }
          nulls[r] = true;
          outIds[r] = -1;
        } else {
          values[r] = result;
          outIds[r] = id;
        }
      }
      return keepsDictionary ? new ObjectColumn(type, values, nulls, results, outIds) : out.build();
    };
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
