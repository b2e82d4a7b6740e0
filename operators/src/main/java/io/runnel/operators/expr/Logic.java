package io.runnel.operators.expr;

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
      case CASE -> (batch, ctx) -> caseWhen(batch.size(), columns(ops, batch, ctx), type);
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

  private static Column caseWhen(int n, Column[] cols, DataType type) {
    ColumnWriter out = new ColumnWriter(type, n);
    int pairs = (cols.length - 1) / 2;
    for (int r = 0; r < n; r++) {
      Column chosen = cols[cols.length - 1];
      for (int p = 0; p < pairs; p++) {
        Column cond = cols[2 * p];
        if (!cond.isNull(r) && cond.getLong(r) != 0) {
          chosen = cols[2 * p + 1];
          break;
        }
      }
      out.set(r, chosen.isNull(r) ? null : chosen.getObject(r));
    }
    return out.build();
  }
}
