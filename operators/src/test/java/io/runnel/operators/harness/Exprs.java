package io.runnel.operators.harness;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.expr.Function;
import io.runnel.operators.expr.UserScalar;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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

  /** A user function {@code tag(x)}, {@code "<" + x + ">"}, over {@code operand}, that counts its calls in {@code calls}. */
  public static Expr countingTag(Expr operand, AtomicInteger calls) {
    UserScalar tag =
        new UserScalar() {
          @Override
          public String name() {
            return "tag";
          }

          @Override
          public Object apply(Object[] args) {
            calls.incrementAndGet();
            return "<" + args[0] + ">";
          }
        };
    return new Expr.Call(Function.USER, List.of(operand), VARCHAR, tag);
  }
}
