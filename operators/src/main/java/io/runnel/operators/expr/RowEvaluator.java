package io.runnel.operators.expr;

import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluates an {@link Expr} over one row held as boxed values, with no batch: for operators that ask about one
 * row at a time, as {@code MATCH_RECOGNIZE} asks its conditions and measures, where building a one-row batch and
 * running the columnar {@link Evaluator} over it cost more than the expression itself.
 *
 * <p>It gives exactly what {@link ExprCompiler}'s evaluator gives over a one-row batch of the same values
 * (built by {@link io.runnel.operators.batch.BatchBuilder}, which {@link #evaluate} stands for): the value in the
 * same boxed form ({@link io.runnel.operators.batch.Column#getObject}), the same NULLs, the same errors reported
 * with the same reasons and row text in the same order, and user functions called as often. To that end it
 * makes the columnar code's choices call by call ({@link RowNodes} says how each mirrors its columnar
 * counterpart): three-valued logic, integer arithmetic whose overflow and division by zero are reported rows,
 * comparisons of doubles by {@link Double#compare}, the strict row functions ({@link Functions#bind}) for the
 * rest; and, as there a call equal to one seen before shares its evaluator and so runs once a batch, a call
 * that may report an error or call a user function runs at most once an evaluation.
 *
 * <p>Expressions with no row form here, {@code PROCTIME()} and any DECIMAL value (evaluated as unscaled longs
 * by {@link DecimalMath} in batches), are not compiled: {@link #compile} returns null and the caller evaluates
 * them over a batch. An evaluator keeps the row it works on while it runs: one thread uses it at a time.
 */
public final class RowEvaluator {
  private final RowNodes.Node root;
  private final Schema schema;
  /** The row and context of the evaluation under way, for the nodes and for error reports. */
  Object[] row;
  EvalContext context;
  /** Counts evaluations: a memoized call's value is of this evaluation when its stamp is this. */
  int stamp;

  private RowEvaluator(RowNodes.Node root, Schema schema) {
    this.root = root;
    this.schema = schema;
  }

  /**
   * An evaluator of {@code expr} over rows of {@code schema}, or null when {@code expr} has a part with no row
   * form (it then evaluates over a batch only).
   */
  public static RowEvaluator compile(Expr expr, Schema schema) {
    if (!rowForm(expr, schema)) {
      return null;
    }
    Map<Expr, Integer> occurrences = new HashMap<>();
    count(expr, occurrences);
    return new RowEvaluator(new RowNodes.Builder(schema, occurrences).build(expr), schema);
  }

  /**
   * The value of the expression for {@code row} (one value per column of the schema, in the boxed forms a
   * batch column takes), in the form {@link io.runnel.operators.batch.Column#getObject} gives; null for NULL.
   * Rows that cannot be evaluated are reported to {@code context}'s error sink, as over a batch.
   */
  public Object evaluate(Object[] row, EvalContext context) {
    this.row = row;
    this.context = context;
    stamp++;
    try {
      return root.eval(this);
    } finally {
      this.row = null;
      this.context = null;
    }
  }

  /** The value of {@code node}, which reads no column, its errors going to {@code errors}: for folding constants. */
  static Object probe(RowNodes.Node node, Schema schema, io.runnel.operators.api.ErrorSink errors) {
    RowEvaluator probe = new RowEvaluator(node, schema);
    return probe.evaluate(new Object[schema.size()], new EvalContext("constant", errors));
  }

  /** Reports the row under way as one that cannot be evaluated, as a batch reports its row. */
  void report(String reason) {
    Object[] values = new Object[row.length];
    for (int c = 0; c < values.length; c++) {
      values[c] = c < schema.size() ? RowNodes.boxed(row[c], schema.type(c)) : row[c];
    }
    context.errors().report(context.source(), reason, schema.format(values));
  }

  /** Whether every part of {@code expr} has a row form: no PROCTIME, no DECIMAL, no column outside the schema. */
  private static boolean rowForm(Expr expr, Schema schema) {
    if (expr.type().kind() == TypeKind.DECIMAL) {
      return false;
    }
    if (expr instanceof Expr.InputRef ref) {
      return ref.index() >= 0 && ref.index() < schema.size() && schema.type(ref.index()).kind() != TypeKind.DECIMAL;
    }
    if (expr instanceof Expr.Call call) {
      if (call.function() == Function.PROCTIME) {
        return false;
      }
      for (int i = 0; i < call.operands().size(); i++) {
        Expr e = call.operands().get(i);
        if (!rowForm(e, schema) || (readsTruth(call, i) && e.type().physical() != TypeKind.Physical.LONG)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether {@code call} reads operand {@code i} as a truth value (a long, 0 or not): the columnar code reads
   * such a column's longs, which one not of longs (an untyped NULL) does not hold, and fails; such an
   * expression is left to it.
   */
  private static boolean readsTruth(Expr.Call call, int i) {
    return switch (call.function()) {
      case AND, OR, NOT, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> true;
      case CASE -> i % 2 == 0 && i < call.operands().size() - 1;
      default -> false;
    };
  }

  /** Counts each call of {@code expr} by equality: the calls met more than once are the ones shared. */
  private static void count(Expr expr, Map<Expr, Integer> occurrences) {
    if (expr instanceof Expr.Call call) {
      occurrences.merge(call, 1, Integer::sum);
      call.operands().forEach(e -> count(e, occurrences));
    }
  }
}
