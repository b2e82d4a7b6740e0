package io.runnel.operators.expr;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.types.DataType;

/** The functions that look at NULLs themselves: three-valued logic, IS tests, CASE, COALESCE. */
final class Logic {
  private Logic() {}

  /** An evaluator for {@code call}, or null when it is not one of these functions. */
  static Evaluator compile(Expr.Call call, Evaluator[] ops) {
    DataType type = call.type();
    return switch (call.function()) {
      case AND -> (batch, ctx) -> andOr(batch.size(), columns(ops, batch, ctx), true, type);
      case OR -> (batch, ctx) -> andOr(batch.size(), columns(ops, batch, ctx), false, type);
      case NOT -> (batch, ctx) -> {
        Column c = ops[0].evaluate(batch, ctx);
        int n = batch.size();
        long[] out = new long[n];
        for (int r = 0; r < n; r++) {
          out[r] = c.getLong(r) == 0 ? 1 : 0;
        }
        return new LongColumn(type, out, copy(c.nullMask(), n));
      };
      case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> (batch, ctx) -> {
        Column c = ops[0].evaluate(batch, ctx);
        int n = batch.size();
        long[] out = new long[n];
        for (int r = 0; r < n; r++) {
          boolean isNull = c.isNull(r);
          boolean value =
              switch (call.function()) {
                case IS_NULL -> isNull;
                case IS_NOT_NULL -> !isNull;
                case IS_TRUE -> !isNull && c.getLong(r) != 0;
                case IS_NOT_TRUE -> isNull || c.getLong(r) == 0;
                case IS_FALSE -> !isNull && c.getLong(r) == 0;
                default -> isNull || c.getLong(r) != 0; // IS_NOT_FALSE
              };
          out[r] = value ? 1 : 0;
        }
        return new LongColumn(type, out, null);
      };
      case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> (batch, ctx) -> {
        Column a = ops[0].evaluate(batch, ctx);
        Column b = ops[1].evaluate(batch, ctx);
        int n = batch.size();
        long[] out = new long[n];
        boolean distinct = call.function() == io.runnel.operators.expr.Function.IS_DISTINCT_FROM;
        for (int r = 0; r < n; r++) {
          boolean same = a.isNull(r) || b.isNull(r) ? a.isNull(r) == b.isNull(r) : Functions.compare(a.getObject(r), b.getObject(r)) == 0;
          out[r] = same != distinct ? 1 : 0;
        }
        return new LongColumn(type, out, null);
      };
      case CASE -> (batch, ctx) -> caseWhen(batch, ops, type, ctx);
      case COALESCE -> (batch, ctx) -> {
        Column[] cols = columns(ops, batch, ctx);
        int n = batch.size();
        ColumnWriter out = new ColumnWriter(type, n);
        for (int r = 0; r < n; r++) {
          Object v = null;
          for (Column c : cols) {
            if (!c.isNull(r)) {
              v = c.getObject(r);
              break;
            }
          }
          out.set(r, v);
        }
        return out.build();
      };
      default -> null;
    };
  }

  private static Column[] columns(Evaluator[] ops, io.runnel.operators.batch.Batch batch, EvalContext ctx) {
    Column[] cols = new Column[ops.length];
    for (int i = 0; i < ops.length; i++) {
      cols[i] = ops[i].evaluate(batch, ctx);
    }
    return cols;
  }

  private static boolean[] copy(boolean[] mask, int n) {
    return mask == null ? null : java.util.Arrays.copyOf(mask, Math.max(n, mask.length));
  }

  /** AND: FALSE wins, then NULL, then TRUE. OR: TRUE wins, then NULL, then FALSE. */
  private static Column andOr(int n, Column[] cols, boolean and, DataType type) {
    long[] out = new long[n];
    boolean[] nulls = null;
    long dominant = and ? 0 : 1;
    for (int r = 0; r < n; r++) {
      boolean sawNull = false;
      boolean decided = false;
      for (Column c : cols) {
        if (c.isNull(r)) {
          sawNull = true;
        } else if (c.getLong(r) == dominant) {
          decided = true;
          break;
        }
      }
      if (decided) {
        out[r] = dominant;
      } else if (sawNull) {
        if (nulls == null) {
          nulls = new boolean[n];
        }
        nulls[r] = true;
      } else {
        out[r] = 1 - dominant;
      }
    }
    return new LongColumn(type, out, nulls);
  }

  /**
   * CASE as SQL defines it: each condition is evaluated only for the rows no earlier condition took, and
   * each value only for the rows that take it, so {@code CASE WHEN x = 0 THEN NULL ELSE 100 / x END}
   * divides no row by zero, and an expensive ELSE runs only where it is needed.
   */
  private static Column caseWhen(Batch batch, Evaluator[] ops, DataType type, EvalContext ctx) {
    int n = batch.size();
    ColumnWriter out = new ColumnWriter(type, n);
    int pairs = (ops.length - 1) / 2;
    int[] rows = new int[n]; // the rows of batch still undecided, in order; current holds exactly those
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    int count = n;
    Batch current = batch;
    for (int p = 0; p < pairs && count > 0; p++) {
      Column condition = ops[2 * p].evaluate(current, ctx);
      int[] taken = new int[count];
      int[] left = new int[count];
      int takenCount = 0;
      int leftCount = 0;
      for (int i = 0; i < count; i++) {
        if (!condition.isNull(i) && condition.getLong(i) != 0) {
          taken[takenCount++] = i;
        } else {
          left[leftCount++] = i;
        }
      }
      if (takenCount > 0) {
        Batch takers = takenCount == count ? current : Batches.select(current, taken, takenCount);
        Column value = ops[2 * p + 1].evaluate(takers, ctx);
        for (int i = 0; i < takenCount; i++) {
          out.set(rows[taken[i]], value.isNull(i) ? null : value.getObject(i));
        }
      }
      if (leftCount < count) {
        int[] remaining = new int[leftCount];
        for (int i = 0; i < leftCount; i++) {
          remaining[i] = rows[left[i]];
        }
        current = leftCount == 0 ? null : Batches.select(current, left, leftCount);
        rows = remaining;
        count = leftCount;
      }
    }
    if (count > 0) {
      Column value = ops[ops.length - 1].evaluate(current, ctx);
      for (int i = 0; i < count; i++) {
        out.set(rows[i], value.isNull(i) ? null : value.getObject(i));
      }
    }
    return out.build();
  }
}
