package io.runnel.operators.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.runnel.operators.types.DataType;
import io.runnel.operators.types.Schema;
import io.runnel.operators.types.TypeKind;
import org.junit.jupiter.api.Test;

class BatchesTest {
  static final Schema SCHEMA = Schema.of(new DataType.Field("a", DataType.of(TypeKind.BIGINT)), new DataType.Field("s", DataType.of(TypeKind.VARCHAR)));

  static Batch batch() {
    BatchBuilder b = new BatchBuilder(SCHEMA, 5);
    for (long i = 0; i < 5; i++) {
      b.add(i, "s" + i);
    }
    return b.build();
  }

  @Test
  void aSelectionOfASelectionKnowsWhichRowsOfTheFirstBatchItHolds() {
    Batch b = batch();
    Batch odd = Batches.select(b, new int[] {1, 3, 4, 9}, 3); // rows 1, 3, 4
    Batch last = Batches.select(odd, new int[] {0, 2}, 2); // rows 1 and 4 of b
    assertArrayEquals(new int[] {1, 3, 4}, odd.rowsOf(b));
    assertArrayEquals(new int[] {1, 4}, last.rowsOf(b));
    assertArrayEquals(new int[] {0, 2}, last.rowsOf(odd));
    assertEquals(4L, last.column(0).getLong(1));
    assertNull(last.rowsOf(batch()), "not a selection of another batch");
    assertNull(Batches.gather(b, new int[] {1}, 1).rowsOf(b), "a plain gather keeps no link");
  }

  @Test
  void aColumnNotReadStaysNotReadInTheRowsPicked() {
    Batch b = batch().withUnread(new boolean[] {false, true});
    Batch picked = Batches.gather(b, new int[] {2, 4}, 2);
    assertEquals("[4, " + Batch.NOT_READ + "]", picked.format(1));
    assertEquals(2, picked.size());
  }
}
