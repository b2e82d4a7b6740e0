package io.runnel.runtime.store;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.KeyHash;
import io.runnel.operators.types.Schema;
import io.runnel.runtime.log.Rolling;
import io.runnel.runtime.query.SourceReader;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream or table split over several logs, {@code <dir>/0}, {@code <dir>/1}, ... A table's rows go to the
 * partition of their primary key's hash, so each key's changes stay in order in one log; a stream's
 * batches go to the partitions in turn.
 */
public final class PartitionedStore implements RelationStore {
  private final LogStore[] logs;
  private final int[] keys;
  private final AtomicLong nextPartition = new AtomicLong();

  private PartitionedStore(LogStore[] logs, int[] keys) {
    this.logs = logs;
    this.keys = keys;
  }

  /** Opens (or creates) the {@code partitions} logs under {@code dir}; one partition is a plain {@link LogStore}. */
  public static RelationStore open(Path dir, Schema schema, boolean bounded, int partitions, int[] keys) {
    return open(dir, schema, bounded, partitions, keys, Rolling.DAILY);
  }

  /**
   * Opens (or creates) the {@code partitions} logs under {@code dir}, their files rolling as {@code
   * rolling} says. A table's log (one with {@code keys}) that has grown to more than twice its live keys
   * is compacted first ({@link LogCompaction}): this is the only moment no reader has it open.
   */
  public static RelationStore open(Path dir, Schema schema, boolean bounded, int partitions, int[] keys, Rolling rolling) {
    return open(dir, schema, bounded, partitions, keys, rolling, true);
  }

  /**
   * As {@link #open(Path, Schema, boolean, int, int[], Rolling)}, but a table's log is compacted only if
   * {@code compact}: the log of a table whose rows are versions in event time keeps them all, so that a
   * temporal join read again from its start sees the versions it saw.
   */
  public static RelationStore open(Path dir, Schema schema, boolean bounded, int partitions, int[] keys, Rolling rolling, boolean compact) {
    LogStore[] logs = new LogStore[partitions];
    for (int p = 0; p < partitions; p++) {
      Path partition = dir.resolve(String.valueOf(p));
      if (keys.length > 0 && compact) {
        LogCompaction.compactIfGrown(partition, schema, keys, rolling);
      }
      logs[p] = LogStore.open(partition, schema, bounded, rolling);
    }
    return partitions == 1 ? logs[0] : new PartitionedStore(logs, keys.clone());
  }

  @Override
  public void append(Batch batch) {
    if (batch.size() == 0) {
      return;
    }
    if (keys.length == 0) {
      logs[(int) (nextPartition.getAndIncrement() % logs.length)].append(batch);
      return;
    }
    Batch[] parts = KeyHash.split(batch, KeyHash.partitions(batch, keys, logs.length), logs.length);
    for (int p = 0; p < parts.length; p++) {
      if (parts[p] != null) {
        logs[p].append(parts[p]);
      }
    }
  }

  @Override
  public void onAppend(Runnable wake) {
    for (LogStore log : logs) {
      log.onAppend(wake);
    }
  }

  @Override
  public void removeOnAppend(Runnable wake) {
    for (LogStore log : logs) {
      log.removeOnAppend(wake);
    }
  }

  @Override
  public void append(int partition, Batch batch) {
    logs[partition].append(batch);
  }

  @Override
  public void appendWatermark(long time) {
    for (LogStore log : logs) {
      log.appendWatermark(time);
    }
  }

  /** How many consecutive rows of a producer's output go to one partition of a stream. */
  static final int PRODUCED_RUN = 1024;

  @Override
  public void appendProduced(String producer, Batch batch, long[] offered) {
    if (batch.size() == 0) {
      return;
    }
    int[] partitionOf;
    if (keys.length > 0) {
      partitionOf = KeyHash.partitions(batch, keys, logs.length);
    } else {
      long first = 0; // the index of the batch's first row in the producer's output
      for (long n : offered) {
        first += n;
      }
      partitionOf = new int[batch.size()];
      for (int i = 0; i < partitionOf.length; i++) {
        partitionOf[i] = (int) (((first + i) / PRODUCED_RUN) % logs.length);
      }
    }
    Batch[] parts = KeyHash.split(batch, partitionOf, logs.length);
    for (int p = 0; p < parts.length; p++) {
      if (parts[p] != null) {
        logs[p].appendProduced(producer, parts[p], offered, p);
      }
    }
  }

  @Override
  public long produced(String producer, int partition) {
    return logs[partition].produced(producer, 0);
  }

  @Override
  public int partitions() {
    return logs.length;
  }

  @Override
  public SourceReader reader(int partition, boolean fromStart, boolean[] columns) {
    return logs[partition].reader(0, fromStart, columns);
  }

  @Override
  public SourceReader readerFrom(int partition, long row, boolean[] columns) {
    return logs[partition].readerFrom(0, row, columns);
  }

  @Override
  public long applyRetention(Retention retention) {
    long dropped = 0;
    for (LogStore log : logs) {
      dropped += log.applyRetention(retention);
    }
    return dropped;
  }

  @Override
  public long rowCount() {
    long rows = 0;
    for (LogStore log : logs) {
      rows += log.rowCount();
    }
    return rows;
  }

  @Override
  public long rowCount(int partition) {
    return logs[partition].rowCount();
  }

  @Override
  public void seal() {
    for (LogStore log : logs) {
      log.seal();
    }
  }

  @Override
  public boolean sealed() {
    return logs[0].sealed();
  }

  @Override
  public boolean bounded() {
    return logs[0].bounded();
  }

  @Override
  public void close() {
    for (LogStore log : logs) {
      log.close();
    }
  }
}
