package io.runnel.operators.harness;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.util.List;

/** Short forms for building expressions in tests. */
public final class Exprs {
  public static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  public static final DataType INT = DataType.of(TypeKind.INT);
  public static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
  public static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);
  public static final DataType BOOLEAN = DataType.of(TypeKind.BOOLEAN);
  public static final DataType TIMESTAMP = DataType.of(TypeKind.TIMESTAMP);

  private Exprs() {}

  public static Expr ref(int index, DataType type) {
    return new Expr.InputRef(index, type);
  }

  public static Expr lit(Object value, DataType type) {
    return new Expr.Literal(value, type);
  }

  public static Expr call(Function function, DataType type, Expr... operands) {
    return new Expr.Call(function, List.of(operands), type);
  }
}
