package io.runnel.runtime.log;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.io.IORuntimeException;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * An append-only log of byte excerpts on a Chronicle Queue. Appends are atomic per excerpt: an excerpt
 * whose writing fails is rolled back and never becomes visible. Appends may come from any thread (they
 * are serialized here); each {@link Reader} belongs to the one thread that polls it.
 */
public final class ChronicleLog implements AutoCloseable {
  private final Path dir;
  private final ChronicleQueue queue;
  private final DiskSpace space;
  private ExcerptAppender appender; // guarded by this
  private long lastIndex; // guarded by this: the index of the last excerpt, once the appender exists

  private ChronicleLog(Path dir, ChronicleQueue queue) {
    this.dir = dir;
    this.queue = queue;
    this.space = DiskSpace.of(dir);
  }

  public static ChronicleLog open(Path dir) {
    return new ChronicleLog(dir, SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY).build());
  }

  /** Opens (or creates) a log whose files roll as {@code rolling} says. */
  public static ChronicleLog open(Path dir, Rolling rolling) {
    return new ChronicleLog(dir, SingleChronicleQueueBuilder.binary(dir).rollCycle(rolling.cycle()).timeProvider(rolling.time()).build());
  }

  /**
   * Appends {@code bytes[0, length)} as one excerpt. Refused ({@link ErrorCode#DISK_FULL}) before anything
   * is written when the disk is nearly full ({@link DiskSpace}); an append that fails all the same, in
   * Chronicle, throws {@link ErrorCode#DISK_FULL} or {@link ErrorCode#IO_ERROR} and is then either not in the
   * log, now or later, or (when it failed after its excerpt was published) not reported as failed. Returns
   * the excerpt's index ({@link #cycleOf} tells its roll cycle).
   */
  public synchronized long append(byte[] bytes, int length) {
    space.require(dir, length);
    try {
      if (appender == null) {
        appender = queue.createAppender();
        lastIndex = queue.lastIndex();
      }
      // appends are serialized by this lock, so the appender may move between threads
      appender.singleThreadedCheckReset();
      try (DocumentContext dc = appender.writingDocument()) {
        try {
          dc.wire().bytes().write(bytes, 0, length);
        } catch (RuntimeException | Error e) {
          dc.rollbackOnClose();
          throw e;
        }
      }
      lastIndex = appender.lastIndexAppended();
    } catch (InternalError | IORuntimeException | UncheckedIOException e) {
      // a fault in a mapped page (the disk filled up under us) or a file that could not be created or grown
      if (!published()) {
        throw failed(e);
      }
    }
    space.appended(length);
    return lastIndex;
  }

  /**
   * After a failed append: true if its excerpt was published all the same (the fault came after its
   * header was completed, while indexing it), so that the append took place. The appender is dropped:
   * the next one finds the log's end afresh.
   */
  private boolean published() {
    ExcerptAppender broken = appender;
    appender = null;
    try {
      broken.close();
      if (queue.lastIndex() > lastIndex) {
        lastIndex = queue.lastIndex();
        return true;
      }
      return false;
    } catch (RuntimeException | Error e) {
      return false; // the log cannot be read either: the append is reported as failed
    }
  }

  private RunnelException failed(Throwable e) {
    if (e instanceof InternalError) {
      return new RunnelException(
          ErrorCode.DISK_FULL,
          null,
          "Appending to " + dir + " failed: the disk is full (" + e.getMessage() + ")",
          "Free space on that disk; queries that failed on it start again by themselves.",
          e);
    }
    return new RunnelException(
        ErrorCode.IO_ERROR, null, "Appending to " + dir + " failed: " + e.getMessage(), "Check that the directory is writable and its disk has space.", e);
  }

  /** A reader from the start of the log, or from its end (only excerpts appended later). */
  public Reader reader(boolean fromStart) {
    return new Reader(fromStart);
  }

  /** Calls {@code visit} with every excerpt in the log, in order, on this thread. */
  public void forEach(Consumer<byte[]> visit) {
    forEachPrefix(Integer.MAX_VALUE, visit);
  }

  /** Like {@link #forEach} with only the first {@code maxBytes} of each excerpt: for reading headers. */
  public void forEachPrefix(int maxBytes, Consumer<byte[]> visit) {
    try (Reader r = reader(true)) {
      byte[] bytes;
      while ((bytes = r.next(maxBytes)) != null) {
        visit.accept(bytes);
      }
    }
  }

  /** Visits an excerpt's head: the roll cycle holding it, its full length, and its first bytes. */
  @FunctionalInterface
  public interface ExcerptVisitor {
    void visit(int cycle, int length, byte[] prefix);
  }

  /** Calls {@code visit} with the first {@code maxBytes} of every excerpt, in order, with its cycle and length. */
  public void forEachPrefix(int maxBytes, ExcerptVisitor visit) {
    try (ExcerptTailer tailer = queue.createTailer()) {
      while (true) {
        try (DocumentContext dc = tailer.readingDocument()) {
          if (!dc.isPresent()) {
            return;
          }
          Bytes<?> bytes = dc.wire().bytes();
          int length = (int) bytes.readRemaining();
          byte[] prefix = new byte[Math.min(maxBytes, length)];
          bytes.read(prefix);
          visit.visit(queue.rollCycle().toCycle(dc.index()), length, prefix);
        }
      }
    }
  }

  /** The roll cycle the last append went to, or -1 before the first append of this log object. */
  public synchronized int lastAppendCycle() {
    return appender == null ? -1 : appender.cycle();
  }

  /** The roll cycle of the excerpt at {@code index}, as {@link #append} returned it. */
  public int cycleOf(long index) {
    return queue.rollCycle().toCycle(index);
  }

  /** The roll cycles the log has a file for, oldest first. */
  public NavigableSet<Integer> cycles() {
    SingleChronicleQueue q = (SingleChronicleQueue) queue;
    q.refreshDirectoryListing();
    NavigableSet<Integer> cycles = new TreeSet<>();
    int first = q.firstCycle();
    int last = q.lastCycle();
    if (first <= last) {
      q.listCyclesBetween(first, last).forEach(c -> cycles.add(Math.toIntExact(c)));
    }
    return cycles;
  }

  /**
   * How many excerpts roll cycle {@code cycle} holds (0 when it has no file), from the cycle's index and
   * its end, without reading them.
   */
  public long excerpts(int cycle) {
    try (ExcerptTailer tailer = queue.createTailer()) {
      return Math.max(0, tailer.excerptsInCycle(cycle));
    }
  }

  /** The newest roll cycle the log has a file for (the one being written), or {@link Integer#MIN_VALUE} when none. */
  public int lastCycle() {
    return ((SingleChronicleQueue) queue).lastCycle();
  }

  /** When roll cycle {@code cycle} ends: excerpts appended from then on go to a later cycle. */
  public long cycleEndMillis(int cycle) {
    return ((SingleChronicleQueue) queue).epoch() + (cycle + 1L) * queue.rollCycle().lengthInMillis();
  }

  /** The time by the log's clock, the one that decides an append's roll cycle. */
  public long currentTimeMillis() {
    return ((SingleChronicleQueue) queue).time().currentTimeMillis();
  }

  /**
   * Deletes the file of roll cycle {@code cycle}, which must be older than the cycle being written. A
   * reader inside it goes on reading what it has mapped; a reader created later starts after it.
   */
  public void deleteCycle(int cycle) {
    if (cycle >= ((SingleChronicleQueue) queue).lastCycle()) {
      throw new IllegalArgumentException("cycle " + cycle + " is being written");
    }
    SingleChronicleQueue q = (SingleChronicleQueue) queue;
    String name =
        DateTimeFormatter.ofPattern(q.rollCycle().format())
                .withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(q.epoch() + (long) cycle * q.rollCycle().lengthInMillis()))
            + SingleChronicleQueue.SUFFIX;
    try {
      Files.deleteIfExists(q.file().toPath().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    q.refreshDirectoryListing();
  }

  /** Reads excerpts in order; the tailer is created by the first read, on the polling thread. */
  public final class Reader implements AutoCloseable {
    private ExcerptTailer tailer;
    private byte[] buffer = new byte[0];

    private Reader(boolean fromStart) {
      if (!fromStart) {
        // fix the end now, so that whatever is appended after this call is read
        tailer = queue.createTailer().toEnd();
        tailer.singleThreadedCheckReset();
      }
    }

    /**
     * Reads the next excerpt into a buffer this reader keeps and reuses ({@link #buffer()}); returns its
     * length, or -1 if there is none yet. The bytes stay valid until the next call.
     */
    public int nextInBuffer() {
      try (DocumentContext dc = tailer().readingDocument()) {
        if (!dc.isPresent()) {
          return -1;
        }
        Bytes<?> bytes = dc.wire().bytes();
        int length = (int) bytes.readRemaining();
        if (buffer.length < length) {
          buffer = new byte[Math.max(length, 2 * buffer.length)];
        }
        bytes.read(buffer, 0, length);
        return length;
      }
    }

    /** The buffer {@link #nextInBuffer()} reads into. */
    public byte[] buffer() {
      return buffer;
    }

    /** The first {@code maxBytes} of the next excerpt (the rest is skipped), or null if there is none yet. */
    byte[] next(int maxBytes) {
      try (DocumentContext dc = tailer().readingDocument()) {
        if (!dc.isPresent()) {
          return null;
        }
        Bytes<?> bytes = dc.wire().bytes();
        byte[] out = new byte[(int) Math.min(maxBytes, bytes.readRemaining())];
        bytes.read(out);
        return out;
      }
    }

    /**
     * Moves to excerpt {@code sequence} of roll cycle {@code cycle} (the cycle's first is 0): the next read
     * returns it. False if the log holds no such excerpt.
     */
    public boolean moveTo(int cycle, long sequence) {
      return tailer().moveToIndex(queue.rollCycle().toIndex(cycle, sequence));
    }

    /** The tailer, created on the polling thread by its first read. */
    private ExcerptTailer tailer() {
      if (tailer == null) {
        tailer = queue.createTailer();
      }
      tailer.singleThreadedCheckReset();
      return tailer;
    }

    @Override
    public void close() {
      if (tailer != null) {
        tailer.close();
      }
    }
  }

  @Override
  public synchronized void close() {
    if (appender != null) {
      appender.close();
    }
    queue.close();
  }
}
