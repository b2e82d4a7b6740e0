package io.runnel.operators.agg;

import static io.runnel.operators.batch.RowKind.INSERT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregationKeysTest {
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("a", DataType.of(TypeKind.BIGINT)),
          new DataType.Field("t", DataType.of(TypeKind.TIMESTAMP)),
          new DataType.Field("s", DataType.of(TypeKind.VARCHAR)),
          new DataType.Field("d", DataType.of(TypeKind.DOUBLE)));

  static final Batch BATCH =
      new BatchBuilder(INPUT, 8)
          .add(INSERT, 1L, 0L, "x", 0.5)
          .add(INSERT, 1L, null, "x", 0.5)
          .add(INSERT, null, 0L, null, null)
          .add(INSERT, 1L, 0L, "y", 0.5)
          .add(INSERT, 1L, 0L, "x", 0.0)
          .add(INSERT, 1L, 0L, "x", -0.0)
          .add(INSERT, 1L, 0L, "x", Double.NaN)
          .add(INSERT, 1L, 0L, "x", 0.0 / 0.0)
          .build();

  @Test
  void keysOfLongColumnsAreUnboxedAndAgreeWithTheKeysOfTheirValues() {
    Aggregation longs = new Aggregation(INPUT, new int[] {0, 1}, List.of());
    Object k0 = longs.key(BATCH, 0);
    assertInstanceOf(RowKey.class, k0);
    assertEquals(k0, longs.key(BATCH, 3), "same longs, other columns differ");
    assertNotEquals(k0, longs.key(BATCH, 1), "NULL is not 0");
    assertNotEquals(longs.key(BATCH, 1), longs.key(BATCH, 2));
    assertKeysAgree(longs);
  }

  /** One key column of longs: unboxed too, refilled by the probe, NULL a key of its own. */
  @Test
  void aKeyOfOneLongColumnIsUnboxedAndRefilled() {
    for (int column : new int[] {0, 1}) {
      int nullRow = column == 0 ? 2 : 1;
      Aggregation single = new Aggregation(INPUT, new int[] {column}, List.of());
      assertInstanceOf(LongKey.class, single.key(BATCH, 0));
      Object probe = single.probe(BATCH, 0);
      assertSame(probe, single.probe(BATCH, nullRow), "one probe, refilled");
      Object kept = single.keep(single.probe(BATCH, 0));
      assertNotSame(probe, kept);
      single.probe(BATCH, nullRow);
      assertEquals(single.key(BATCH, 0), kept, "the kept copy did not change with the probe");
      assertNotEquals(kept, probe, "NULL is not 0 or 1");
      assertAgreesWithBoxed(single);
      assertKeysAgree(single);
    }
  }

  @Test
  void keysMixingKindsCompareAsTheirBoxedValuesDo() {
    Aggregation mixed = new Aggregation(INPUT, new int[] {0, 2, 3}, List.of());
    assertInstanceOf(RowKey.class, mixed.key(BATCH, 0));
    assertNotEquals(mixed.key(BATCH, 0), mixed.key(BATCH, 3), "x is not y");
    assertAgreesWithBoxed(mixed);
    assertKeysAgree(mixed);
  }

  @Test
  void theProbeIsRefilledAndOnlyAKeptCopyStaysAsItWas() {
    Aggregation mixed = new Aggregation(INPUT, new int[] {0, 2}, List.of());
    Object probe = mixed.probe(BATCH, 0);
    assertSame(probe, mixed.probe(BATCH, 3), "one probe, refilled");
    Object kept = mixed.keep(mixed.probe(BATCH, 0));
    assertNotSame(probe, kept);
    mixed.probe(BATCH, 3);
    assertEquals(mixed.key(BATCH, 0), kept, "the kept copy did not change with the probe");
    assertNotEquals(kept, probe);
    Aggregation single = new Aggregation(INPUT, new int[] {2}, List.of());
    assertEquals("x", single.probe(BATCH, 0));
    assertEquals("x", single.keep(single.probe(BATCH, 0)));
  }

  /** Two rows have equal keys exactly when the lists of their boxed key values are equal. */
  private static void assertAgreesWithBoxed(Aggregation aggregation) {
    for (int a = 0; a < BATCH.size(); a++) {
      for (int b = 0; b < BATCH.size(); b++) {
        boolean boxedEqual = Arrays.asList(aggregation.keyValues(BATCH, a)).equals(Arrays.asList(aggregation.keyValues(BATCH, b)));
        assertEquals(boxedEqual, aggregation.key(BATCH, a).equals(aggregation.key(BATCH, b)), "rows " + a + " and " + b);
      }
    }
  }

  /** The key of a row, the probe's and the key restored from its boxed values (as snapshots do) are equal. */
  private static void assertKeysAgree(Aggregation aggregation) {
    for (int r = 0; r < BATCH.size(); r++) {
      Object key = aggregation.key(BATCH, r);
      Object restored = aggregation.keyOf(aggregation.keyValues(BATCH, r));
      assertEquals(key, restored, "row " + r);
      assertEquals(key.hashCode(), restored.hashCode(), "row " + r);
      Object probe = aggregation.probe(BATCH, r);
      assertEquals(key, probe, "row " + r);
      assertEquals(key.hashCode(), probe.hashCode(), "row " + r);
    }
  }
}
