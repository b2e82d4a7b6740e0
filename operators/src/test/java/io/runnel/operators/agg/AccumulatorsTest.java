package io.runnel.operators.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.TypeKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AccumulatorsTest {
  static Accumulator acc(AggKind kind, DataType result, boolean retracting) {
    return new AggCall(kind, 0, false, -1, result, "x", retracting).newAccumulator();
  }

  /** Values of integer columns go in unboxed; every accumulator must end where the boxed values take it. */
  @Test
  void unboxedLongsGiveWhatTheBoxedOnesGive() throws IOException {
    DataType bigint = DataType.of(TypeKind.BIGINT);
    java.util.List<Object[]> cases =
        java.util.List.of(
            new Object[] {AggKind.COUNT, bigint, false},
            new Object[] {AggKind.COUNT, bigint, true},
            new Object[] {AggKind.SUM, bigint, true},
            new Object[] {AggKind.SUM, DataType.of(TypeKind.DOUBLE), true},
            new Object[] {AggKind.SUM, DataType.decimal(38, 0), true},
            new Object[] {AggKind.AVG, bigint, true},
            new Object[] {AggKind.AVG, DataType.of(TypeKind.DOUBLE), true},
            new Object[] {AggKind.MIN, bigint, false},
            new Object[] {AggKind.MAX, bigint, false},
            new Object[] {AggKind.MIN, bigint, true},
            new Object[] {AggKind.MAX, bigint, true});
    java.util.Random random = new java.util.Random(5);
    for (Object[] c : cases) {
      AggKind kind = (AggKind) c[0];
      DataType type = (DataType) c[1];
      boolean retracting = (Boolean) c[2];
      Accumulator boxed = acc(kind, type, retracting);
      Accumulator unboxed = acc(kind, type, retracting);
      java.util.List<Long> added = new java.util.ArrayList<>();
      for (int i = 0; i < 500; i++) {
        if (retracting && !added.isEmpty() && random.nextInt(3) == 0) {
          long v = added.remove(random.nextInt(added.size()));
          boxed.retract(v);
          unboxed.retractLong(v);
        } else {
          long v = random.nextInt(7) == 0 ? random.nextLong() : random.nextInt(2000) - 1000;
          added.add(v);
          boxed.add(v);
          unboxed.addLong(v);
        }
        assertEquals(FlatStateTest.valueOf(boxed), FlatStateTest.valueOf(unboxed), kind + " of " + type + " after " + (i + 1) + " values");
      }
      assertEquals(java.util.Arrays.toString(snapshot(boxed)), java.util.Arrays.toString(snapshot(unboxed)), kind + " of " + type + ": snapshots");
    }
  }

  private static byte[] snapshot(Accumulator acc) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    acc.write(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  @Test
  void avgTakesTheTypeOfItsResult() {
    Accumulator longAvg = acc(AggKind.AVG, DataType.of(TypeKind.BIGINT), false);
    Accumulator doubleAvg = acc(AggKind.AVG, DataType.of(TypeKind.DOUBLE), false);
    Accumulator decimalAvg = acc(AggKind.AVG, DataType.decimal(10, 2), false);
    for (long v : new long[] {1, 2, 2}) {
      longAvg.add(v);
      doubleAvg.add((double) v);
      decimalAvg.add(BigDecimal.valueOf(v * 100, 2));
    }
    assertEquals(1L, longAvg.result());
    assertEquals(5.0 / 3, (Double) doubleAvg.result(), 1e-12);
    assertEquals(new BigDecimal("1.67"), decimalAvg.result());
  }

  @Test
  void sumsOfEachType() {
    Accumulator decimal = acc(AggKind.SUM, DataType.decimal(10, 2), true);
    decimal.add(new BigDecimal("1.25"));
    decimal.add(new BigDecimal("2.50"));
    decimal.retract(new BigDecimal("1.25"));
    assertEquals(new BigDecimal("2.50"), decimal.result());
    Accumulator doubles = acc(AggKind.SUM, DataType.of(TypeKind.DOUBLE), false);
    assertEquals(null, doubles.result());
    doubles.add(0.5);
    assertEquals(0.5, doubles.result());
  }

  @Test
  void minAndMaxOverStrings() {
    Accumulator min = acc(AggKind.MIN, DataType.of(TypeKind.VARCHAR), true);
    Accumulator max = acc(AggKind.MAX, DataType.of(TypeKind.VARCHAR), false);
    for (String s : new String[] {"pear", "apple", "zucchini"}) {
      min.add(s);
      max.add(s);
    }
    min.retract("apple");
    assertEquals("pear", min.result());
    assertEquals("zucchini", max.result());
  }

  @Test
  void approximateDistinctCountIsWithinItsDocumentedErrorAndMerges() throws IOException {
    Accumulator a = acc(AggKind.APPROX_COUNT_DISTINCT, DataType.of(TypeKind.BIGINT), false);
    Accumulator b = acc(AggKind.APPROX_COUNT_DISTINCT, DataType.of(TypeKind.BIGINT), false);
    for (long i = 0; i < 100; i++) {
      a.add(i);
      a.add(i); // repeats do not count
    }
    assertEquals(100L, (Long) a.result(), 2, "small counts are close to exact");
    for (long i = 0; i < 200_000; i++) {
      (i % 2 == 0 ? a : b).add(i * 7919);
    }
    a.merge(b);
    long estimate = (Long) a.result();
    // relative standard error 1.6%: 4 standard errors is a bound a correct sketch stays within
    assertTrue(Math.abs(estimate - 200_000) < 200_000 * 0.065, "estimate " + estimate);
    Accumulator copy = acc(AggKind.APPROX_COUNT_DISTINCT, DataType.of(TypeKind.BIGINT), false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    a.write(new DataOutputStream(bytes));
    copy.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(estimate, copy.result());
  }

  @Test
  void approximateDistinctCountOfStrings() {
    Accumulator a = acc(AggKind.APPROX_COUNT_DISTINCT, DataType.of(TypeKind.VARCHAR), false);
    for (int i = 0; i < 50_000; i++) {
      a.add("user-" + i);
    }
    long estimate = (Long) a.result();
    assertTrue(Math.abs(estimate - 50_000) < 50_000 * 0.065, "estimate " + estimate);
  }

  @Test
  void sumOutOfRangeHasNoValueAndComesBackWhenRetractionsBringItIntoRange() {
    DataType bigint = DataType.of(TypeKind.BIGINT);
    Accumulator sum = acc(AggKind.SUM, bigint, true);
    Accumulator avg = acc(AggKind.AVG, bigint, true);
    for (Accumulator a : new Accumulator[] {sum, avg}) {
      a.addLong(Long.MAX_VALUE);
      a.addLong(Long.MAX_VALUE);
      a.addLong(1);
    }
    ArithmeticException e = org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, sum::result);
    assertEquals("integer overflow: SUM 18446744073709551615 is out of range for BIGINT", e.getMessage());
    assertEquals((2 * (double) Long.MAX_VALUE + 1) / 3, (double) (Long) avg.result(), 1e3, "the average of the exact sum");
    sum.retractLong(Long.MAX_VALUE);
    avg.retractLong(Long.MAX_VALUE);
    org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, sum::result, "MAX + 1 is still out of range");
    assertEquals(Long.MAX_VALUE / 2 + 1, avg.result());
    sum.retractLong(1);
    assertEquals(Long.MAX_VALUE, sum.result());
    // going down past the least BIGINT and back
    Accumulator down = acc(AggKind.SUM, bigint, true);
    down.addLong(Long.MIN_VALUE);
    down.addLong(-1);
    org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, down::result);
    down.retractLong(Long.MIN_VALUE);
    assertEquals(-1L, down.result());
  }

  @Test
  void sumOfIntsOutOfIntRangeHasNoValue() {
    Accumulator sum = acc(AggKind.SUM, DataType.of(TypeKind.INT), false);
    sum.addLong(Integer.MAX_VALUE);
    sum.addLong(1);
    org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class, sum::result);
  }
}
