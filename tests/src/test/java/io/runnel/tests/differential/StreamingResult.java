package io.runnel.tests.differential;

import static java.util.Objects.requireNonNull;
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

/** The final result of a streaming query: its changes applied to a multiset of rows. */
final class StreamingResult {
  private StreamingResult() {}

  /** Rows to insert into a relation. */
  record Insert(String relation, List<List<Object>> rows) {
    Insert {
      requireNonNull(relation, "relation is null");
      rows = List.copyOf(rows);
    }
  }

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

  /**
   * Starts {@code sql} on {@code engine}, then makes each of {@code inserts} in turn and waits until the query
   * has taken it, so that the query sees the rows in that order and in those batches; returns the final
   * multiset of normalized rows once it has taken the last. Asserts that it does not fail and drops no row as
   * late.
   */
  static Map<List<Object>, Integer> fed(Runnel engine, String sql, List<Insert> inserts, Duration timeout) throws InterruptedException {
    Map<List<Object>, Integer> result = new HashMap<>();
    QueryHandle q = engine.query(sql, QueryOptions.fromEarliest());
    try {
      q.subscribe(change -> {
        synchronized (result) {
          Multisets.apply(result, change);
        }
      });
      for (Insert insert : inserts) {
        engine.insert(insert.relation(), insert.rows());
        assertTrue(q.sync(timeout), "the query takes the rows inserted into " + insert.relation());
      }
      assertNull(q.failure(), "the query does not fail");
      assertEquals(0, q.stats().lateRows(), "no row is late: the input is in event-time order");
    } finally {
      q.cancel();
      q.awaitTermination(timeout); // then its inputs can be dropped
    }
    synchronized (result) {
      return new HashMap<>(result);
    }
  }
}
