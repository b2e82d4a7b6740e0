package io.runnel.runtime.journal;

import io.runnel.runtime.codec.BinaryReader;
import io.runnel.runtime.codec.BinaryWriter;
import io.runnel.runtime.log.ChronicleLog;
import io.runnel.runtime.log.Directories;
import java.nio.file.Path;

/**
 * What one task of a persistent query consumed, in order, in a log of its own ({@code journal/<query>/}, or
 * {@code journal/<query>/<task>/} for each task of a query on several): each segment of rows it took from a
 * source partition, each watermark it gave a source, and how many elements it took from the channel of
 * each other task. A task that reads more than one partition (of one stream or of several), or that
 * receives from other tasks, takes its input in an order that depends on when it arrived; the journal
 * makes that order part of the record, so that a recovered task, replaying the journal from its
 * checkpoint's entry, consumes the same rows and elements in the same order and meets the same
 * watermarks, and regenerates its output row for row. Entries are written before the task acts on them.
 * A source that goes idle (by the clock) is an entry too, so idle timeouts replay as they happened.
 *
 * <p>Processing time is recorded as its {@link TaskClock} says: {@code TIME} entries (the clock reads this
 * from here on) and {@code TICK} entries (the operators were given this time, and it gave something), so
 * that early firing, {@code PROCTIME()} and far-ahead watermark candidates replay as they happened.
 *
 * <p>Used by the task's thread only.
 */
public final class InputJournal implements AutoCloseable {
  /**
   * An entry: rows taken ({@code value} rows of partition {@code from} of source {@code vertex}), a
   * watermark ({@code value}) given to source {@code vertex}, source {@code vertex} gone idle, elements
   * received ({@code value} elements from the channel of task {@code from}), the clock reading {@code
   * value}, or the operators given time {@code value}.
   */
  public record Entry(Kind kind, int vertex, int from, long value) {}

  public enum Kind {
    ROWS,
    WATERMARK,
    IDLE,
    RECEIVED,
    TIME,
    TICK
  }

  private final ChronicleLog log;
  private final BinaryWriter writer = new BinaryWriter();
  private long size;
  private TaskClock clock; // told before an entry of input, or null

  private InputJournal(ChronicleLog log, long size) {
    this.log = log;
    this.size = size;
  }

  public static InputJournal open(Path dir) {
    ChronicleLog log = ChronicleLog.open(dir);
    long[] size = {0};
    log.forEachPrefix(1, bytes -> size[0]++);
    return new InputJournal(log, size[0]);
  }

  /** How many entries the journal holds: the position a checkpoint records. */
  public long size() {
    return size;
  }

  /** The clock whose times this journal records: it may put the time before an entry of input. */
  void timedBy(TaskClock taskClock) {
    this.clock = taskClock;
  }

  public void rows(int vertex, int partition, int rows) {
    beforeInput();
    append(Kind.ROWS, vertex, partition, rows);
  }

  public void watermark(int vertex, long watermark) {
    beforeInput();
    append(Kind.WATERMARK, vertex, 0, watermark);
  }

  public void idle(int vertex) {
    beforeInput();
    append(Kind.IDLE, vertex, 0, 0);
  }

  /** The next {@code elements} elements of the channel from task {@code sender} were taken. */
  public void received(int sender, int elements) {
    beforeInput();
    append(Kind.RECEIVED, 0, sender, elements);
  }

  /** The task's clock reads {@code millis} from here on. */
  public void time(long millis) {
    append(Kind.TIME, 0, 0, millis);
  }

  /** The task gave its operators time {@code millis}, and they gave something. */
  public void tick(long millis) {
    append(Kind.TICK, 0, 0, millis);
  }

  private void beforeInput() {
    if (clock != null) {
      clock.beforeInput();
    }
  }

  private void append(Kind kind, int vertex, int from, long value) {
    writer.reset();
    writer.writeByte(kind.ordinal());
    writer.writeVarLong(vertex);
    writer.writeVarLong(from);
    writer.writeZigZag(value);
    log.append(writer.array(), writer.size());
    size++;
  }

  /** The entries from entry {@code from} on, to be replayed; a reader of the journal as it is now. */
  public Replay replay(long from) {
    return new Replay(from);
  }

  /** Replays entries in order; {@link #next} is null once the journal's end is reached. */
  public final class Replay implements AutoCloseable {
    private final ChronicleLog.Reader reader = log.reader(true);
    private long position;
    private final long end = size;

    private Replay(long from) {
      while (position < from && reader.nextInBuffer() >= 0) {
        position++;
      }
    }

    /** The next entry, or null when every entry written before the replay began has been replayed. */
    public Entry next() {
      if (position >= end) {
        return null;
      }
      int length = reader.nextInBuffer();
      if (length < 0) {
        return null;
      }
      position++;
      BinaryReader in = new BinaryReader(reader.buffer(), 0, length);
      Kind kind = Kind.values()[in.readByte()];
      int vertex = (int) in.readVarLong();
      int from = (int) in.readVarLong();
      return new Entry(kind, vertex, from, in.readZigZag());
    }

    @Override
    public void close() {
      reader.close();
    }
  }

  /** Deletes the journal of a query that is gone. */
  public static void delete(Path dir) {
    Directories.deleteRecursively(dir);
  }

  @Override
  public void close() {
    log.close();
  }
}
