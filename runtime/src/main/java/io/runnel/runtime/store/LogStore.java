package io.runnel.runtime.store;

import io.runnel.operators.batch.Batch;
import io.runnel.operators.batch.Batches;
import io.runnel.operators.types.Schema;
import io.runnel.runtime.codec.BinaryWriter;
import io.runnel.runtime.codec.RowCodec;
import io.runnel.runtime.log.ChronicleLog;
import io.runnel.runtime.log.Rolling;
import io.runnel.runtime.query.SourceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The log of one partition of a stream or table: batches encoded by {@link RowCodec}, at most {@value
 * #MAX_ROWS} rows an excerpt, those of persistent queries under a {@link ProducerTag}.
 */
public final class LogStore implements RelationStore {
  static final int MAX_ROWS = 4096;

  private final Path dir;
  private final ChronicleLog log;
  private final RowCodec codec;
  private final Batch passedWatermark; // what a reader returns for a watermark entry: no rows
  private final BinaryWriter writer = new BinaryWriter(); // guarded by this
  private final AtomicLong rows = new AtomicLong();
  private final boolean bounded;
  /** For each persistent query that wrote here, how many of its rows the log holds. Guarded by this. */
  private final Map<String, Long> produced = new HashMap<>();
  /** The rows and bytes of each roll cycle the log holds, oldest first. Guarded by this. */
  private final TreeMap<Integer, long[]> cycles = new TreeMap<>();
  /** What the log no longer holds; replaced (under {@link #cutLock}'s write lock) by a cut. */
  private volatile LogBase base;
  /** Readers poll under its read lock; a cut deletes files under its write lock, between their polls. */
  private final ReentrantReadWriteLock cutLock = new ReentrantReadWriteLock();
  private final Set<Reader> readers = ConcurrentHashMap.newKeySet();
  private volatile boolean sealed;
  private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();

  private LogStore(Path dir, ChronicleLog log, Schema schema, boolean bounded) {
    this.dir = dir;
    this.log = log;
    this.codec = new RowCodec(schema);
    this.passedWatermark = Batch.empty(schema);
    this.bounded = bounded;
    this.base = LogBase.read(dir);
    rows.set(base.rows());
    produced.putAll(base.produced());
    // an excerpt's tag, if any, and its row count are in its first bytes: [format version][row count varint]
    List<Integer> counted = new ArrayList<>();
    log.forEachPrefix(
        ProducerTag.PREFIX_BYTES,
        (cycle, length, bytes) -> {
          if (cycle < base.firstCycle()) {
            counted.add(cycle); // a cut wrote the base and then stopped before deleting this file
            return;
          }
          if (WatermarkEntry.is(bytes, 0, bytes.length)) {
            tally(cycle, 0, length);
            return;
          }
          ProducerTag.Read tag = ProducerTag.read(bytes, 0, bytes.length);
          long n;
          if (tag == null) {
            n = RowCodec.rowCount(bytes, 0, bytes.length);
          } else {
            n = tag.rows();
            produced.merge(tag.producer(), tag.end(), Math::max);
          }
          rows.addAndGet(n);
          tally(cycle, n, length);
        });
    counted.stream().distinct().forEach(log::deleteCycle);
  }

  public static LogStore open(Path dir, Schema schema, boolean bounded) {
    return open(dir, schema, bounded, Rolling.DAILY);
  }

  /**
   * Opens (or creates) the log of one partition in {@code dir}, its files rolling as {@code rolling} says,
   * finishing a compaction that was interrupted (see {@link LogGenerations}).
   */
  public static LogStore open(Path dir, Schema schema, boolean bounded, Rolling rolling) {
    Path current = LogGenerations.open(dir);
    return new LogStore(current, ChronicleLog.open(current, rolling), schema, bounded);
  }

  /** Counts an excerpt of {@code n} rows and {@code length} bytes in roll cycle {@code cycle}. */
  private void tally(int cycle, long n, int length) {
    long[] counts = cycles.computeIfAbsent(cycle, c -> new long[2]);
    counts[0] += n;
    counts[1] += length;
  }

  @Override
  public synchronized void append(Batch batch) {
    for (int from = 0; from < batch.size(); from += MAX_ROWS) {
      int to = Math.min(batch.size(), from + MAX_ROWS);
      writer.reset();
      codec.encode(batch, from, to, writer);
      log.append(writer.array(), writer.size());
      rows.addAndGet(to - from);
      tally(log.lastAppendCycle(), to - from, writer.size());
    }
    appended();
  }

  private void appended() {
    for (Runnable wake : appendListeners) {
      wake.run();
    }
  }

  @Override
  public void onAppend(Runnable wake) {
    appendListeners.add(wake);
  }

  @Override
  public void removeOnAppend(Runnable wake) {
    appendListeners.remove(wake);
  }

  @Override
  public void append(int partition, Batch batch) {
    Objects.checkIndex(partition, 1);
    append(batch);
  }

  @Override
  public synchronized void appendWatermark(long time) {
    writer.reset();
    WatermarkEntry.write(time, writer);
    log.append(writer.array(), writer.size());
    tally(log.lastAppendCycle(), 0, writer.size());
    appended(); // a reader parked long meets the watermark now
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
      tally(log.lastAppendCycle(), to - from, writer.size());
      produced.put(producer, sequence + (to - skip));
    }
    if (skip < batch.size()) {
      appended();
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

  /**
   * {@inheritDoc} Rows are numbered from the first row the log ever held, whatever retention or compaction
   * removed since: a reader asked for a row the log no longer holds (before its base) starts at the first
   * row it still holds, since the rows before are gone; after a compaction, a reader asked for a row of
   * the snapshot starts at the snapshot's first row, which reads the latest row of every key again.
   */
  @Override
  public SourceReader readerFrom(int partition, long row, boolean[] columns) {
    Objects.checkIndex(partition, 1);
    if (row < 0) {
      throw new IllegalArgumentException("row " + row);
    }
    return new Reader(true, row, columns);
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
    return new Reader(fromStart, fromStart ? 0 : -1, columns);
  }

  /**
   * Drops what {@code retention} no longer keeps: whole roll cycles, oldest first, each entirely older
   * than the retention by the log's clock or while the log is over its size, never the cycle being
   * written. The base (rows dropped, producers' counts) is written before any file is deleted. Returns how
   * many rows were dropped.
   */
  @Override
  public synchronized long applyRetention(Retention retention) {
    if (retention.isNone()) {
      return 0;
    }
    int current = Math.max(log.lastCycle(), log.lastAppendCycle());
    long now = log.currentTimeMillis();
    long bytes = 0;
    for (long[] counts : cycles.values()) {
      bytes += counts[1];
    }
    List<Integer> drop = new ArrayList<>();
    long dropped = 0;
    for (Map.Entry<Integer, long[]> e : cycles.entrySet()) {
      int cycle = e.getKey();
      boolean old = retention.maxAgeMillis() > 0 && log.cycleEndMillis(cycle) <= now - retention.maxAgeMillis();
      boolean over = retention.maxBytes() > 0 && bytes > retention.maxBytes();
      if (cycle >= current || (!old && !over)) {
        break;
      }
      drop.add(cycle);
      dropped += e.getValue()[0];
      bytes -= e.getValue()[1];
    }
    if (drop.isEmpty()) {
      return 0;
    }
    int lastDropped = drop.get(drop.size() - 1);
    Integer firstKept = cycles.higherKey(lastDropped);
    LogBase next = base.cut(dropped, firstKept != null ? firstKept : lastDropped + 1, produced);
    cutLock.writeLock().lock();
    try {
      next.write(dir); // before deleting: files a crash leaves behind are then known as counted
      base = next;
      for (int cycle : drop) {
        log.deleteCycle(cycle);
        cycles.remove(cycle);
      }
      for (Reader reader : readers) {
        reader.cutAt(next.rows());
      }
    } finally {
      cutLock.writeLock().unlock();
    }
    return dropped;
  }

  /** Reads batches from an absolute row of the log on (or from its end, when that row is -1). */
  private final class Reader implements SourceReader {
    private final boolean fromStart;
    private final long from;
    private final boolean[] columns;
    private ChronicleLog.Reader reader;
    private boolean started;
    private boolean restart; // set by a cut, acted on by the polling thread, which owns the tailer
    private long skip;
    private volatile long position; // -1: read from the end, at an unknown row; read by other threads for lag
    private boolean exhausted;
    private long watermark = Long.MIN_VALUE; // the largest watermark entry passed

    Reader(boolean fromStart, long from, boolean[] columns) {
      this.fromStart = fromStart;
      this.from = from;
      this.columns = columns;
      // a reader from the end fixes the end now; one from a row finds it at its first poll, when it knows the base
      this.reader = fromStart ? null : log.reader(false);
      this.position = fromStart ? Math.max(from, base.rows()) : -1;
      readers.add(this);
    }

    /** Called by a cut that dropped every row before {@code newBase}: a reader not past it starts again there. */
    void cutAt(long newBase) {
      if (!started || position < 0 || position > newBase) {
        return;
      }
      // its tailer may be inside a deleted file; a new one starts at the first file left
      long target = position + skip;
      skip = Math.max(0, target - newBase);
      position = newBase;
      restart = true;
    }

    private void start() {
      started = true;
      if (fromStart) {
        LogBase b = base;
        long first = from < b.snapshotEnd() ? b.rows() : from;
        // position counts the rows the tailer passes, skipped ones included: it starts at the log's first row
        skip = first - b.rows();
        position = b.rows();
        reader = log.reader(true);
      }
    }

    @Override
    public Batch poll() {
      cutLock.readLock().lock();
      try {
        if (!started) {
          start();
        } else if (restart) {
          restart = false;
          reader.close();
          reader = log.reader(true);
        }
        return next();
      } finally {
        cutLock.readLock().unlock();
      }
    }

    private Batch next() {
      while (true) {
        // read the seal flag before polling: if sealed then and nothing is left, nothing ever will be
        boolean wasSealed = sealed;
        int length = reader.nextInBuffer();
        if (length < 0) {
          exhausted = wasSealed;
          return null;
        }
        byte[] buffer = reader.buffer();
        if (WatermarkEntry.is(buffer, 0, length)) {
          watermark = Math.max(watermark, WatermarkEntry.read(buffer, 0, length));
          return passedWatermark;
        }
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
    public long watermark() {
      return watermark;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public void close() {
      readers.remove(this);
      cutLock.readLock().lock();
      try {
        if (reader != null) {
          reader.close();
        }
      } finally {
        cutLock.readLock().unlock();
      }
    }
  }

  /** What the log no longer holds (for compaction, which carries it over). */
  LogBase base() {
    return base;
  }

  /** How many rows of each producer the log holds (for compaction, which carries them over). */
  synchronized Map<String, Long> producedCounts() {
    return Map.copyOf(produced);
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
