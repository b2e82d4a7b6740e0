package io.runnel.runtime.store;

import static java.util.Objects.requireNonNull;

import io.runnel.operators.batch.Batch;

/**
 * One output of a persistent query into one log: its result, its late rows or its errors. Appends go
 * through {@link RelationStore#appendProduced}, so rows the log already holds from the query are skipped;
 * {@link #offered} is what a checkpoint records, so that a query restored from one goes on counting where
 * it was. Thread-safe: a query's tasks may report from their own threads.
 */
public final class ProducedOutput {
  private final RelationStore store;
  private final String producer;
  private final long[] offered;

  public ProducedOutput(RelationStore store, String producer) {
    this.store = requireNonNull(store, "store is null");
    this.producer = requireNonNull(producer, "producer is null");
    this.offered = new long[store.partitions()];
  }

  public synchronized void append(Batch batch) {
    store.appendProduced(producer, batch, offered);
  }

  /** How many of the query's rows were offered to each partition so far. */
  public synchronized long[] offered() {
    return offered.clone();
  }

  /** Goes on from counts {@link #offered} gave (those of a checkpoint); a count of another length is refused. */
  public synchronized void restore(long[] counts) {
    if (counts.length != offered.length) {
      throw new IllegalArgumentException("the output had " + counts.length + " partitions, it has " + offered.length);
    }
    System.arraycopy(counts, 0, offered, 0, counts.length);
  }
}
