package io.runnel.operators.expr;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import io.runnel.operators.types.TypeKind.Physical;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts a {@link RowEvaluator} is built of: one node per call, each doing for one row what the columnar
 * evaluator {@link ExprCompiler} builds for that call does for a one-row batch. The columnar code evaluates every
 * operand column before it looks at any value (AND, OR and COALESCE included; CASE alone picks rows first); a
 * node evaluates its operands in the same order, and skips one only when its value is no longer needed and it
 * has no {@link Node#effects}, so that what reaches the error sink and user functions is the same.
 */
final class RowNodes {
  private static final Long TRUE = 1L;
  private static final Long FALSE = 0L;

  private RowNodes() {}

  /** Part of an expression, evaluated for the row of a {@link RowEvaluator}. */
  abstract static class Node {
    /**
     * Whether evaluating it may report an error or call a user function: then it is evaluated wherever the
     * columnar evaluator evaluates it, even when its value is not needed.
     */
    final boolean effects;

    Node(boolean effects) {
      this.effects = effects;
    }

    /** The value in its boxed form, as {@link io.runnel.operators.batch.Column#getObject} gives it; null for NULL. */
    abstract Object eval(RowEvaluator r);
  }

  /** {@code v} as a batch column of {@code type} holds and gives it back (as {@link io.runnel.operators.batch.BatchBuilder} and {@link ColumnWriter} set it). */
  static Object boxed(Object v, DataType type) {
    return boxed(v, type.physical());
  }

  private static Object boxed(Object v, Physical physical) {
    if (v == null) {
      return null;
    }
    return switch (physical) {
      case LONG -> v instanceof Long ? v : v instanceof Boolean b ? (b ? TRUE : FALSE) : (Object) ((Number) v).longValue();
      case DOUBLE -> v instanceof Double ? v : (Object) ((Number) v).doubleValue();
      case OBJECT -> v;
    };
  }

  private static boolean anyEffects(Node[] nodes) {
    for (Node n : nodes) {
      if (n.effects) {
        return true;
      }
    }
    return false;
  }

  /** For each operand, whether it or one after it has effects: past that point nothing more need run. */
  private static boolean[] effectsFrom(Node[] nodes) {
    boolean[] from = new boolean[nodes.length + 1];
    for (int i = nodes.length - 1; i >= 0; i--) {
      from[i] = from[i + 1] || nodes[i].effects;
    }
    return from;
  }

  /**
   * Builds the nodes of an expression as {@link ExprCompiler} builds its evaluators, making the same choice of
   * code for each call. Equal calls get one node, as they share one evaluator there; one with effects met more
   * than once is {@link Memo memoized}, so it runs once an evaluation as it runs once a batch.
   */
  static final class Builder {
    private final Schema schema;
    private final Map<Expr, Integer> occurrences;
    private final Map<Expr, Node> built = new HashMap<>();

    Builder(Schema schema, Map<Expr, Integer> occurrences) {
      this.schema = schema;
      this.occurrences = occurrences;
    }

    Node build(Expr expr) {
      Node known = built.get(expr);
      if (known != null) {
        return known;
      }
      Node node = make(expr);
      if (expr instanceof Expr.Call call) {
        node = folded(call, node);
        if (node.effects && occurrences.getOrDefault(expr, 1) > 1) {
          node = new Memo(node);
        }
        built.put(expr, node);
      }
      return node;
    }

    private Node make(Expr expr) {
      if (expr instanceof Expr.InputRef ref) {
        return new Ref(ref.index(), schema.type(ref.index()));
      }
      if (expr instanceof Expr.Literal lit) {
        Object value = lit.value() instanceof Boolean b ? (Object) (b ? 1L : 0L) : lit.value();
        return new Const(boxed(value, lit.type()));
      }
      Expr.Call call = (Expr.Call) expr;
      Node[] ops = new Node[call.operands().size()];
      for (int i = 0; i < ops.length; i++) {
        ops[i] = build(call.operands().get(i));
      }
      Function f = call.function();
      switch (f) {
        case AND, OR -> {
          return new AndOr(f == Function.AND, ops);
        }
        case NOT -> {
          return new Not(ops[0]);
        }
        case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> {
          return new IsTest(f, ops[0]);
        }
        case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
          return new Distinct(f == Function.IS_DISTINCT_FROM, ops[0], ops[1]);
        }
        case CASE -> {
          return new Case(call.type(), ops);
        }
        case COALESCE -> {
          return new Coalesce(call.type(), ops);
        }
        default -> {
          Node vector = vectorMath(call, ops);
          return vector != null ? vector : new Strict(call, Functions.bind(call), ops);
        }
      }
    }

    /**
     * {@code node}, or its value as a constant when it is a built-in call of constants (as {@code CAST(10000 AS
     * BIGINT)}, which the planner leaves in cep1's DEFINE) and computing it reports nothing: a built-in function
     * other than PROCTIME (which has no row form) gives one result for one value, so it would give the same at
     * every evaluation. One that reports, or fails, stays a node, to do so at every evaluation as over a batch.
     */
    private Node folded(Expr.Call call, Node node) {
      if (call.function() == Function.USER || !(node instanceof Strict || node instanceof LongArithmetic || node instanceof DoubleArithmetic || node instanceof Compare)) {
        return node;
      }
      for (Expr operand : call.operands()) {
        if (!(built.get(operand) instanceof Const) && !(operand instanceof Expr.Literal)) {
          return node;
        }
      }
      boolean[] reported = new boolean[1];
      try {
        Object value = RowEvaluator.probe(node, schema, (source, reason, row) -> reported[0] = true);
        return reported[0] ? node : new Const(value);
      } catch (RuntimeException e) {
        return node; // fails at every evaluation, as over a batch
      }
    }

    /** The node for a call {@link VectorMath} computes over primitive columns, or null (as it returns null). */
    private static Node vectorMath(Expr.Call call, Node[] ops) {
      if (ops.length == 0 || !VectorMath.allPrimitive(call)) {
        return null;
      }
      Physical result = call.type().physical();
      boolean doubles = call.operands().stream().anyMatch(o -> o.type().physical() == Physical.DOUBLE);
      return switch (call.function()) {
        case PLUS, MINUS, TIMES, DIVIDE, MOD -> {
          if (ops.length != 2) {
            yield null;
          }
          if (doubles) {
            yield result == Physical.DOUBLE ? new DoubleArithmetic(call.function(), ops[0], ops[1]) : null;
          }
          yield result == Physical.LONG ? new LongArithmetic(call.function(), call.type(), ops[0], ops[1]) : null;
        }
        case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> new Compare(call.function(), doubles, ops[0], ops[1]);
        case HOUR, MINUTE, SECOND -> {
          if (ops.length != 1 || call.operands().get(0).type().kind() == TypeKind.DATE) {
            yield null;
          }
          long unit = switch (call.function()) {
            case HOUR -> 3_600_000L;
            case MINUTE -> 60_000L;
            default -> 1_000L;
          };
          yield new TimeField(unit, call.function() == Function.HOUR ? 24 : 60, ops[0]);
        }
        default -> null;
      };
    }
  }

  /** Input column {@code index}, in the boxed form its batch column would give. */
  static final class Ref extends Node {
    private final int index;
    private final Physical physical;

    Ref(int index, DataType type) {
      super(false);
      this.index = index;
      this.physical = type.physical();
    }

    @Override
    Object eval(RowEvaluator r) {
      return boxed(r.row[index], physical);
    }
  }

  static final class Const extends Node {
    private final Object value;

    Const(Object value) {
      super(false);
      this.value = value;
    }

    @Override
    Object eval(RowEvaluator r) {
      return value;
    }
  }

  /** A call with effects met more than once: evaluated the first time an evaluation asks, then remembered. */
  static final class Memo extends Node {
    private final Node inner;
    private long stamp;
    private Object value;

    Memo(Node inner) {
      super(true);
      this.inner = inner;
    }

    @Override
    Object eval(RowEvaluator r) {
      if (stamp != r.stamp) {
        value = inner.eval(r);
        stamp = r.stamp;
      }
      return value;
    }
  }

  /**
   * +, -, *, / and % of integers as {@link VectorMath}'s loops compute them for a row: wrapped, with the same
   * test of overflow (for INT, only whether the wrapped result fits an int), and where that finds one computed
   * again exactly ({@link Overflow#exact}), a result out of range reported and NULL. Division by zero is reported
   * and NULL; a NULL operand makes NULL and reports nothing.
   */
  static final class LongArithmetic extends Node {
    private final Function f;
    private final DataType type;
    private final boolean isInt;
    private final Node a;
    private final Node b;

    LongArithmetic(Function f, DataType type, Node a, Node b) {
      super(true);
      this.f = f;
      this.type = type;
      this.isInt = type.kind() == TypeKind.INT;
      this.a = a;
      this.b = b;
    }

    @Override
    Object eval(RowEvaluator r) {
      Object xv = a.eval(r);
      Object yv = b.eval(r);
      if (xv == null || yv == null) {
        return null;
      }
      long x = ((Number) xv).longValue();
      long y = ((Number) yv).longValue();
      long result;
      boolean overflow;
      switch (f) {
        case PLUS -> {
          result = x + y;
          overflow = ((x ^ result) & (y ^ result)) < 0;
        }
        case MINUS -> {
          result = x - y;
          overflow = ((x ^ y) & (x ^ result)) < 0;
        }
        case TIMES -> {
          result = x * y;
          overflow = (Math.multiplyHigh(x, y) ^ (result >> 63)) != 0;
        }
        default -> {
          if (y == 0) {
            r.report("division by zero");
            return null;
          }
          boolean divide = f == Function.DIVIDE;
          result = divide ? x / y : x % y;
          overflow = divide && y == -1 && (x & result) < 0;
        }
      }
      if (isInt) {
        overflow = result != (int) result;
      }
      if (overflow) {
        try {
          result = Overflow.exact(f, x, y, type);
        } catch (ArithmeticException e) {
          r.report(Overflow.reason(f, x, y, type));
          return null;
        }
      }
      return result;
    }
  }

  /** +, -, *, / and % of doubles (an integer operand read as a double), as {@link VectorMath}: nothing reported. */
  static final class DoubleArithmetic extends Node {
    private final Function f;
    private final Node a;
    private final Node b;

    DoubleArithmetic(Function f, Node a, Node b) {
      super(a.effects || b.effects);
      this.f = f;
      this.a = a;
      this.b = b;
    }

    @Override
    Object eval(RowEvaluator r) {
      Object xv = a.eval(r);
      Object yv = b.eval(r);
      if (xv == null || yv == null) {
        return null;
      }
      double x = ((Number) xv).doubleValue();
      double y = ((Number) yv).doubleValue();
      return switch (f) {
        case PLUS -> x + y;
        case MINUS -> x - y;
        case TIMES -> x * y;
        case DIVIDE -> x / y;
        default -> x % y;
      };
    }
  }

  /** A comparison of primitive values as {@link VectorMath}'s: of longs, or with a DOUBLE operand by {@link Double#compare}. */
  static final class Compare extends Node {
    private final Function f;
    private final boolean doubles;
    private final Node a;
    private final Node b;

    Compare(Function f, boolean doubles, Node a, Node b) {
      super(a.effects || b.effects);
      this.f = f;
      this.doubles = doubles;
      this.a = a;
      this.b = b;
    }

    @Override
    Object eval(RowEvaluator r) {
      Object xv = a.eval(r);
      Object yv = b.eval(r);
      if (xv == null || yv == null) {
        return null;
      }
      int cmp =
          doubles
              ? Double.compare(((Number) xv).doubleValue(), ((Number) yv).doubleValue())
              : Long.compare(((Number) xv).longValue(), ((Number) yv).longValue());
      return VectorMath.test(f, cmp) ? TRUE : FALSE;
    }
  }

  /** HOUR, MINUTE or SECOND of a timestamp, as {@link VectorMath}: the {@code unit}s counted modulo {@code range}. */
  static final class TimeField extends Node {
    private final long unit;
    private final long range;
    private final Node a;

    TimeField(long unit, long range, Node a) {
      super(a.effects);
      this.unit = unit;
      this.range = range;
      this.a = a;
    }

    @Override
    Object eval(RowEvaluator r) {
      Object v = a.eval(r);
      return v == null ? null : (Object) Math.floorMod(Math.floorDiv(((Number) v).longValue(), unit), range);
    }
  }

  /**
   * AND and OR as {@link Logic}: AND is FALSE if an operand is FALSE (0), else NULL if one is NULL, else TRUE;
   * OR is TRUE if one is TRUE (1), else NULL if one is NULL, else FALSE. Once decided, the operands left run only
   * for their effects.
   */
  static final class AndOr extends Node {
    private final long dominant;
    private final Node[] ops;
    private final boolean[] effectsFrom;

    AndOr(boolean and, Node[] ops) {
      super(anyEffects(ops));
      this.dominant = and ? 0 : 1;
      this.ops = ops;
      this.effectsFrom = effectsFrom(ops);
    }

    @Override
    Object eval(RowEvaluator r) {
      boolean sawNull = false;
      for (int i = 0; i < ops.length; i++) {
        Object v = ops[i].eval(r);
        if (v == null) {
          sawNull = true;
        } else if (((Number) v).longValue() == dominant) {
          runRest(ops, effectsFrom, i + 1, r);
          return dominant == 0 ? FALSE : TRUE;
        }
      }
      return sawNull ? null : dominant == 0 ? TRUE : FALSE;
    }
  }

  /** Evaluates the operands from {@code from} on that have effects, for those alone. */
  private static void runRest(Node[] ops, boolean[] effectsFrom, int from, RowEvaluator r) {
    for (int i = from; effectsFrom[i]; i++) {
      if (ops[i].effects) {
        ops[i].eval(r);
      }
    }
  }

  static final class Not extends Node {
    private final Node a;

    Not(Node a) {
      super(a.effects);
      this.a = a;
    }

    @Override
    Object eval(RowEvaluator r) {
      Object v = a.eval(r);
      return v == null ? null : ((Number) v).longValue() == 0 ? TRUE : FALSE;
    }
  }

  /** IS [NOT] NULL, IS [NOT] TRUE, IS [NOT] FALSE: never NULL. */
  static final class IsTest extends Node {
    private final Function f;
    private final Node a;

    IsTest(Function f, Node a) {
      super(a.effects);
      this.f = f;
      this.a = a;
    }

    @Override
    Object eval(RowEvaluator r) {
      Object v = a.eval(r);
      boolean isNull = v == null;
      boolean value =
          switch (f) {
            case IS_NULL -> isNull;
            case IS_NOT_NULL -> !isNull;
            case IS_TRUE -> !isNull && ((Number) v).longValue() != 0;
            case IS_NOT_TRUE -> isNull || ((Number) v).longValue() == 0;
            case IS_FALSE -> !isNull && ((Number) v).longValue() == 0;
            default -> isNull || ((Number) v).longValue() != 0; // IS_NOT_FALSE
          };
      return value ? TRUE : FALSE;
    }
  }

  /** IS [NOT] DISTINCT FROM: NULL-safe, by {@link Functions#compare}. */
  static final class Distinct extends Node {
    private final boolean distinct;
    private final Node a;
    private final Node b;

    Distinct(boolean distinct, Node a, Node b) {
      super(a.effects || b.effects);
      this.distinct = distinct;
      this.a = a;
      this.b = b;
    }

    @Override
    Object eval(RowEvaluator r) {
      Object x = a.eval(r);
      Object y = b.eval(r);
      boolean same = x == null || y == null ? (x == null) == (y == null) : Functions.compare(x, y) == 0;
      return same != distinct ? TRUE : FALSE;
    }
  }

  /** CASE: each condition in turn until one is TRUE (not NULL, not 0), then that one's value alone; else the last operand. */
  static final class Case extends Node {
    private final Physical physical;
    private final Node[] ops;
    private final int pairs;

    Case(DataType type, Node[] ops) {
      super(anyEffects(ops));
      this.physical = type.physical();
      this.ops = ops;
      this.pairs = (ops.length - 1) / 2;
    }

    @Override
    Object eval(RowEvaluator r) {
      for (int p = 0; p < pairs; p++) {
        Object condition = ops[2 * p].eval(r);
        if (condition != null && ((Number) condition).longValue() != 0) {
          return boxed(ops[2 * p + 1].eval(r), physical);
        }
      }
      return boxed(ops[ops.length - 1].eval(r), physical);
    }
  }

  /** COALESCE: the first operand not NULL; the ones after it run only for their effects. */
  static final class Coalesce extends Node {
    private final Physical physical;
    private final Node[] ops;
    private final boolean[] effectsFrom;

    Coalesce(DataType type, Node[] ops) {
      super(anyEffects(ops));
      this.physical = type.physical();
      this.ops = ops;
      this.effectsFrom = effectsFrom(ops);
    }

    @Override
    Object eval(RowEvaluator r) {
      for (int i = 0; i < ops.length; i++) {
        Object v = ops[i].eval(r);
        if (v != null) {
          runRest(ops, effectsFrom, i + 1, r);
          return boxed(v, physical);
        }
      }
      return null;
    }
  }

  /**
   * A strict function applied to boxed operands ({@link Functions#bind}), as the columnar code's row-by-row
   * path: every operand evaluated, NULL if one is NULL, and a value it cannot compute reported (its reason
   * followed by the function's name) and NULL.
   */
  static final class Strict extends Node {
    private final Expr.Call call;
    private final RowFunction fn;
    private final Node[] ops;
    private final Physical physical;
    private final Object[] args;

    Strict(Expr.Call call, RowFunction fn, Node[] ops) {
      super(true); // any function may report a value it cannot compute
      this.call = call;
      this.fn = fn;
      this.ops = ops;
      this.physical = call.type().physical();
      this.args = new Object[ops.length];
    }

    @Override
    Object eval(RowEvaluator r) {
      boolean anyNull = false;
      for (int i = 0; i < ops.length; i++) {
        Object v = ops[i].eval(r);
        anyNull |= v == null;
        args[i] = v;
      }
      if (anyNull) {
        return null;
      }
      try {
        return boxed(fn.apply(args), physical);
      } catch (EvalException e) {
        r.report(e.getMessage() + " in " + (call.user() != null ? call.user().name() : call.function().name()));
        return null;
      }
    }
  }
}
