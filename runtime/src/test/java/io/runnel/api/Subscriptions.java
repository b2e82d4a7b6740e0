package io.runnel.api;

import io.runnel.Change;
import io.runnel.QueryHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What tests read from a standing query. */
final class Subscriptions {
  private Subscriptions() {}

  /** A list that receives every change of {@code q} from now on (safe to read while the query runs). */
  static List<Change> collect(QueryHandle q) {
    List<Change> changes = Collections.synchronizedList(new ArrayList<>());
    q.subscribe(changes::add);
    return changes;
  }
}
