package io.runnel.runtime.log;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The free space of one file system, as the logs on it see it before each append. A Chronicle append into
 * a page the file system cannot back fails with a SIGBUS ({@code InternalError}), possibly after the
 * excerpt's header was published; so an append is refused beforehand when the space left is below its
 * size plus {@link #MARGIN}.
 *
 * <p>The space is asked of the operating system at most every {@link #CHECK_INTERVAL_NANOS}, and in between
 * estimated from what the logs of this process on the same file system appended since: a system call per
 * append would cost more than the append. Once the estimate runs short, every append asks again, so freed
 * space is seen at once. Thread-safe; one instance per log.
 */
final class DiskSpace {
  /**
   * What an append may take besides its excerpt: Chronicle allocates its index arrays (32 KiB with the
   * daily cycle) and a new cycle file's header as it goes, and pages of 4 KiB are allocated whole.
   */
  static final long MARGIN = 1L << 20;
  /** What an excerpt takes besides its bytes: a 4-byte header, aligned. */
  private static final int EXCERPT_OVERHEAD = 8;
  static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** Per file system (a store equals another on the same device), the bytes appended by this process. */
  private static final Map<FileStore, AtomicLong> APPENDED = new ConcurrentHashMap<>();

  private final FileStore store; // asked through the log's own directory
  private final AtomicLong appended;
  private volatile long usable = -1; // bytes, at the last check; -1 before the first
  private volatile long appendedAtCheck;
  private volatile long checkedAt;

  private DiskSpace(FileStore store) {
    this.store = store;
    this.appended = APPENDED.computeIfAbsent(store, s -> new AtomicLong());
  }

  /** The space of the file system {@code dir} (which exists) is on. */
  static DiskSpace of(Path dir) {
    try {
      return new DiskSpace(Files.getFileStore(dir));
    } catch (IOException e) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot find the file system of " + dir + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * Throws {@link ErrorCode#DISK_FULL} unless an excerpt of {@code bytes} fits on the disk with the margin;
   * {@code dir} is the log's directory, for the message. Cheap unless the space is short or the last check
   * is old.
   */
  void require(Path dir, int bytes) {
    long needed = bytes + EXCERPT_OVERHEAD + MARGIN;
    if (usable - (appended.get() - appendedAtCheck) >= needed && System.nanoTime() - checkedAt < CHECK_INTERVAL_NANOS) {
      return;
    }
    long left = check(dir);
    if (left < needed) {
      throw new RunnelException(
          ErrorCode.DISK_FULL,
          null,
          "No space left for " + dir + ": " + left + " bytes free, an append needs " + needed + " (" + MARGIN + " kept in reserve)",
          "Free space on that disk (or move the data directory); queries that failed on it start again by themselves.");
    }
  }

  /** Counts an excerpt of {@code bytes} appended. */
  void appended(int bytes) {
    appended.addAndGet(bytes + EXCERPT_OVERHEAD);
  }

  private synchronized long check(Path dir) {
    long appendedBefore = appended.get(); // what is appended while the system is asked is counted again
    try {
      usable = store.getUsableSpace();
    } catch (IOException e) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot read the free space of " + dir + ": " + e.getMessage(), null, e);
    }
    appendedAtCheck = appendedBefore;
    checkedAt = System.nanoTime();
    return usable;
  }
}
