package io.runnel.operators.join;

import io.runnel.operators.api.OperatorContext;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.batch.Column;
import io.runnel.operators.batch.DoubleColumn;
import io.runnel.operators.batch.LongColumn;
import io.runnel.operators.batch.ObjectColumn;
import io.runnel.operators.expr.EvalContext;
import io.runnel.operators.expr.Evaluator;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.ExprCompiler;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A join's residual condition over the left columns then the right columns of a pair, evaluated for many
 * candidate pairs at once: the pairs are laid out as one batch, of the columns the condition reads only (the
 * others are marked unread), and one compiled evaluator runs over it. Each pair is a row of the batch being
 * joined (its columns picked from that batch) and a row the other side holds.
 */
final class PairCondition {
  private final Evaluator evaluator;
  private final Schema pairs;
  private final int leftSize;
  private final boolean[] read;
  private final boolean[] unread; // null: the condition reads every column
  /** Per unread column, a column of nulls at least as long as the last batch of pairs. */
  private final Column[] blanks;
  private EvalContext context;

  PairCondition(Expr condition, Schema left, Schema right) {
    this.evaluator = ExprCompiler.compile(condition);
    this.pairs = concat(left, right);
    this.leftSize = left.size();
    this.read = new boolean[pairs.size()];
    Expr.markInputs(condition, read);
    boolean all = true;
    for (boolean r : read) {
      all &= r;
    }
    this.unread = all ? null : negate(read);
    this.blanks = new Column[pairs.size()];
  }

  /** The left columns then the right columns. */
  static Schema concat(Schema left, Schema right) {
    List<DataType.Field> fields = new ArrayList<>(left.fields());
    fields.addAll(right.fields());
    return new Schema(fields);
  }

  void open(EvalContext context) {
    this.context = context;
  }

  /** A join's residual condition over {@code left} then {@code right} columns, or null for {@code condition} null. */
  static PairCondition of(Expr condition, Schema left, Schema right) {
    return condition == null ? null : new PairCondition(condition, left, right);
  }

  /** Opens {@code condition}, if there is one, in an operator's context. */
  static void open(PairCondition condition, OperatorContext context) {
    if (condition != null) {
      condition.open(new EvalContext(context.name(), context.errors(), context.clock()));
    }
  }

  /**
   * Whether the condition is TRUE for each pair {@code p < n}: row {@code probeRows[p]} of {@code batch},
   * which came on input {@code side}, with the other side's row {@code held[p]}.
   */
  boolean[] test(Batch batch, int side, int[] probeRows, Object[][] held, int n) {
    Column[] columns = new Column[pairs.size()];
    int probeFrom = side == 0 ? 0 : leftSize;
    int probeTo = side == 0 ? leftSize : pairs.size();
    int heldFrom = side == 0 ? leftSize : 0;
    for (int c = 0; c < columns.length; c++) {
      if (!read[c]) {
        columns[c] = blank(c, n);
      } else if (c >= probeFrom && c < probeTo) {
        columns[c] = Batches.gather(batch.column(c - probeFrom), probeRows, n);
      } else {
        columns[c] = column(pairs.type(c), held, c - heldFrom, n);
      }
    }
    Batch candidates = new Batch(pairs, columns, null, n);
    Column result = evaluator.evaluate(unread == null ? candidates : candidates.withUnread(unread), context);
    boolean[] pass = new boolean[n];
    for (int p = 0; p < n; p++) {
      pass[p] = !result.isNull(p) && result.getLong(p) != 0;
    }
    return pass;
  }

  /** Column {@code c} of the boxed rows {@code rows[0..n)}. */
  private static Column column(DataType type, Object[][] rows, int c, int n) {
    boolean[] nulls = null;
    switch (type.physical()) {
      case LONG -> {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
          Object v = rows[i][c];
          if (v == null) {
            nulls = nulls == null ? new boolean[n] : nulls;
            nulls[i] = true;
          } else {
            values[i] = ((Number) v).longValue();
          }
        }
        return new LongColumn(type, values, nulls);
      }
      case DOUBLE -> {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
          Object v = rows[i][c];
          if (v == null) {
            nulls = nulls == null ? new boolean[n] : nulls;
            nulls[i] = true;
          } else {
            values[i] = ((Number) v).doubleValue();
          }
        }
        return new DoubleColumn(type, values, nulls);
      }
      default -> {
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
          Object v = rows[i][c];
          if (v == null) {
            nulls = nulls == null ? new boolean[n] : nulls;
            nulls[i] = true;
          } else {
            values[i] = v;
          }
        }
        return new ObjectColumn(type, values, nulls);
      }
    }
  }

  /** A column of {@code n} nulls or more for column {@code c}, which the condition does not read. */
  private Column blank(int c, int n) {
    Column blank = blanks[c];
    if (blank == null || blank.capacity() < n) {
      DataType type = pairs.type(c);
      int cap = Math.max(n, 16);
      boolean[] nulls = new boolean[cap];
      Arrays.fill(nulls, true);
      blank =
          switch (type.physical()) {
            case LONG -> new LongColumn(type, new long[cap], nulls);
            case DOUBLE -> new DoubleColumn(type, new double[cap], nulls);
            case OBJECT -> new ObjectColumn(type, new Object[cap], nulls);
          };
      blanks[c] = blank;
    }
    return blank;
  }

  private static boolean[] negate(boolean[] flags) {
    boolean[] out = new boolean[flags.length];
    for (int i = 0; i < flags.length; i++) {
      out[i] = !flags[i];
    }
    return out;
  }
}
