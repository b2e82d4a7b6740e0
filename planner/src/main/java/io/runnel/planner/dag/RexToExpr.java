package io.runnel.planner.dag;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.planner.validate.RunnelOperators;
import io.runnel.planner.validate.UserFunctions;
import io.runnel.planner.validate.TypeMapping;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.NlsString;

/** Translates Calcite expressions into operator {@link Expr}s, which hold no Calcite types. */
public final class RexToExpr {
  private final RexBuilder rex;

  public RexToExpr(RexBuilder rex) {
    this.rex = rex;
  }

  public Expr translate(RexNode node) {
    if (node instanceof RexInputRef ref) {
      return new Expr.InputRef(ref.getIndex(), TypeMapping.fromRel(ref.getType()));
    }
    if (node instanceof RexLiteral literal) {
      DataType type = TypeMapping.fromRel(literal.getType());
      return new Expr.Literal(literalValue(literal, type), type);
    }
    if (node instanceof RexFieldAccess access) {
      Expr base = translate(access.getReferenceExpr());
      DataType type = TypeMapping.fromRel(access.getType());
      long index = access.getField().getIndex();
      return new Expr.Call(Function.FIELD, List.of(base, new Expr.Literal(index, DataType.of(TypeKind.INT))), type);
    }
    if (node instanceof RexCall call) {
      if (call.getKind() == SqlKind.SEARCH) {
        return translate(RexUtil.expandSearch(rex, null, call));
      }
      if (call.getOperator() instanceof UserFunctions.Scalar user) {
        List<Expr> operands = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
          Expr e = translate(operand);
          operands.add(e);
          types.add(e.type());
        }
        return new Expr.Call(Function.USER, operands, TypeMapping.fromRel(call.getType()), user.def().scalar().bind(types));
      }
      Function function = RunnelOperators.functionOf(call.getOperator());
      if (function == null && call.getKind() == SqlKind.CAST) {
        function = Function.CAST;
      }
      if (function == null) {
        throw RunnelException.user(
            ErrorCode.UNSUPPORTED, null, "Operator " + call.getOperator().getName() + " cannot be evaluated");
      }
      List<Expr> operands = new ArrayList<>();
      for (RexNode operand : call.getOperands()) {
        operands.add(translate(operand));
      }
      return new Expr.Call(function, operands, TypeMapping.fromRel(call.getType()));
    }
    throw RunnelException.user(ErrorCode.UNSUPPORTED, null, "Expression " + node + " cannot be evaluated");
  }

  /** A value Calcite holds inside a ROW literal, in the physical representation of {@code type}. */
  private static Object rawValue(Object v, DataType type) {
    if (v instanceof NlsString s) {
      return s.getValue();
    }
    if (v instanceof BigDecimal d) {
      return switch (type.kind()) {
        case DOUBLE -> d.doubleValue();
        case DECIMAL -> d.setScale(type.scale(), RoundingMode.HALF_UP);
        default -> d.longValue();
      };
    }
    if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (v instanceof org.apache.calcite.util.TimestampString t) {
      return t.getMillisSinceEpoch();
    }
    if (v instanceof org.apache.calcite.util.DateString d) {
      return (long) d.getDaysSinceEpoch();
    }
    if (v instanceof List<?> list) {
      Object[] row = new Object[list.size()];
      for (int i = 0; i < row.length; i++) {
        Object e = list.get(i);
        row[i] = e instanceof RexLiteral l ? literalValue(l, type.fields().get(i).type()) : e == null ? null : rawValue(e, type.fields().get(i).type());
      }
      return row;
    }
    return v;
  }

  /** A literal's value in the physical representation of its Runnel type. */
  public static Object literalValue(RexLiteral literal, DataType type) {
    if (literal.isNull()) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> Boolean.TRUE.equals(literal.getValueAs(Boolean.class)) ? 1L : 0L;
      case INT, BIGINT -> literal.getValueAs(BigDecimal.class).longValueExact();
      case DOUBLE -> literal.getValueAs(Double.class);
      case DECIMAL -> literal.getValueAs(BigDecimal.class).setScale(type.scale(), RoundingMode.HALF_UP);
      case VARCHAR -> literal.getValue() instanceof NlsString s ? s.getValue() : literal.getValueAs(String.class);
      case TIMESTAMP, TIMESTAMP_LTZ, INTERVAL -> literal.getValueAs(Long.class);
      case DATE -> (long) literal.getValueAs(Integer.class);
      case NULL -> null;
      case ROW -> {
        List<?> values = (List<?>) literal.getValue();
        Object[] row = new Object[values.size()];
        for (int i = 0; i < row.length; i++) {
          Object v = values.get(i);
          DataType fieldType = type.fields().get(i).type();
          row[i] = v instanceof RexLiteral l ? literalValue(l, fieldType) : v == null ? null : rawValue(v, fieldType);
        }
        yield row;
      }
    };
  }
}
