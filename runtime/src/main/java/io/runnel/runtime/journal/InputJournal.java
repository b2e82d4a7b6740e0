package io.runnel.runtime.journal;

import io.runnel.runtime.codec.BinaryReader;
import io.runnel.runtime.codec.BinaryWriter;
import io.runnel.runtime.log.ChronicleLog;
import io.runnel.runtime.log.Directories;
import io.runnel.runtime.log.Rolling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
 * <p>Entries are numbered from the journal's first entry ever. A checkpoint needs the entries from its own
 * on, so once it is written the entries before the oldest checkpoint kept are {@link #trim}med: whole roll
 * cycles (an hour each) are deleted, and a {@link JournalBase} keeps the number of the first entry left.
 * Opening counts the entries of each cycle from Chronicle's index, and a replay moves straight to its
 * first entry: neither reads the entries before.
 *
 * <p>Used by the task's thread only, but for {@link #trim}, which the thread writing a checkpoint calls while
 * every task of the query is stopped at it.
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

  /** The name of a file of a daily roll cycle ({@code yyyyMMdd'F'}). */
  private static final Pattern DAILY_FILE = Pattern.compile("[0-9]{8}F\\.cq4");

  private final Path dir;
  private final ChronicleLog log;
  private final BinaryWriter writer = new BinaryWriter();
  private JournalBase base;
  /** For each roll cycle the journal keeps, the number of its first entry (a cycle's entries are numbered on). */
  private final TreeMap<Integer, Long> cycles;
  private long size;
  private TaskClock clock; // told before an entry of input, or null

  private InputJournal(Path dir, ChronicleLog log, JournalBase base, TreeMap<Integer, Long> cycles, long size) {
    this.dir = dir;
    this.log = log;
    this.base = base;
    this.cycles = cycles;
    this.size = size;
  }

  /** Opens (or creates) the journal in {@code dir}, its files rolling hourly. */
  public static InputJournal open(Path dir) {
    return open(dir, Rolling.HOURLY);
  }

  /**
   * Opens (or creates) the journal in {@code dir}, its files rolling as {@code rolling} says; one written
   * before journals rolled hourly goes on rolling daily, as its files do. Its size comes from each roll
   * cycle's count of excerpts, not from reading them. Cycles a trim freed but a crash left are deleted.
   */
  public static InputJournal open(Path dir, Rolling rolling) {
    ChronicleLog log = ChronicleLog.open(dir, rollsDaily(dir) ? Rolling.DAILY : rolling);
    try {
      JournalBase base = JournalBase.read(dir);
      TreeMap<Integer, Long> cycles = new TreeMap<>();
      List<Integer> freed = new ArrayList<>();
      long next = base.entries();
      for (int cycle : log.cycles()) {
        if (cycle < base.firstCycle()) {
          freed.add(cycle); // a trim wrote the base and then stopped before deleting this file
          continue;
        }
        cycles.put(cycle, next);
        next += log.excerpts(cycle);
      }
      freed.forEach(log::deleteCycle);
      return new InputJournal(dir, log, base, cycles, next);
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
  }

  /** True if {@code dir} holds files of daily roll cycles: a journal written before journals rolled hourly. */
  private static boolean rollsDaily(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> DAILY_FILE.matcher(f.getFileName().toString()).matches());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * How many entries the journal has held since it began, those trimmed included: the position a checkpoint
   * records, and the number the next entry takes.
   */
  public long size() {
    return size;
  }

  /** The number of the first entry the journal still holds: those before it were trimmed. */
  public long start() {
    return base.entries();
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
    int cycle = log.cycleOf(log.append(writer.array(), writer.size()));
    cycles.putIfAbsent(cycle, size);
    size++;
  }

  /**
   * Frees the journal's entries before entry {@code from}, as far as whole roll cycles allow: every cycle
   * whose entries all come before it is deleted, never the one holding it (nor so the one being written).
   * The base is written first, so a crash before the files are gone leaves them known as freed.
   */
  public void trim(long from) {
    if (from > size) {
      throw new IllegalArgumentException("entry " + from + ": the journal holds " + size);
    }
    Map.Entry<Integer, Long> keep = cycleHolding(from);
    if (keep == null || keep.getKey().equals(cycles.firstKey())) {
      return;
    }
    NavigableSet<Integer> freed = log.cycles().headSet(keep.getKey(), false);
    JournalBase next = new JournalBase(keep.getValue(), keep.getKey());
    next.write(dir);
    base = next;
    cycles.headMap(keep.getKey()).clear();
    freed.forEach(log::deleteCycle);
  }

  /** The last roll cycle whose first entry is entry {@code entry} or one before, or null if none is. */
  private Map.Entry<Integer, Long> cycleHolding(long entry) {
    for (Map.Entry<Integer, Long> e : cycles.descendingMap().entrySet()) {
      if (e.getValue() <= entry) {
        return e;
      }
    }
    return null;
  }

  /**
   * The entries from entry {@code from} on, to be replayed; a reader of the journal as it is now, which
   * starts at that entry's place in its roll cycle. {@code from} must be an entry the journal holds, or its
   * size.
   */
  public Replay replay(long from) {
    return new Replay(from);
  }

  /** Replays entries in order; {@link #next} is null once the journal's end is reached. */
  public final class Replay implements AutoCloseable {
    private final ChronicleLog.Reader reader = log.reader(true);
    private long position;
    private final long end = size;

    private Replay(long from) {
      if (from < start() || from > size) {
        reader.close();
        throw new IllegalArgumentException("entry " + from + ": the journal holds entries " + start() + " to " + size);
      }
      position = from;
      Map.Entry<Integer, Long> cycle = cycleHolding(from);
      if (from < end && !reader.moveTo(cycle.getKey(), from - cycle.getValue())) {
        reader.close();
        throw new IllegalStateException("entry " + from + " is not in the journal's files in " + dir);
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
