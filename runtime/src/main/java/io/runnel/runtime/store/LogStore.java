package io.runnel.runtime.store;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.types.Schema;
import io.runnel.runtime.codec.BinaryWriter;
import io.runnel.runtime.codec.RowCodec;
import io.runnel.runtime.log.ChronicleLog;
import io.runnel.runtime.query.SourceReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log of one partition of a stream or table: batches encoded by {@link RowCodec}, at most {@value
 * #MAX_ROWS} rows an excerpt, those of persistent queries under a {@link ProducerTag}.
 */
public final class LogStore implements RelationStore {
  static final int MAX_ROWS = 4096;

  private final ChronicleLog log;
  private final RowCodec codec;
  private final BinaryWriter writer = new BinaryWriter(); // guarded by this
  private final AtomicLong rows = new AtomicLong();
  private final boolean bounded;
  /** For each persistent query that wrote here, how many of its rows the log holds. Guarded by this. */
  private final Map<String, Long> produced = new HashMap<>();
  private volatile boolean sealed;

  private LogStore(ChronicleLog log, Schema schema, boolean bounded) {
    this.log = log;
    this.codec = new RowCodec(schema);
    this.bounded = bounded;
    // an excerpt's tag, if any, and its row count are in its first bytes: [format version][row count varint]
    log.forEachPrefix(
        ProducerTag.PREFIX_BYTES,
        bytes -> {
          ProducerTag.Read tag = ProducerTag.read(bytes, 0, bytes.length);
          if (tag == null) {
            rows.addAndGet(RowCodec.rowCount(bytes, 0, bytes.length));
          } else {
            rows.addAndGet(tag.rows());
            produced.merge(tag.producer(), tag.end(), Math::max);
          }
        });
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
  public void appendProduced(String producer, Batch batch, long[] offered) {
    appendProduced(producer, batch, offered, 0);
  }

  /**
   * Appends the rows of {@code batch} that this log does not hold yet from {@code producer}: {@code
   * offered[slot]} is how many of the producer's rows were offered to this log before the batch (and is
   * advanced past it), so the first rows of the batch are skipped while that count is below what the log
   * holds.
   */
  synchronized void appendProduced(String producer, Batch batch, long[] offered, int slot) {
    long held = produced.getOrDefault(producer, 0L);
    int skip = (int) Math.min(batch.size(), Math.max(0, held - offered[slot]));
    long sequence = offered[slot] + skip;
    offered[slot] += batch.size();
    for (int from = skip; from < batch.size(); from += MAX_ROWS) {
      int to = Math.min(batch.size(), from + MAX_ROWS);
      writer.reset();
      ProducerTag.write(producer, sequence + (from - skip), writer);
      codec.encode(batch, from, to, writer);
      log.append(writer.array(), writer.size());
      rows.addAndGet(to - from);
      produced.put(producer, sequence + (to - skip));
    }
  }

  @Override
  public synchronized long produced(String producer, int partition) {
    Objects.checkIndex(partition, 1);
    return produced.getOrDefault(producer, 0L);
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
  public SourceReader readerFrom(int partition, long row, boolean[] columns) {
    Objects.checkIndex(partition, 1);
    return new Reader(log.reader(true), row, columns);
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
    return new Reader(log.reader(fromStart), fromStart ? 0 : -1, columns);
  }

  /** Reads batches from row {@code skip} of the log on (or from its end, when {@code skip} is -1). */
  private final class Reader implements SourceReader {
    private final ChronicleLog.Reader reader;
    private final boolean[] columns;
    private long skip;
    private volatile long position; // -1: read from the end, at an unknown row; read by other threads for lag
    private boolean exhausted;

    Reader(ChronicleLog.Reader reader, long from, boolean[] columns) {
      this.reader = reader;
      this.columns = columns;
      this.skip = Math.max(0, from);
      this.position = from < 0 ? -1 : 0;
    }

    @Override
    public Batch poll() {
      while (true) {
        // read the seal flag before polling: if sealed then and nothing is left, nothing ever will be
        boolean wasSealed = sealed;
        int length = reader.nextInBuffer();
        if (length < 0) {
          exhausted = wasSealed;
          return null;
        }
        byte[] buffer = reader.buffer();
        int payload = ProducerTag.payloadOffset(buffer, 0, length);
        if (skip > 0) {
          long n = RowCodec.rowCount(buffer, payload, length - payload);
          if (n <= skip) { // before the start: only its header is read
            skip -= n;
            position += n;
            continue;
          }
        }
        Batch batch = codec.decode(buffer, payload, length - payload, columns);
        if (skip > 0) {
          batch = Batches.slice(batch, (int) skip, batch.size());
          position += skip;
          skip = 0;
        }
        if (position >= 0) {
          position += batch.size();
        }
        return batch;
      }
    }

    @Override
    public boolean exhausted() {
      return exhausted;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public void close() {
      reader.close();
    }
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
