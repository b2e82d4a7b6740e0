package io.runnel.operators.agg;

import static io.runnel.operators.batch.RowKind.INSERT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregationKeysTest {
  static final Schema INPUT =
      Schema.of(
          new DataType.Field("a", DataType.of(TypeKind.BIGINT)),
          new DataType.Field("t", DataType.of(TypeKind.TIMESTAMP)),
          new DataType.Field("s", DataType.of(TypeKind.VARCHAR)));

  @Test
  void keysOfLongColumnsAreUnboxedAndAgreeWithTheKeysOfTheirValues() {
    Batch batch = new BatchBuilder(INPUT, 4).add(INSERT, 1L, 0L, "x").add(INSERT, 1L, null, "x").add(INSERT, null, 0L, null).add(INSERT, 1L, 0L, "y").build();
    Aggregation longs = new Aggregation(INPUT, new int[] {0, 1}, List.of());
    Object k0 = longs.key(batch, 0);
    assertInstanceOf(LongsKey.class, k0);
    assertEquals(k0, longs.key(batch, 3), "same longs, other columns differ");
    assertNotEquals(k0, longs.key(batch, 1), "NULL is not 0");
    assertNotEquals(longs.key(batch, 1), longs.key(batch, 2));
    for (int r = 0; r < batch.size(); r++) {
      Object key = longs.key(batch, r);
      Object restored = longs.keyOf(longs.keyValues(batch, r));
      assertEquals(key, restored, "row " + r);
      assertEquals(key.hashCode(), restored.hashCode(), "row " + r);
    }
    Aggregation mixed = new Aggregation(INPUT, new int[] {0, 2}, List.of());
    assertInstanceOf(CompositeKey.class, mixed.key(batch, 0));
    assertEquals(mixed.key(batch, 2), mixed.keyOf(mixed.keyValues(batch, 2)));
  }
}
