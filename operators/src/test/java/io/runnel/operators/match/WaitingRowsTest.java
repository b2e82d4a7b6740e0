package io.runnel.operators.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitingRowsTest {
  private static Object[] row(long id) {
    return new Object[] {id};
  }

  private static List<Object> ids(Object[][] rows) {
    return Arrays.stream(rows).map(r -> r[0]).toList();
  }

  @Test
  void rowsLeaveByTimeThenInOrderOfArrival() {
    WaitingRows waiting = new WaitingRows();
    waiting.add(5, row(1));
    waiting.add(3, row(2)); // earlier than one waiting: goes before it
    waiting.add(5, row(3));
    waiting.add(3, row(4));
    waiting.add(7, row(5));
    assertEquals(List.of(2L, 4L), ids(waiting.take(3)));
    assertEquals(List.of(), ids(waiting.take(4)));
    assertEquals(List.of(1L, 3L), ids(waiting.take(5)));
    assertEquals(List.of(5L), ids(waiting.take(7)));
    assertTrue(waiting.isEmpty());
  }

  @Test
  void aSnapshotKeepsTheTimesAndTheOrder() throws IOException {
    WaitingRows waiting = new WaitingRows();
    for (long i = 0; i < 9; i++) {
      waiting.add(10 - i % 3, row(i));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WaitingRows.write(new DataOutputStream(bytes), waiting);
    WaitingRows.write(new DataOutputStream(bytes), null);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    WaitingRows back = WaitingRows.read(in, r -> r);
    assertNull(WaitingRows.read(in, r -> r));
    for (long time = 8; time <= 10; time++) {
      assertArrayEquals(waiting.take(time), back.take(time));
    }
    assertTrue(back.isEmpty());
  }
}
