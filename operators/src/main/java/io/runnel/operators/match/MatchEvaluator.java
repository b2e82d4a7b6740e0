package io.runnel.operators.match;

import io.runnel.operators.agg.WideSum;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.expr.EvalContext;
import io.runnel.operators.expr.Evaluator;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.ExprCompiler;
import io.runnel.operators.expr.RowEvaluator;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a {@link MatchExpr} on a match: finds each nav's value by navigating the match and the
 * partition's rows, then evaluates the outer expression over those values.
 *
 * <p>The matcher asks about one row at a time, so the outer expression and the navs' inner ones are
 * evaluated as {@link RowEvaluator}s over the values themselves; only one with no row form (DECIMAL, {@code
 * PROCTIME()}) goes through a one-row batch and the columnar evaluator, which give the same results. One
 * evaluator is used by one thread at a time.
 */
final class MatchEvaluator {
  /** The partition's rows by index: null outside what is held (before the first, after the last offered). */
  interface Rows {
    Object[] row(long index);
  }

  private final MatchExpr expr;
  private final Schema inputSchema;
  private final List<String> variableNames;
  private final Schema slots;
  private final RowEvaluator outerRow; // null: no row form, evaluated as outer
  private final Evaluator outer;
  private final RowEvaluator[] innerRows; // null where the inner is a plain column or absent, or has no row form
  private final Evaluator[] inners; // where innerRows has none and the inner is not a plain column
  private final Object[] values; // the navs' values, during an evaluation
  private final Aggregation aggregation = new Aggregation();

  MatchEvaluator(MatchExpr expr, Schema inputSchema, List<String> variableNames) {
    this.expr = expr;
    this.inputSchema = inputSchema;
    this.variableNames = variableNames;
    List<DataType.Field> fields = new ArrayList<>();
    for (int i = 0; i < expr.navs().size(); i++) {
      fields.add(new DataType.Field("nav" + i, expr.navs().get(i).type()));
    }
    this.slots = new Schema(fields);
    this.outerRow = RowEvaluator.compile(expr.outer(), slots);
    this.outer = outerRow == null ? ExprCompiler.compile(expr.outer()) : null;
    this.innerRows = new RowEvaluator[expr.navs().size()];
    this.inners = new Evaluator[expr.navs().size()];
    for (int i = 0; i < inners.length; i++) {
      Expr inner = expr.navs().get(i).inner();
      if (inner != null && !(inner instanceof Expr.InputRef)) {
        innerRows[i] = RowEvaluator.compile(inner, inputSchema);
        inners[i] = innerRows[i] == null ? ExprCompiler.compile(inner) : null;
      }
    }
    this.values = new Object[expr.navs().size()];
  }

  /**
   * The value for the match {@code match} describes, as of its row {@code current} (RUNNING semantics read
   * the match up to there; {@code whole}, the same match to its end, is what FINAL reads).
   */
  Object evaluate(MatchContext match, MatchContext whole, long current, Rows rows, EvalContext context) {
    Object[] values = this.values;
    for (int i = 0; i < values.length; i++) {
      MatchExpr.Nav nav = expr.navs().get(i);
      values[i] = value(i, nav, nav.isFinal() ? whole : match, nav.isFinal() ? lastRow(whole, current) : current, rows, context);
    }
    return outerRow != null ? outerRow.evaluate(values, context) : evaluate(outer, slots, values, context);
  }

  private static long lastRow(MatchContext whole, long current) {
    long last = whole.lastRow(MatchContext.ANY, 0);
    return last < 0 ? current : last;
  }

  private Object value(int i, MatchExpr.Nav nav, MatchContext match, long current, Rows rows, EvalContext context) {
    switch (nav.kind()) {
      case MATCH_NUMBER:
        return match.timedOut() ? null : match.matchNumber();
      case TIMED_OUT:
        return match.timedOut() ? 1L : 0L; // BOOLEAN is a long
      case CLASSIFIER: {
        long row = current + nav.physical();
        if (row < match.startRow() || row > match.startRow() + match.length() - 1) {
          return null;
        }
        return variableNames.get(match.variableOf(row));
      }
      case AGGREGATE:
        return aggregate(i, nav, match, rows, context);
      default: {
        long row = find(nav, match);
        if (row < 0) {
          return null;
        }
        row += nav.physical();
        if (row < 0) {
          return null;
        }
        Object[] values = rows.row(row);
        return values == null ? null : inner(i, nav, values, context);
      }
    }
  }

  /** The row a LAST or FIRST nav finds in the match, or -1. */
  private static long find(MatchExpr.Nav nav, MatchContext match) {
    int[] vars = nav.variables();
    boolean last = nav.kind() == MatchExpr.Kind.LAST;
    if (vars == null || vars.length == 1) {
      int v = vars == null ? MatchContext.ANY : vars[0];
      return last ? match.lastRow(v, nav.offset()) : match.firstRow(v, nav.offset());
    }
    List<Long> found = new ArrayList<>();
    match.forEachRow((row, variable) -> {
      if (in(vars, variable)) {
        found.add(row);
      }
    });
    int at = last ? found.size() - 1 - (int) nav.offset() : (int) nav.offset();
    return at >= 0 && at < found.size() ? found.get(at) : -1;
  }

  /** Whether {@code variable} is one of {@code vars} (null: any variable). */
  static boolean in(int[] vars, int variable) {
    if (vars == null) {
      return true;
    }
    for (int v : vars) {
      if (v == variable) {
        return true;
      }
    }
    return false;
  }

  private Object inner(int i, MatchExpr.Nav nav, Object[] row, EvalContext context) {
    if (nav.inner() instanceof Expr.InputRef ref) {
      return row[ref.index()];
    }
    return innerRows[i] != null ? innerRows[i].evaluate(row, context) : evaluate(inners[i], inputSchema, row, context);
  }

  private Object aggregate(int i, MatchExpr.Nav nav, MatchContext match, Rows rows, EvalContext context) {
    Aggregation a = aggregation.start(i, nav, rows, context);
    match.forEachRow(a);
    return a.result();
  }

  /**
   * An aggregate nav's value over the rows of a match it visits, in the order of the rows: the count, and the
   * sum as a primitive (a double's in the same order of additions, a long's exactly, with its carry, as a
   * GROUP BY's: a SUM out of range has no value and is reported, an AVG is exact) or, for
   * DECIMAL, exactly (an average then in the result's scale, rounding half up, as a GROUP BY's), the least or
   * greatest value as it is. One per evaluator, started again for each aggregate asked, so that
   * asking allocates nothing but the result's box.
   */
  private final class Aggregation implements MatchContext.RowVisitor {
    private int i;
    private MatchExpr.Nav nav;
    private MatchExpr.Aggregate aggregate;
    private boolean floating;
    private boolean decimal;
    private Rows rows;
    private EvalContext context;
    private long count;
    private long longSum;
    private long carry; // of longSum, as WideSum keeps it
    private double doubleSum;
    private BigDecimal decimalSum;
    private Object extreme; // MIN or MAX so far

    Aggregation start(int i, MatchExpr.Nav nav, Rows rows, EvalContext context) {
      this.i = i;
      this.nav = nav;
      this.aggregate = nav.aggregate();
      this.floating = nav.type().kind() == TypeKind.DOUBLE;
      this.decimal = nav.type().kind() == TypeKind.DECIMAL;
      this.rows = rows;
      this.context = context;
      count = 0;
      longSum = 0;
      carry = 0;
      doubleSum = 0;
      decimalSum = null;
      extreme = null;
      return this;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void visit(long row, int variable) {
      if (!in(nav.variables(), variable)) {
        return;
      }
      if (nav.inner() == null) {
        count++;
        return;
      }
      Object[] values = rows.row(row);
      Object v = values == null ? null : inner(i, nav, values, context);
      if (v == null) {
        return;
      }
      switch (aggregate) {
        case SUM, AVG -> {
          if (decimal) {
            BigDecimal d = (BigDecimal) v;
            decimalSum = count == 0 ? d : decimalSum.add(d);
          } else if (floating) {
            doubleSum = count == 0 ? ((Number) v).doubleValue() : doubleSum + ((Number) v).doubleValue();
          } else {
            long x = ((Number) v).longValue();
            long r = longSum + x;
            carry += WideSum.addCarry(longSum, x, r);
            longSum = r;
          }
        }
        case MIN -> extreme = extreme == null || ((Comparable) v).compareTo(extreme) < 0 ? v : extreme;
        case MAX -> extreme = extreme == null || ((Comparable) v).compareTo(extreme) > 0 ? v : extreme;
        case COUNT -> {}
      }
      count++;
    }

    /** A SUM of longs, or, out of its type's range, no value: reported, as a GROUP BY reports its group. */
    private Object longSum() {
      try {
        return WideSum.sum(longSum, carry, nav.type());
      } catch (ArithmeticException overflow) {
        context.errors().report(context.source(), overflow.getMessage() + " in a measure or condition of MATCH_RECOGNIZE", null);
        return null;
      }
    }

    /** The aggregate of the rows visited; NULL for a SUM, AVG, MIN or MAX of no value. */
    Object result() {
      Object out = switch (aggregate) {
        case COUNT -> count;
        case SUM -> count == 0 ? null : decimal ? decimalSum : floating ? (Object) doubleSum : longSum();
        case AVG -> count == 0 ? null
            : decimal ? decimalSum.divide(BigDecimal.valueOf(count), Math.max(nav.type().scale(), 0), RoundingMode.HALF_UP)
            : floating ? (Object) (doubleSum / count) : (Object) WideSum.average(longSum, carry, count);
        case MIN, MAX -> extreme;
      };
      rows = null;
      context = null;
      extreme = null;
      decimalSum = null;
      return out;
    }
  }

  /** {@code evaluator} over a batch of the one row {@code values}: for an expression with no row form. */
  private static Object evaluate(Evaluator evaluator, Schema schema, Object[] values, EvalContext context) {
    Batch one = new BatchBuilder(schema, 1).add(values).build();
    return evaluator.evaluate(one, context).getObject(0);
  }
}
