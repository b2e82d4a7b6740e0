package io.runnel.runtime;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock by which one engine owns a data directory: an OS lock on {@code <dir>/lock}, which also holds
 * the owner's process id so that a second engine can name it. The operating system frees the lock when the
 * owning process ends, however it ends, so a crash never locks a user out of their data.
 */
final class DataDirectoryLock implements AutoCloseable {
  static final String FILE = "lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock on {@code dataDir}, or fails naming the process that holds it. */
  static DataDirectoryLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by another engine of this process
      }
      if (lock == null) {
        String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
        channel.close();
        throw new RunnelException(
            ErrorCode.DATA_DIRECTORY_IN_USE,
            null,
            "The data directory " + dataDir + " is in use by another Runnel engine" + (owner.isEmpty() ? "" : " (process " + owner + ")"),
            "Stop that engine first, or give another directory with --data.");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new DataDirectoryLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot lock the data directory " + dataDir + ": " + e.getMessage(), null, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // already failing: the first error is the one to report
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the lock goes with the channel, and the channel with the process
    }
  }
}
