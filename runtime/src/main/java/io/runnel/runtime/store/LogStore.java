package io.runnel.runtime.store;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.types.Schema;
import io.runnel.runtime.codec.BinaryWriter;
import io.runnel.runtime.codec.RowCodec;
import io.runnel.runtime.log.ChronicleLog;
import io.runnel.runtime.query.SourceReader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** The log of one partition of a stream or table: batches encoded by {@link RowCodec}, at most {@value #MAX_ROWS} rows an excerpt. */
public final class LogStore implements RelationStore {
  static final int MAX_ROWS = 4096;

  private final ChronicleLog log;
  private final RowCodec codec;
  private final BinaryWriter writer = new BinaryWriter(); // guarded by this
  private final AtomicLong rows = new AtomicLong();
  private final boolean bounded;
  private volatile boolean sealed;

  private LogStore(ChronicleLog log, Schema schema, boolean bounded) {
    this.log = log;
    this.codec = new RowCodec(schema);
    this.bounded = bounded;
    // an excerpt's row count is in its first bytes: [format version][row count varint]
    log.forEachPrefix(16, bytes -> rows.addAndGet(RowCodec.rowCount(bytes, 0, bytes.length)));
  }

  public static LogStore open(Path dir, Schema schema, boolean bounded) {
    return new LogStore(ChronicleLog.open(dir), schema, bounded);
  }

  @Override
  public synchronized void append(Batch batch) {
    for (int from = 0; from < batch.size(); from += MAX_ROWS) {
      int to = Math.min(batch.size(), from + MAX_ROWS);
      writer.reset();
      codec.encode(batch, from, to, writer);
      log.append(writer.array(), writer.size());
      rows.addAndGet(to - from);
    }
  }

  @Override
  public void append(int partition, Batch batch) {
    Objects.checkIndex(partition, 1);
    append(batch);
  }

  @Override
  public int partitions() {
    return 1;
  }

  @Override
  public SourceReader reader(int partition, boolean fromStart, boolean[] columns) {
    Objects.checkIndex(partition, 1);
    return reader(fromStart, columns);
  }

  @Override
  public long rowCount(int partition) {
    Objects.checkIndex(partition, 1);
    return rowCount();
  }

  /** A reader from the start of the log, or from its end (new rows only). */
  public SourceReader reader(boolean fromStart) {
    return reader(fromStart, null);
  }

  private SourceReader reader(boolean fromStart, boolean[] columns) {
    ChronicleLog.Reader reader = log.reader(fromStart);
    return new SourceReader() {
      private boolean exhausted;

      @Override
      public Batch poll() {
        // read the seal flag before polling: if sealed then and nothing is left, nothing ever will be
        boolean wasSealed = sealed;
        int length = reader.nextInBuffer();
        if (length < 0) {
          exhausted = wasSealed;
          return null;
        }
        return codec.decode(reader.buffer(), 0, length, columns);
      }

      @Override
      public boolean exhausted() {
        return exhausted;
      }

      @Override
      public void close() {
        reader.close();
      }
    };
  }

  @Override
  public long rowCount() {
    return rows.get();
  }

  @Override
  public void seal() {
    sealed = true;
  }

  @Override
  public boolean sealed() {
    return sealed;
  }

  @Override
  public boolean bounded() {
    return bounded;
  }

  @Override
  public void close() {
    log.close();
  }
}
