package io.runnel.operators.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.api.Output;
import io.runnel.operators.api.Watermark;
import io.runnel.operators.batch.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An operator's output as the rows it leaves: each accumulating row added, each retraction removing a row
 * emitted before (failing, named by {@code who}, if there is none). Rows are compared by their text.
 */
public final class Materialized implements Output {
  private final String who;
  private final List<String> rows = new ArrayList<>();

  public Materialized(String who) {
    this.who = who;
  }

  @Override
  public void emit(Batch batch) {
    for (int i = 0; i < batch.size(); i++) {
      String row = Arrays.deepToString(batch.row(i));
      if (batch.kind(i).isAccumulate()) {
        rows.add(row);
      } else {
        assertTrue(rows.remove(row), who + ": retracts " + row + " it never emitted");
      }
    }
  }

  @Override
  public void emitWatermark(Watermark watermark) {}

  /** The rows left now, in the order they were added. */
  public List<String> rows() {
    return rows;
  }
}
