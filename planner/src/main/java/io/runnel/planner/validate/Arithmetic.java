package io.runnel.planner.validate;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Expression.Binary;
import io.runnel.parser.ast.Expression.BinaryOperator;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/** Type rules of {@code + - * / %}: numbers, intervals, and timestamps plus or minus intervals. */
final class Arithmetic {
  private Arithmetic() {}

  static RexNode arithmetic(ExpressionAnalyzer a, Binary b, RexNode left, RexNode right) {
    RelDataTypeFactory types = a.rex().getTypeFactory();
    RelDataType lt = left.getType();
    RelDataType rt = right.getType();
    boolean nullable = lt.isNullable() || rt.isNullable();
    BinaryOperator op = b.operator();
    if (TypeRules.isNull(lt) && TypeRules.isNull(rt)) {
      return a.rex().makeNullLiteral(TypeRules.integer(types, true));
    }
    if (TypeRules.isNull(lt)) {
      left = a.rex().makeNullLiteral(types.createTypeWithNullability(rt, true));
      lt = left.getType();
    } else if (TypeRules.isNull(rt)) {
      right = a.rex().makeNullLiteral(types.createTypeWithNullability(lt, true));
      rt = right.getType();
    }
    if (TypeRules.isNumeric(lt) && TypeRules.isNumeric(rt)) {
      SqlOperator operator = numericOperator(op);
      if (op == BinaryOperator.MODULO && (!TypeRules.isInteger(lt) || !TypeRules.isInteger(rt))) {
        throw mismatch(a, b, lt, rt, "% takes integer operands.");
      }
      RelDataType result = numericResult(types, operator, lt, rt, nullable);
      RelDataType operandType = result.getSqlTypeName() == SqlTypeName.DECIMAL ? decimalOperand(types, result) : result;
      RexNode l = TypeRules.isNumeric(lt) && result.getSqlTypeName() == SqlTypeName.DECIMAL && lt.getSqlTypeName() == SqlTypeName.DECIMAL ? left : a.castTo(left, operandType);
      RexNode r = result.getSqlTypeName() == SqlTypeName.DECIMAL && rt.getSqlTypeName() == SqlTypeName.DECIMAL ? right : a.castTo(right, operandType);
      return a.rex().makeCall(result, operator, List.of(l, r));
    }
    if (lt.getSqlTypeName() == SqlTypeName.DATE && TypeRules.isInterval(rt)) {
      // a DATE is a day count and an interval milliseconds: the sum is a TIMESTAMP
      left = a.castTo(left, types.createSqlType(SqlTypeName.TIMESTAMP, 3));
      lt = left.getType();
    }
    if (TypeRules.isDatetime(lt) && TypeRules.isInterval(rt) && (op == BinaryOperator.PLUS || op == BinaryOperator.MINUS)) {
      SqlOperator operator = op == BinaryOperator.PLUS ? SqlStdOperatorTable.DATETIME_PLUS : SqlStdOperatorTable.MINUS;
      return a.rex().makeCall(types.createTypeWithNullability(lt, nullable), operator, List.of(left, right));
    }
    if (TypeRules.isInterval(lt) && TypeRules.isDatetime(rt) && op == BinaryOperator.PLUS) {
      if (rt.getSqlTypeName() == SqlTypeName.DATE) {
        right = a.castTo(right, types.createSqlType(SqlTypeName.TIMESTAMP, 3));
        rt = right.getType();
      }
      return a.rex().makeCall(types.createTypeWithNullability(rt, nullable), SqlStdOperatorTable.DATETIME_PLUS, List.of(right, left));
    }
    if (TypeRules.isInterval(lt) && TypeRules.isInterval(rt) && (op == BinaryOperator.PLUS || op == BinaryOperator.MINUS)) {
      return a.rex().makeCall(types.createTypeWithNullability(lt, nullable), numericOperator(op), List.of(left, right));
    }
    throw mismatch(a, b, lt, rt, hint(lt, rt));
  }

  private static String hint(RelDataType lt, RelDataType rt) {
    if (TypeRules.isString(lt) || TypeRules.isString(rt)) {
      return "CAST the VARCHAR operand to a number, or use || to concatenate strings.";
    }
    return null;
  }

  private static RunnelException mismatch(ExpressionAnalyzer a, Binary b, RelDataType lt, RelDataType rt, String hint) {
    return new RunnelException(
        ErrorCode.TYPE_MISMATCH,
        b.pos(),
        "Cannot apply '" + b.operator().symbol() + "' to arguments of type " + TypeMapping.describe(lt) + " and " + TypeMapping.describe(rt) + " in '" + a.textOf(b) + "'",
        hint);
  }

  private static SqlOperator numericOperator(BinaryOperator op) {
    return switch (op) {
      case PLUS -> SqlStdOperatorTable.PLUS;
      case MINUS -> SqlStdOperatorTable.MINUS;
      case TIMES -> SqlStdOperatorTable.MULTIPLY;
      case DIVIDE -> SqlStdOperatorTable.DIVIDE;
      case MODULO -> SqlStdOperatorTable.MOD;
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  /** Result type: DOUBLE if either is approximate, else DECIMAL as Calcite derives it, else the wider integer. */
  private static RelDataType numericResult(RelDataTypeFactory types, SqlOperator op, RelDataType lt, RelDataType rt, boolean nullable) {
    SqlTypeName l = lt.getSqlTypeName();
    SqlTypeName r = rt.getSqlTypeName();
    if (SqlTypeName.APPROX_TYPES.contains(l) || SqlTypeName.APPROX_TYPES.contains(r)) {
      return TypeRules.dbl(types, nullable);
    }
    if (l == SqlTypeName.DECIMAL || r == SqlTypeName.DECIMAL) {
      RelDataType ld = l == SqlTypeName.DECIMAL ? lt : integerAsDecimal(types, lt);
      RelDataType rd = r == SqlTypeName.DECIMAL ? rt : integerAsDecimal(types, rt);
      var system = types.getTypeSystem();
      RelDataType derived =
          op == SqlStdOperatorTable.PLUS || op == SqlStdOperatorTable.MINUS
              ? system.deriveDecimalPlusType(types, ld, rd)
              : op == SqlStdOperatorTable.MULTIPLY
                  ? system.deriveDecimalMultiplyType(types, ld, rd)
                  : op == SqlStdOperatorTable.DIVIDE ? system.deriveDecimalDivideType(types, ld, rd) : system.deriveDecimalModType(types, ld, rd);
      if (derived == null) {
        derived = types.leastRestrictive(List.of(ld, rd));
      }
      return types.createTypeWithNullability(derived, nullable);
    }
    boolean big = l == SqlTypeName.BIGINT || r == SqlTypeName.BIGINT;
    return big ? TypeRules.bigint(types, nullable) : TypeRules.integer(types, nullable);
  }

  private static RelDataType integerAsDecimal(RelDataTypeFactory types, RelDataType t) {
    int precision = t.getSqlTypeName() == SqlTypeName.BIGINT ? 19 : 10;
    return types.createTypeWithNullability(types.createSqlType(SqlTypeName.DECIMAL, precision, 0), t.isNullable());
  }

  /** Integer operands of a DECIMAL operation are cast to a DECIMAL wide enough to hold them. */
  private static RelDataType decimalOperand(RelDataTypeFactory types, RelDataType result) {
    return types.createSqlType(SqlTypeName.DECIMAL, 19, 0);
  }
}
