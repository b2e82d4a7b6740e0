package io.runnel.runtime.view;

import io.runnel.operators.batch.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a materialized view as a prefix of its changelog leaves them. A view with a key holds the
 * latest row per key: an insert or an update's new row replaces the key's row, a retraction (an update's
 * old row, a delete) removes it. A view without one is a bag: each row with how many times it is there.
 * Rows are kept in the order of the change that last touched them, which is the log's, so a scan gives
 * the same order whenever the same changes were applied. Not thread-safe: {@link ViewStore} guards it.
 */
final class ViewState {
  private final int[] key; // null: a bag
  private final Map<List<Object>, Object[]> byKey = new LinkedHashMap<>();
  private final Map<List<Object>, Integer> bag = new LinkedHashMap<>(); // a row and how often it is there

  ViewState(List<Integer> key) {
    this.key = key == null ? null : key.stream().mapToInt(Integer::intValue).toArray();
  }

  void apply(Batch batch) {
    for (int r = 0; r < batch.size(); r++) {
      Object[] row = batch.row(r);
      boolean accumulate = batch.kind(r).isAccumulate();
      if (key == null) {
        List<Object> values = Arrays.asList(row);
        if (accumulate) {
          bag.merge(values, 1, Integer::sum);
        } else {
          bag.computeIfPresent(values, (v, n) -> n > 1 ? n - 1 : null); // a retraction of a row not there changes nothing
        }
      } else {
        List<Object> k = keyOf(row);
        byKey.remove(k); // an update moves the row to the place of its latest change
        if (accumulate) {
          byKey.put(k, row);
        }
      }
    }
  }

  /** The row with key {@code k} (values in the view's key order), or null; only for a view with a key. */
  Object[] get(List<Object> k) {
    return byKey.get(k);
  }

  /** Every row, in the order of the changes that last touched them; a bag's row as often as it is there. */
  List<Object[]> rows() {
    if (key != null) {
      return new ArrayList<>(byKey.values());
    }
    List<Object[]> rows = new ArrayList<>();
    for (Map.Entry<List<Object>, Integer> e : bag.entrySet()) {
      for (int i = 0; i < e.getValue(); i++) {
        rows.add(e.getKey().toArray());
      }
    }
    return rows;
  }

  private List<Object> keyOf(Object[] row) {
    Object[] k = new Object[key.length];
    for (int i = 0; i < key.length; i++) {
      k[i] = row[key[i]];
    }
    return Arrays.asList(k);
  }
}
