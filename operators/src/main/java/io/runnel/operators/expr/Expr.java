package io.runnel.operators.expr;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.types.DataType;
import java.util.List;

/**
 * A scalar expression over the columns of one input row, as the planner hands it to operators: already
 * type-checked, with the result type of every node fixed. It holds no planner types. {@link
 * ExprCompiler} turns it into an evaluator over batches.
 */
public sealed interface Expr {

  DataType type();

  /** Marks in {@code read} every input column {@code expr} refers to. */
  static void markInputs(Expr expr, boolean[] read) {
    if (expr instanceof InputRef ref) {
      read[ref.index()] = true;
    } else if (expr instanceof Call call) {
      call.operands().forEach(e -> markInputs(e, read));
    }
  }

  /** True when {@code expr} calls {@code function} anywhere in it. */
  static boolean calls(Expr expr, Function function) {
    return expr instanceof Call call && (call.function() == function || call.operands().stream().anyMatch(e -> calls(e, function)));
  }

  /** The value of input column {@code index}. */
  record InputRef(int index, DataType type) implements Expr {
    public InputRef {
      requireNonNull(type, "type is null");
    }

    @Override
    public String toString() {
      return "$" + index;
    }
  }

  /**
   * A constant, in the boxed form of its type's physical representation (see {@link
   * io.runnel.operators.types.TypeKind}): Long for BOOLEAN (0/1), INT, BIGINT, TIMESTAMP, DATE, INTERVAL;
   * Double; BigDecimal; String; Object[] for ROW; null for NULL. BOOLEAN literals may also be given as
   * Boolean.
   */
  record Literal(Object value, DataType type) implements Expr {
    public Literal {
      requireNonNull(type, "type is null");
    }

    @Override
    public String toString() {
      return value instanceof String s ? "'" + s.replace("'", "''") + "'" : String.valueOf(value);
    }
  }

  /**
   * A call of a built-in function, or with {@link Function#USER} of the user-defined function {@code
   * user} (null otherwise). Operand conventions per function are documented on {@link Function}.
   */
  record Call(Function function, List<Expr> operands, DataType type, UserScalar user) implements Expr {
    public Call {
      requireNonNull(function, "function is null");
      operands = List.copyOf(operands);
      requireNonNull(type, "type is null");
      if ((function == Function.USER) != (user != null)) {
        throw new IllegalArgumentException("a USER call needs its function, and only it: " + function);
      }
    }

    public Call(Function function, List<Expr> operands, DataType type) {
      this(function, operands, type, null);
    }

    @Override
    public String toString() {
      return (user != null ? user.name() : function.name()) + operands.toString().replace('[', '(').replace(']', ')');
    }
  }
}
