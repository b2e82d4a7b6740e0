package io.runnel.planner.logical;

import io.runnel.operators.api.ErrorSink;
import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Column;
import io.runnel.operators.expr.EvalContext;
import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.ExprCompiler;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import io.runnel.operators.types.Schema;
import io.runnel.parser.RunnelException;
import io.runnel.planner.dag.RexToExpr;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Folds constant expressions at plan time with the same evaluators the operators run, so a constant means
 * the same thing folded or not. An expression whose evaluation fails (a division by zero, a bad cast) is
 * left as it is, to fail, row by row, where it runs.
 */
public final class ConstantFolder implements RexExecutor {
  private static final Batch ONE_ROW = new Batch(new Schema(List.of()), new Column[0], null, 1);

  @Override
  public void reduce(RexBuilder rex, List<RexNode> constExps, List<RexNode> reducedValues) {
    for (RexNode node : constExps) {
      reducedValues.add(fold(rex, node));
    }
  }

  /** {@code node} evaluated to a literal, or {@code node} itself if it cannot be. */
  public static RexNode fold(RexBuilder rex, RexNode node) {
    return fold(rex, node, new String[1]);
  }

  /**
   * Why {@code node}, a constant expression, cannot be evaluated (the first reason its evaluation reported,
   * such as a division by zero or an overflow), or null when it can be or is no constant.
   */
  public static String failure(RexBuilder rex, RexNode node) {
    String[] reason = new String[1];
    fold(rex, node, reason);
    return reason[0];
  }

  private static RexNode fold(RexBuilder rex, RexNode node, String[] reason) {
    try {
      Expr expr = new RexToExpr(rex).translate(node);
      ErrorSink errors = (source, why, row) -> reason[0] = reason[0] == null ? why : reason[0];
      Column column = ExprCompiler.compile(expr).evaluate(ONE_ROW, new EvalContext("constant", errors));
      if (reason[0] != null) {
        return node;
      }
      return toLiteral(rex, column.getObject(0), expr.type(), node);
    } catch (RunnelException | UnsupportedOperationException | IllegalArgumentException e) {
      return node;
    }
  }

  private static RexNode toLiteral(RexBuilder rex, Object value, DataType type, RexNode original) {
    var relType = original.getType();
    if (value == null) {
      // a null literal of a type that says NOT NULL would change the plan's types: leave it to run
      return relType.isNullable() ? rex.makeNullLiteral(relType) : original;
    }
    Object calciteValue = calciteValue(value, type);
    if (calciteValue == null) {
      return original;
    }
    RexNode literal = rex.makeLiteral(calciteValue, relType, false);
    // a row literal may not keep its fields' nullability, and a plan's types must not change
    return type.kind() != TypeKind.ROW || literal.getType().equals(relType) ? literal : original;
  }

  /** A physical value as Calcite holds it in a literal, or null when it has no literal form. */
  private static Object calciteValue(Object value, DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> ((Number) value).longValue() != 0;
      case INT, BIGINT, INTERVAL -> BigDecimal.valueOf(((Number) value).longValue());
      case DOUBLE -> Double.isFinite(((Number) value).doubleValue()) ? BigDecimal.valueOf(((Number) value).doubleValue()) : null;
      case DECIMAL, VARCHAR -> value;
      case TIMESTAMP, TIMESTAMP_LTZ -> TimestampString.fromMillisSinceEpoch(((Number) value).longValue());
      case DATE -> DateString.fromDaysSinceEpoch((int) ((Number) value).longValue());
      case ROW -> {
        Object[] row = (Object[]) value;
        List<Object> fields = new java.util.ArrayList<>();
        for (int i = 0; i < row.length; i++) {
          Object field = row[i] == null ? null : calciteValue(row[i], type.fields().get(i).type());
          if (row[i] != null && field == null) {
            yield null;
          }
          fields.add(field);
        }
        yield fields;
      }
      case NULL -> null;
    };
  }
}
