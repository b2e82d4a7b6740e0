package io.runnel.operators.expr;

import static io.runnel.operators.harness.Exprs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.Column;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DECIMAL arithmetic and comparisons over unscaled longs give what the row-wise BigDecimal path gives. */
class DecimalMathTest {

  static final Function[] ARITHMETIC = {Function.PLUS, Function.MINUS, Function.TIMES};
  static final Function[] COMPARISONS = {
    Function.EQUALS, Function.NOT_EQUALS, Function.LESS_THAN, Function.LESS_THAN_OR_EQUAL, Function.GREATER_THAN, Function.GREATER_THAN_OR_EQUAL
  };

  /** The input columns: integers and DECIMALs of several precisions and scales. */
  static final List<DataType> COLUMNS =
      List.of(
          BIGINT,
          INT,
          DataType.decimal(19, 0),
          DataType.decimal(10, 2),
          DataType.decimal(18, 3),
          DataType.decimal(22, 3),
          DataType.decimal(38, 10),
          DataType.decimal(5, 5),
          BIGINT);

  final Random random = new Random(20240611);

  @Test
  void q14FilterAndProjectionRunOverLongs() {
    DataType dec193 = DataType.decimal(3, 3);
    Expr price = call(Function.CAST, DataType.decimal(19, 0), ref(0, BIGINT));
    Expr euros = call(Function.TIMES, DataType.decimal(22, 3), lit(new BigDecimal("0.908"), dec193), price);
    Expr low = call(Function.GREATER_THAN, BOOLEAN, euros, lit(new BigDecimal("1000000.000"), DataType.decimal(10, 3)));
    Expr high = call(Function.LESS_THAN, BOOLEAN, euros, lit(new BigDecimal("50000000.000"), DataType.decimal(11, 3)));
    Expr where = call(Function.AND, BOOLEAN, low, high);
    Evaluator projection = ExprCompiler.compile(euros);
    assertInstanceOf(DecimalMath.DecimalEvaluator.class, projection);
    Batch batch = batch(List.of(BIGINT), new Object[] {2_000_000L}, new Object[] {null}, new Object[] {Long.MAX_VALUE}, new Object[] {-5L});
    assertSame(where, batch);
    assertSame(euros, batch);
    Column c = projection.evaluate(batch, context(new ArrayList<>()));
    assertEquals(Arrays.asList(new BigDecimal("1816000.000"), null, new BigDecimal("0.908").multiply(BigDecimal.valueOf(Long.MAX_VALUE)), new BigDecimal("-4.540")), values(c, 4));
  }

  @Test
  void overflowOfThePrecisionIsReportedAsBefore() {
    Expr sum = call(Function.PLUS, DataType.decimal(4, 2), ref(0, DataType.decimal(10, 2)), lit(new BigDecimal("1.5"), DataType.decimal(2, 1)));
    Expr cast = call(Function.CAST, DataType.decimal(5, 2), ref(1, BIGINT));
    Batch batch =
        batch(
            List.of(DataType.decimal(10, 2), BIGINT),
            new Object[] {new BigDecimal("98.49"), 999L},
            new Object[] {new BigDecimal("98.50"), 1000L},
            new Object[] {null, null});
    List<String> errors = assertSame(sum, batch);
    assertEquals(List.of("value 100.00 overflows DECIMAL(4, 2) in PLUS [98.50, 1000]"), errors);
    errors = assertSame(cast, batch);
    assertEquals(List.of("value 1000 does not fit DECIMAL(5, 2) in CAST [98.50, 1000]"), errors);
  }

  @Test
  void randomExpressionsMatchTheRowWisePath() {
    for (int round = 0; round < 300; round++) {
      Batch batch = randomBatch(1 + random.nextInt(60));
      for (int e = 0; e < 20; e++) {
        Expr expr = random.nextInt(3) == 0 ? randomComparison(2) : randomDecimal(2);
        assertSame(expr, batch);
      }
      // a shared sub-expression, computed once and read by both comparisons
      Expr x = randomArithmetic(2);
      Expr both =
          call(
              Function.AND,
              BOOLEAN,
              call(COMPARISONS[random.nextInt(COMPARISONS.length)], BOOLEAN, x, randomOperand()),
              call(COMPARISONS[random.nextInt(COMPARISONS.length)], BOOLEAN, randomOperand(), x));
      assertSame(both, batch);
    }
  }

  /** Evaluates {@code e} both ways over {@code batch}: the same values, NULLs and errors; returns the errors. */
  List<String> assertSame(Expr e, Batch batch) {
    List<String> fastErrors = new ArrayList<>();
    List<String> slowErrors = new ArrayList<>();
    Column fast = ExprCompiler.compile(e).evaluate(batch, context(fastErrors));
    Column slow = ExprCompiler.compileWithBoxedDecimals(e).evaluate(batch, context(slowErrors));
    List<Object> f = values(fast, batch.size());
    List<Object> s = values(slow, batch.size());
    assertEquals(s, f, () -> e + " over " + e.type());
    assertEquals(slowErrors, fastErrors, () -> e.toString());
    return fastErrors;
  }

  static EvalContext context(List<String> errors) {
    return new EvalContext("test", (source, reason, row) -> errors.add(reason + " " + row));
  }

  static List<Object> values(Column c, int n) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(c.getObject(i));
    }
    return out;
  }

  static Batch batch(List<DataType> types, Object[]... rows) {
    DataType.Field[] fields = new DataType.Field[types.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = new DataType.Field("c" + i, types.get(i));
    }
    BatchBuilder b = new BatchBuilder(Schema.of(fields), rows.length);
    for (Object[] row : rows) {
      b.add(row);
    }
    return b.build();
  }

  Batch randomBatch(int n) {
    Object[][] rows = new Object[n][];
    for (int r = 0; r < n; r++) {
      Object[] row = new Object[COLUMNS.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = random.nextInt(8) == 0 ? null : randomValue(COLUMNS.get(c));
      }
      rows[r] = row;
    }
    return batch(COLUMNS, rows);
  }

  Object randomValue(DataType type) {
    if (type.kind() == TypeKind.INT) {
      return random.nextInt(4) == 0 ? (long) (random.nextBoolean() ? Integer.MAX_VALUE - random.nextInt(3) : Integer.MIN_VALUE + random.nextInt(3)) : (long) smallLong() ;
    }
    if (type.kind() == TypeKind.BIGINT) {
      return randomLong();
    }
    BigDecimal v;
    switch (random.nextInt(5)) {
      case 0 -> v = new BigDecimal(new BigInteger(type.precision() * 3 + 1, random), type.scale());
      case 1 -> v = BigDecimal.valueOf(randomLong(), type.scale());
      case 2 -> v = BigDecimal.valueOf(smallLong(), random.nextInt(4)); // a scale other than the type's
      default -> v = BigDecimal.valueOf(smallLong(), type.scale());
    }
    v = random.nextBoolean() ? v.negate() : v;
    if (random.nextInt(5) != 0) {
      // mostly within the type, as sources write them
      BigDecimal max = BigDecimal.TEN.pow(type.precision() - type.scale());
      v = v.setScale(type.scale(), RoundingMode.HALF_UP).remainder(max);
    }
    return v;
  }

  long smallLong() {
    return random.nextInt(2_000_001) - 1_000_000;
  }

  long randomLong() {
    return switch (random.nextInt(5)) {
      case 0 -> Long.MAX_VALUE - random.nextInt(1000);
      case 1 -> Long.MIN_VALUE + random.nextInt(1000);
      case 2 -> random.nextLong() >> random.nextInt(64);
      default -> smallLong();
    };
  }

  /** A DECIMAL, BIGINT or INT operand: a column, a literal or a cast. */
  Expr randomOperand() {
    switch (random.nextInt(4)) {
      case 0, 1 -> {
        int c = random.nextInt(COLUMNS.size());
        return ref(c, COLUMNS.get(c));
      }
      case 2 -> {
        int kind = random.nextInt(6);
        if (kind == 0) {
          return lit(null, DataType.decimal(5, 2));
        }
        if (kind == 1) {
          return lit(randomLong(), BIGINT);
        }
        if (kind == 2) {
          return lit((long) random.nextInt(), INT);
        }
        BigDecimal v = kind == 3 ? new BigDecimal(new BigInteger(70, random), random.nextInt(25)) : BigDecimal.valueOf(smallLong(), random.nextInt(6));
        return lit(v, DataType.decimal(Math.max(v.precision(), v.scale()), v.scale()));
      }
      default -> {
        int c = random.nextBoolean() ? 0 : 1;
        int s = random.nextInt(6);
        int p = random.nextInt(3) == 0 ? s + 1 + random.nextInt(8) : Math.min(38, 19 + s);
        return call(Function.CAST, DataType.decimal(p, s), ref(c, COLUMNS.get(c)));
      }
    }
  }

  Expr randomDecimal(int depth) {
    return depth > 0 && random.nextBoolean() ? randomArithmetic(depth) : randomOperand();
  }

  Expr randomArithmetic(int depth) {
    Function f = ARITHMETIC[random.nextInt(ARITHMETIC.length)];
    Expr a = randomDecimal(depth - 1);
    Expr b = randomDecimal(depth - 1);
    if (a.type().kind() != TypeKind.DECIMAL && b.type().kind() != TypeKind.DECIMAL) {
      b = call(Function.CAST, DataType.decimal(19, 0), b);
    }
    DataType ta = asDecimal(a.type());
    DataType tb = asDecimal(b.type());
    int scale;
    int precision;
    if (f == Function.TIMES) {
      scale = ta.scale() + tb.scale();
      precision = ta.precision() + tb.precision();
    } else {
      scale = Math.max(ta.scale(), tb.scale());
      precision = Math.max(ta.precision() - ta.scale(), tb.precision() - tb.scale()) + scale + 1;
    }
    switch (random.nextInt(6)) {
      case 0 -> precision = Math.max(1, scale + random.nextInt(6)); // narrow: overflow errors
      case 1 -> scale = Math.max(0, scale - 1 - random.nextInt(3)); // rounding to a smaller scale
      default -> {}
    }
    precision = Math.min(38, Math.max(precision, scale));
    scale = Math.min(scale, precision);
    return call(f, DataType.decimal(precision, scale), a, b);
  }

  Expr randomComparison(int depth) {
    Expr a = randomDecimal(depth - 1);
    Expr b = randomDecimal(depth - 1);
    if (a.type().kind() != TypeKind.DECIMAL && b.type().kind() != TypeKind.DECIMAL) {
      a = randomArithmetic(depth - 1);
    }
    return call(COMPARISONS[random.nextInt(COMPARISONS.length)], BOOLEAN, a, b);
  }

  static DataType asDecimal(DataType t) {
    return switch (t.kind()) {
      case BIGINT -> DataType.decimal(19, 0);
      case INT -> DataType.decimal(10, 0);
      default -> t;
    };
  }
}
