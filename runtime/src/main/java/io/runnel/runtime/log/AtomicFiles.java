package io.runnel.runtime.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/** Small files replaced whole: written to a temporary file, forced to disk, renamed into place. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file's content into a channel open on it. */
  public interface Content {
    void writeTo(FileChannel channel) throws IOException;
  }

  /** Replaces {@code target} with {@code bytes}: after a crash it holds either its old content or the new. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, channel -> {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    });
  }

  /**
   * Replaces {@code target} with what {@code content} writes, streamed into the temporary file (a large
   * file need not be held in memory whole): after a crash it holds either its old content or the new.
   */
  public static void write(Path target, Content content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      content.writeTo(channel);
      channel.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    forceDirectory(target.getParent());
  }

  /** Forces a directory's entries (a rename into it) to disk, where the platform allows it. */
  public static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some platforms cannot open a directory; the rename is then as durable as they make it
    }
  }

  /** Forces every file directly under {@code dir}, and the directory, to disk. */
  public static void forceAll(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
      }
    }
    forceDirectory(dir);
  }

}
