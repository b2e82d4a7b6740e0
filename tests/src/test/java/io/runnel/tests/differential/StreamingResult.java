package io.runnel.tests.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The final result of a streaming query over bounded inputs: its changes applied to a multiset of rows. */
final class StreamingResult {
  private StreamingResult() {}

  /**
   * Runs {@code sql} on {@code engine} from the start of its inputs to its end and applies its changes: the
   * final multiset of {@link Multisets#normalize normalized} rows. Asserts that the query ends within {@code
   * timeout}, does not fail, and drops no row as late (inputs are written in event-time order).
   */
  static Map<List<Object>, Integer> of(Runnel engine, String sql, Duration timeout) throws InterruptedException {
    Map<List<Object>, Integer> result = new HashMap<>();
    try (QueryHandle q = engine.query(sql, QueryOptions.fromEarliest())) {
      q.changes().forEachRemaining(change -> Multisets.apply(result, change));
      assertTrue(q.awaitTermination(timeout), "the query over bounded inputs ends");
      assertNull(q.failure(), "the query does not fail");
      assertEquals(0, q.stats().lateRows(), "no row is late: the input is in event-time order");
    }
    return result;
  }
}
