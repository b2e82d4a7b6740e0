package io.runnel.operators.expr;

import static io.runnel.operators.harness.Exprs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link RowEvaluator} against the columnar {@link ExprCompiler} over one-row batches, its reference: every
 * expression, random or written out, must give the same value in the same boxed form, the same errors with the
 * same text in the same order, and call user functions as often, or the same exception.
 */
class RowEvaluatorTest {
  static final Schema SCHEMA =
      Schema.of(
          new DataType.Field("b", BIGINT),
          new DataType.Field("b2", BIGINT),
          new DataType.Field("i", INT),
          new DataType.Field("d", DOUBLE),
          new DataType.Field("z", BOOLEAN),
          new DataType.Field("s", VARCHAR),
          new DataType.Field("t", TIMESTAMP));

  static final long[] LONGS = {0, 1, -1, 2, 7, -3, 50, 10_000, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 2 + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 32};
  static final long[] INTS = {0, 1, -1, 2, 7, -3, Integer.MAX_VALUE, Integer.MIN_VALUE, 46_341, -46_341};
  static final double[] DOUBLES = {0.0, -0.0, 1.5, -2.25, 10_000.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, Double.MIN_VALUE, 3.0};
  static final String[] STRINGS = {"", "a", "abc", "42", "-7", "9223372036854775808", "x%y", "true", " 12 "};

  final AtomicInteger udfCalls = new AtomicInteger();

  /** What one path gave for one row: its value, or the exception it threw; the errors reported; user function calls. */
  record Outcome(Object value, String thrown, List<String> errors, int calls) {}

  Outcome columnar(Expr e, Evaluator evaluator, Object[] row) {
    List<String> errors = new ArrayList<>();
    EvalContext ctx = new EvalContext("test", (source, reason, text) -> errors.add(source + ": " + reason + " " + text));
    int before = udfCalls.get();
    try {
      Object v = evaluator.evaluate(new BatchBuilder(SCHEMA, 1).add(row).build(), ctx).getObject(0);
      return new Outcome(v, null, errors, udfCalls.get() - before);
    } catch (RuntimeException ex) {
      return new Outcome(null, ex.getClass().getName(), errors, udfCalls.get() - before);
    }
  }

  Outcome rowWise(RowEvaluator evaluator, Object[] row) {
    List<String> errors = new ArrayList<>();
    EvalContext ctx = new EvalContext("test", (source, reason, text) -> errors.add(source + ": " + reason + " " + text));
    int before = udfCalls.get();
    try {
      Object v = evaluator.evaluate(row, ctx);
      return new Outcome(v, null, errors, udfCalls.get() - before);
    } catch (RuntimeException ex) {
      return new Outcome(null, ex.getClass().getName(), errors, udfCalls.get() - before);
    }
  }

  /** Asserts both paths agree on {@code e} for every row; returns the outcomes, for tests that look further. */
  List<Outcome> assertSame(Expr e, List<Object[]> rows) {
    RowEvaluator row = RowEvaluator.compile(e, SCHEMA);
    assertNotNull(row, () -> "no row form for " + e);
    Evaluator batch = ExprCompiler.compile(e);
    List<Outcome> outcomes = new ArrayList<>();
    for (Object[] values : rows) {
      Outcome want = columnar(e, batch, values);
      Outcome got = rowWise(row, values);
      if (!same(want.value(), got.value()) || !Objects.equals(want.thrown(), got.thrown()) || !want.errors().equals(got.errors()) || want.calls() != got.calls()) {
        throw new AssertionError(e + " over " + Arrays.toString(values) + ": columnar " + describe(want) + ", row " + describe(got));
      }
      outcomes.add(got);
    }
    return outcomes;
  }

  /** Equal values of the same class (0.0 and -0.0 differ; NaN equals NaN, as Double.equals has it). */
  static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.getClass() != b.getClass()) {
      return false;
    }
    return a instanceof Object[] x ? Arrays.deepEquals(x, (Object[]) b) : a.equals(b);
  }

  static String describe(Outcome o) {
    String v = o.value() == null ? "NULL" : o.value() + " (" + o.value().getClass().getSimpleName() + ")";
    return (o.thrown() != null ? "threw " + o.thrown() : v) + " errors " + o.errors() + " calls " + o.calls();
  }

  static Object[] row(Object... values) {
    return values;
  }

  /** Rows of every column's special values, NULLs included. */
  static List<Object[]> edgeRows(Random random, int n) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(row(null, null, null, null, null, null, null));
    rows.add(row(0L, 0L, 0L, 0.0, 0L, "", 0L));
    rows.add(row(Long.MAX_VALUE, 1L, (long) Integer.MAX_VALUE, Double.NaN, 1L, "9223372036854775808", Long.MAX_VALUE));
    rows.add(row(Long.MIN_VALUE, -1L, (long) Integer.MIN_VALUE, -0.0, 0L, "-7", Long.MIN_VALUE));
    for (int k = 0; k < n; k++) {
      rows.add(
          row(
              nullOr(random, LONGS[random.nextInt(LONGS.length)]),
              nullOr(random, LONGS[random.nextInt(LONGS.length)]),
              nullOr(random, INTS[random.nextInt(INTS.length)]),
              nullOr(random, DOUBLES[random.nextInt(DOUBLES.length)]),
              nullOr(random, (long) random.nextInt(2)),
              nullOr(random, STRINGS[random.nextInt(STRINGS.length)]),
              nullOr(random, random.nextLong() % 4_000_000_000_000L)));
    }
    return rows;
  }

  static Object nullOr(Random random, Object v) {
    return random.nextInt(6) == 0 ? null : v;
  }

  @Test
  void randomExpressionsAgreeWithTheColumnarEvaluator() {
    Random random = new Random(20261208);
    ExprGen gen = new ExprGen(random, udfCalls);
    List<Object[]> rows = edgeRows(random, 40);
    int errorsSeen = 0;
    int nullsSeen = 0;
    int noRowForm = 0;
    for (int k = 0; k < 4000; k++) {
      DataType type = ExprGen.TYPES[random.nextInt(ExprGen.TYPES.length)];
      Expr e = gen.expr(type, 1 + random.nextInt(4));
      if (RowEvaluator.compile(e, SCHEMA) == null) {
        noRowForm++; // an untyped NULL read as a truth value, which the columnar code fails on
        continue;
      }
      for (Outcome o : assertSame(e, rows)) {
        errorsSeen += o.errors().size();
        nullsSeen += o.value() == null ? 1 : 0;
      }
    }
    // the expressions reach what the test is for: errors and NULLs, not only plain values
    assertTrue(errorsSeen > 1000, "errors seen: " + errorsSeen);
    assertTrue(nullsSeen > 10_000, "NULLs seen: " + nullsSeen);
    assertTrue(noRowForm < 200, "expressions with no row form: " + noRowForm);
  }

  @Test
  void integerOverflowAndDivisionByZeroAreReportedAsOverABatch() {
    List<Object[]> rows = edgeRows(new Random(7), 20);
    Expr b = ref(0, BIGINT);
    Expr b2 = ref(1, BIGINT);
    Expr i = ref(2, INT);
    for (Function f : List.of(Function.PLUS, Function.MINUS, Function.TIMES, Function.DIVIDE, Function.MOD)) {
      assertSame(call(f, BIGINT, b, b2), rows);
      assertSame(call(f, INT, i, lit(-1L, INT)), rows);
      assertSame(call(f, INT, i, i), rows);
      assertSame(call(f, BIGINT, b, lit(0L, BIGINT)), rows);
      assertSame(call(f, DOUBLE, ref(3, DOUBLE), b), rows);
    }
    List<Outcome> out = assertSame(call(Function.DIVIDE, BIGINT, b, b2), List.of(row(5L, 0L, 1L, 1.0, 1L, "a", 0L), row(Long.MIN_VALUE, -1L, 1L, 1.0, 1L, "a", 0L)));
    assertEquals(List.of("test: division by zero [5, 0, 1, 1.0, true, a, 1970-01-01 00:00:00.000]"), out.get(0).errors());
    assertEquals(
        List.of("test: integer overflow: -9223372036854775808 / -1 is out of range for BIGINT [-9223372036854775808, -1, 1, 1.0, true, a, 1970-01-01 00:00:00.000]"),
        out.get(1).errors());
  }

  @Test
  void logicIsThreeValuedAndStillRunsWhatReportsAfterTheAnswerIsKnown() {
    Expr z = ref(4, BOOLEAN);
    Expr divide = call(Function.EQUALS, BOOLEAN, call(Function.DIVIDE, BIGINT, ref(0, BIGINT), ref(1, BIGINT)), lit(1L, BIGINT));
    List<Object[]> rows = List.of(row(1L, 0L, 1L, 1.0, 0L, "a", 0L), row(1L, 0L, 1L, 1.0, null, "a", 0L), row(1L, 1L, 1L, 1.0, 1L, "a", 0L));
    // FALSE AND (1 / 0 = 1): FALSE, and the division by zero is still reported, as the columnar AND computes both
    List<Outcome> and = assertSame(call(Function.AND, BOOLEAN, z, divide), rows);
    assertEquals(0L, and.get(0).value());
    assertEquals(1, and.get(0).errors().size());
    assertNull(and.get(1).value());
    List<Outcome> or = assertSame(call(Function.OR, BOOLEAN, call(Function.NOT, BOOLEAN, z), divide, z), rows);
    assertEquals(1L, or.get(0).value());
    assertEquals(1, or.get(0).errors().size());
    assertSame(call(Function.IS_NOT_TRUE, BOOLEAN, call(Function.AND, BOOLEAN, z, lit(null, BOOLEAN))), rows);
    assertSame(call(Function.COALESCE, BIGINT, ref(0, BIGINT), call(Function.DIVIDE, BIGINT, ref(0, BIGINT), ref(1, BIGINT))), rows);
  }

  @Test
  void aCallWrittenTwiceRunsOnceAsItsSharedEvaluatorDoes() {
    Expr divide = call(Function.DIVIDE, BIGINT, ref(0, BIGINT), ref(1, BIGINT));
    Expr tag = countingTag(ref(5, VARCHAR), udfCalls);
    Expr e =
        call(
            Function.AND,
            BOOLEAN,
            call(Function.GREATER_THAN, BOOLEAN, call(Function.PLUS, BIGINT, divide, divide), lit(0L, BIGINT)),
            call(Function.EQUALS, BOOLEAN, tag, call(Function.CONCAT, VARCHAR, tag, lit("", VARCHAR))));
    List<Outcome> out = assertSame(e, List.of(row(4L, 0L, 1L, 1.0, 1L, "a", 0L), row(4L, 2L, 1L, 1.0, 1L, "a", 0L)));
    assertEquals(1, out.get(0).errors().size());
    assertEquals(1, out.get(0).calls());
    assertEquals(1L, out.get(1).value());
  }

  @Test
  void caseRunsOnlyTheBranchTaken() {
    Expr b = ref(0, BIGINT);
    Expr e =
        call(
            Function.CASE,
            BIGINT,
            call(Function.EQUALS, BOOLEAN, ref(1, BIGINT), lit(0L, BIGINT)),
            lit(null, BIGINT),
            call(Function.IS_NULL, BOOLEAN, ref(4, BOOLEAN)),
            call(Function.CAST, BIGINT, ref(5, VARCHAR)),
            call(Function.DIVIDE, BIGINT, b, ref(1, BIGINT)));
    List<Outcome> out = assertSame(e, List.of(row(4L, 0L, 1L, 1.0, 1L, "a", 0L), row(4L, 2L, 1L, 1.0, null, "x", 0L), row(4L, 2L, 1L, 1.0, 1L, "x", 0L)));
    assertEquals(List.of(), out.get(0).errors());
    assertEquals(1, out.get(1).errors().size());
    assertEquals(2L, out.get(2).value());
  }

  @Test
  void valuesComeInTheBoxedFormsOfTheirColumns() {
    // a row may hold what a batch builder takes (Integer, Boolean, a long for a DOUBLE column): read as the column would give it
    List<Object[]> rows = List.of(row(3, 4L, 5, 6L, true, "a", 7), row(3L, 4L, 5L, 6.5, false, "a", 7L));
    assertSame(ref(0, BIGINT), rows);
    assertSame(ref(3, DOUBLE), rows);
    assertSame(ref(4, BOOLEAN), rows);
    assertSame(call(Function.PLUS, DOUBLE, ref(3, DOUBLE), ref(2, INT)), rows);
    assertSame(lit(true, BOOLEAN), rows);
    assertSame(lit(2L, DOUBLE), rows);
    assertSame(call(Function.CASE, DOUBLE, ref(4, BOOLEAN), ref(0, BIGINT), ref(3, DOUBLE)), rows);
    assertSame(call(Function.COALESCE, DOUBLE, lit(null, BIGINT), ref(0, BIGINT)), rows);
    List<Outcome> out = assertSame(call(Function.DIVIDE, BIGINT, ref(0, BIGINT), lit(0L, BIGINT)), rows);
    assertEquals(List.of("test: division by zero [3, 4, 5, 6.0, true, a, 1970-01-01 00:00:00.007]"), out.get(0).errors());
  }

  @Test
  void aCallOfConstantsIsComputedOnceUnlessItReports() {
    List<Object[]> rows = edgeRows(new Random(3), 5);
    // cep1's DEFINE as planned: AVG(A.price) < CAST(10000 AS BIGINT)
    assertSame(call(Function.LESS_THAN, BOOLEAN, ref(0, BIGINT), call(Function.CAST, BIGINT, lit(10_000L, INT))), rows);
    // these report at every evaluation, as over every batch
    List<Outcome> cast = assertSame(call(Function.LESS_THAN, BOOLEAN, ref(0, BIGINT), call(Function.CAST, BIGINT, lit("x", VARCHAR))), rows);
    List<Outcome> divide = assertSame(call(Function.PLUS, BIGINT, ref(0, BIGINT), call(Function.DIVIDE, BIGINT, lit(1L, BIGINT), lit(0L, BIGINT))), rows);
    for (int r = 0; r < rows.size(); r++) {
      assertEquals(1, cast.get(r).errors().size());
      assertEquals(1, divide.get(r).errors().size());
    }
  }

  @Test
  void decimalsAndProctimeHaveNoRowForm() {
    DataType decimal = DataType.decimal(10, 2);
    assertNull(RowEvaluator.compile(call(Function.CAST, decimal, ref(0, BIGINT)), SCHEMA));
    assertNull(RowEvaluator.compile(call(Function.LESS_THAN, BOOLEAN, call(Function.CAST, decimal, ref(0, BIGINT)), lit(new BigDecimal("1.00"), decimal)), SCHEMA));
    assertNull(RowEvaluator.compile(call(Function.PROCTIME, DataType.of(TypeKind.TIMESTAMP_LTZ)), SCHEMA));
    assertNull(RowEvaluator.compile(ref(9, BIGINT), SCHEMA));
    assertNotNull(RowEvaluator.compile(call(Function.LESS_THAN, BOOLEAN, ref(0, BIGINT), lit(10_000L, BIGINT)), SCHEMA));
  }
}
