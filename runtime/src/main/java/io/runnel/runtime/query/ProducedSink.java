package io.runnel.runtime.query;

import io.runnel.operators.batch.Batch;
import io.runnel.runtime.store.RelationStore;

/**
 * Appends a persistent query's result to its target as the query's own output ({@link
 * RelationStore#appendProduced}): rows the target already holds from an earlier run of the query, which a
 * restarted query produces again as it replays its input, are skipped, so each row is written once.
 */
final class ProducedSink extends CompletionSink {
  private final RelationStore target;
  private final String producer;
  private final long[] offered;

  ProducedSink(RelationStore target, String producer) {
    this.target = target;
    this.producer = producer;
    this.offered = new long[target.partitions()];
  }

  @Override
  public void accept(Batch batch) {
    target.appendProduced(producer, batch, offered);
  }
}
