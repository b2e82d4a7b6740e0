package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;
import io.runnel.runtime.store.ProducedOutput;

/**
 * Appends a persistent query's result to its target as the query's own output ({@link
 * ProducedOutput}): rows the target already holds from an earlier run of the query, which a
 * restarted query produces again as it replays its input, are skipped, so each row is written once.
 */
final class ProducedSink extends CompletionSink {
  private final ProducedOutput target;

  ProducedSink(ProducedOutput target) {
    this.target = target;
  }

  @Override
  public void accept(Batch batch) {
    target.append(batch);
  }
}
