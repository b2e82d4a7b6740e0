package io.runnel.runtime.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.BatchBuilder;
import io.runnel.operators.batch.ObjectColumn;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NexmarkStreamsTest {
  /** Bids keep channel and url coded by the generator's tables; every row is still the event's row. */
  @Test
  void aBatchOfBidsKeepsChannelAndUrlDictionaryCoded() {
    NexmarkGenerator generator = new NexmarkGenerator(10_000);
    NexmarkGenerator reference = new NexmarkGenerator(10_000);
    NexmarkStreams.Rows rows = new NexmarkStreams.Rows(NexmarkGenerator.Kind.BID, 8); // grows past its capacity
    BatchBuilder expected = new BatchBuilder(NexmarkStreams.BID, 8);
    for (long i = 0; i < 3000; i++) {
      long n = NexmarkGenerator.eventNumber(NexmarkGenerator.Kind.BID, i);
      rows.add(generator, n);
      NexmarkStreams.addRow(expected, reference.event(n));
    }
    Batch batch = rows.build();
    Batch plain = expected.build();
    assertEquals(3000, batch.size());
    for (int r = 0; r < batch.size(); r++) {
      assertEquals(Arrays.toString(plain.row(r)), Arrays.toString(batch.row(r)), "row " + r);
    }
    for (int c : new int[] {3, 4}) {
      ObjectColumn column = (ObjectColumn) batch.column(c);
      assertEquals(10_004, column.dictionary().length);
      for (int r = 0; r < batch.size(); r++) {
        assertSame(column.dictionary()[column.ids()[r]], column.getObject(r), "column " + c + ", row " + r);
      }
    }
  }

  @Test
  void otherKindsAreBuiltAsTheyCome() {
    NexmarkGenerator generator = new NexmarkGenerator(10_000);
    NexmarkStreams.Rows rows = new NexmarkStreams.Rows(NexmarkGenerator.Kind.AUCTION, 4);
    for (long i = 0; i < 10; i++) {
      rows.add(generator, NexmarkGenerator.eventNumber(NexmarkGenerator.Kind.AUCTION, i));
    }
    Batch batch = rows.build();
    assertEquals(10, batch.size());
    assertNull(((ObjectColumn) batch.column(1)).dictionary());
  }
}
