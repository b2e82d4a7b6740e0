package io.runnel.operators.expr;

import static io.runnel.operators.harness.Exprs.*;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Random well-typed expressions over {@link RowEvaluatorTest#SCHEMA}'s columns, as the planner gives them to
 * operators: arithmetic that overflows or divides by zero, casts that fail, three-valued logic over NULLs,
 * comparisons of doubles with NaN and -0.0, strings, a counting user function, and sub-expressions repeated
 * (as {@code x / y + x / y}), which the columnar evaluator computes once.
 */
final class ExprGen {
  static final DataType[] TYPES = {BIGINT, INT, DOUBLE, BOOLEAN, VARCHAR, TIMESTAMP};
  private static final DataType NULL = DataType.of(TypeKind.NULL);
  private static final Function[] ARITHMETIC = {Function.PLUS, Function.MINUS, Function.TIMES, Function.DIVIDE, Function.MOD};
  private static final Function[] COMPARISONS = {
    Function.EQUALS, Function.NOT_EQUALS, Function.LESS_THAN, Function.LESS_THAN_OR_EQUAL, Function.GREATER_THAN, Function.GREATER_THAN_OR_EQUAL
  };
  private static final Function[] IS_TESTS = {Function.IS_NULL, Function.IS_NOT_NULL, Function.IS_TRUE, Function.IS_NOT_TRUE, Function.IS_FALSE, Function.IS_NOT_FALSE};

  private final Random random;
  private final AtomicInteger udfCalls;
  private final Map<DataType, List<Expr>> made = new HashMap<>();

  ExprGen(Random random, AtomicInteger udfCalls) {
    this.random = random;
    this.udfCalls = udfCalls;
  }

  Expr expr(DataType type, int depth) {
    List<Expr> seen = made.computeIfAbsent(type, t -> new ArrayList<>());
    if (!seen.isEmpty() && random.nextInt(8) == 0) {
      return seen.get(random.nextInt(seen.size())); // written again: shared by the columnar evaluator
    }
    Expr e = depth <= 0 || random.nextInt(5) == 0 ? leaf(type) : callOf(type, depth - 1);
    if (e instanceof Expr.Call) {
      seen.add(e);
      if (seen.size() > 50) {
        seen.remove(0);
      }
    }
    return e;
  }

  private Expr leaf(DataType type) {
    int pick = random.nextInt(10);
    if (pick == 0) {
      return lit(null, random.nextBoolean() ? type : NULL);
    }
    if (pick < 6) {
      return ref(column(type), type);
    }
    return switch (type.kind()) {
      case BIGINT, TIMESTAMP -> lit(RowEvaluatorTest.LONGS[random.nextInt(RowEvaluatorTest.LONGS.length)], type);
      case INT -> lit(RowEvaluatorTest.INTS[random.nextInt(RowEvaluatorTest.INTS.length)], type);
      case DOUBLE -> lit(RowEvaluatorTest.DOUBLES[random.nextInt(RowEvaluatorTest.DOUBLES.length)], type);
      case BOOLEAN -> random.nextBoolean() ? lit(random.nextBoolean(), type) : lit((long) random.nextInt(2), type);
      default -> lit(RowEvaluatorTest.STRINGS[random.nextInt(RowEvaluatorTest.STRINGS.length)], type);
    };
  }

  private int column(DataType type) {
    return switch (type.kind()) {
      case BIGINT -> random.nextInt(2);
      case INT -> 2;
      case DOUBLE -> 3;
      case BOOLEAN -> 4;
      case VARCHAR -> 5;
      default -> 6;
    };
  }

  private Expr callOf(DataType type, int depth) {
    int choice = random.nextInt(10);
    if (choice == 0) {
      return caseOf(type, depth);
    }
    if (choice == 1) {
      return withoutNulls(Function.COALESCE, type, expr(type, depth), expr(type, depth), random.nextBoolean() ? expr(type, depth) : null);
    }
    return switch (type.kind()) {
      case BIGINT -> bigint(depth);
      case INT -> integer(depth);
      case DOUBLE -> doubleValued(depth);
      case BOOLEAN -> bool(depth);
      case VARCHAR -> text(depth);
      default -> random.nextBoolean() ? expr(TIMESTAMP, 0) : call(Function.PLUS, TIMESTAMP, expr(TIMESTAMP, depth), lit((long) random.nextInt(100_000), DataType.of(TypeKind.INTERVAL)));
    };
  }

  private Expr caseOf(DataType type, int depth) {
    List<Expr> ops = new ArrayList<>();
    int pairs = 1 + random.nextInt(2);
    for (int p = 0; p < pairs; p++) {
      ops.add(expr(BOOLEAN, depth));
      ops.add(expr(type, depth));
    }
    ops.add(expr(type, depth));
    return new Expr.Call(Function.CASE, ops, type);
  }

  private Expr bigint(int depth) {
    return switch (random.nextInt(7)) {
      case 0, 1, 2 -> call(ARITHMETIC[random.nextInt(ARITHMETIC.length)], BIGINT, expr(BIGINT, depth), expr(BIGINT, depth));
      case 3 -> call(random.nextBoolean() ? Function.NEGATE : Function.ABS, BIGINT, expr(BIGINT, depth));
      case 4 -> {
        DataType from = new DataType[] {INT, DOUBLE, VARCHAR, BOOLEAN}[random.nextInt(4)];
        yield call(Function.CAST, BIGINT, expr(from, depth));
      }
      case 5 -> call(Function.HOUR, BIGINT, expr(TIMESTAMP, depth));
      default -> call(Function.MINUTE, BIGINT, expr(TIMESTAMP, depth));
    };
  }

  private Expr integer(int depth) {
    return switch (random.nextInt(5)) {
      case 0, 1 -> call(ARITHMETIC[random.nextInt(ARITHMETIC.length)], INT, expr(INT, depth), expr(INT, depth));
      case 2 -> call(Function.CAST, INT, expr(BIGINT, depth));
      case 3 -> call(Function.NEGATE, INT, expr(INT, depth));
      default -> call(Function.CHAR_LENGTH, INT, expr(VARCHAR, depth));
    };
  }

  private Expr doubleValued(int depth) {
    return switch (random.nextInt(6)) {
      case 0, 1 -> call(ARITHMETIC[random.nextInt(ARITHMETIC.length)], DOUBLE, expr(DOUBLE, depth), expr(DOUBLE, depth));
      case 2 -> random.nextBoolean()
          ? call(ARITHMETIC[random.nextInt(ARITHMETIC.length)], DOUBLE, expr(DOUBLE, depth), expr(BIGINT, depth))
          : call(ARITHMETIC[random.nextInt(ARITHMETIC.length)], DOUBLE, expr(INT, depth), expr(DOUBLE, depth));
      case 3 -> call(Function.CAST, DOUBLE, expr(random.nextBoolean() ? BIGINT : VARCHAR, depth));
      case 4 -> call(random.nextBoolean() ? Function.LN : Function.SQRT, DOUBLE, expr(DOUBLE, depth));
      default -> call(Function.NEGATE, DOUBLE, expr(DOUBLE, depth));
    };
  }

  private Expr bool(int depth) {
    return switch (random.nextInt(8)) {
      case 0, 1 -> {
        DataType operand = new DataType[] {BIGINT, INT, DOUBLE, VARCHAR, BOOLEAN, TIMESTAMP}[random.nextInt(6)];
        Function f = COMPARISONS[random.nextInt(COMPARISONS.length)];
        if (operand == BIGINT && random.nextInt(3) == 0) {
          yield call(f, BOOLEAN, expr(BIGINT, depth), expr(DOUBLE, depth)); // a mixed pair: compared as doubles
        }
        yield call(f, BOOLEAN, expr(operand, depth), expr(operand, depth));
      }
      case 2 -> {
        int n = 2 + random.nextInt(2);
        List<Expr> ops = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          ops.add(expr(BOOLEAN, depth));
        }
        yield new Expr.Call(random.nextBoolean() ? Function.AND : Function.OR, ops, BOOLEAN);
      }
      case 3 -> call(Function.NOT, BOOLEAN, expr(BOOLEAN, depth));
      case 4 -> {
        Function f = IS_TESTS[random.nextInt(IS_TESTS.length)];
        DataType operand = f == Function.IS_NULL || f == Function.IS_NOT_NULL ? TYPES[random.nextInt(TYPES.length)] : BOOLEAN;
        yield call(f, BOOLEAN, expr(operand, depth));
      }
      case 5 -> {
        DataType operand = TYPES[random.nextInt(TYPES.length)];
        yield call(random.nextBoolean() ? Function.IS_DISTINCT_FROM : Function.IS_NOT_DISTINCT_FROM, BOOLEAN, expr(operand, depth), expr(operand, depth));
      }
      case 6 -> call(Function.LIKE, BOOLEAN, expr(VARCHAR, depth), lit(random.nextBoolean() ? "a%" : "%1_", VARCHAR));
      default -> call(Function.CAST, BOOLEAN, expr(random.nextBoolean() ? VARCHAR : BIGINT, depth));
    };
  }

  private Expr text(int depth) {
    return switch (random.nextInt(5)) {
      case 0 -> call(Function.CAST, VARCHAR, expr(TYPES[random.nextInt(TYPES.length)], depth));
      case 1 -> call(Function.UPPER, VARCHAR, expr(VARCHAR, depth));
      case 2 -> call(Function.CONCAT, VARCHAR, expr(VARCHAR, depth), expr(VARCHAR, depth));
      case 3 -> countingTag(expr(VARCHAR, depth), udfCalls);
      default -> call(Function.SUBSTRING, VARCHAR, expr(VARCHAR, depth), lit(1L + random.nextInt(3), INT), lit((long) random.nextInt(3), INT));
    };
  }

  /** A call of the operands given that are not null. */
  private static Expr withoutNulls(Function f, DataType type, Expr... operands) {
    List<Expr> ops = new ArrayList<>();
    for (Expr e : operands) {
      if (e != null) {
        ops.add(e);
      }
    }
    return new Expr.Call(f, ops, type);
  }
}
