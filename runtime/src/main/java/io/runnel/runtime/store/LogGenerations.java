package io.runnel.runtime.store;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.log.AtomicFiles;
import io.runnel.runtime.log.Directories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a partition's log lives. At first its files are in the partition's directory itself; a compaction
 * writes the new log into a subdirectory {@code g<n>} and then switches to it by renaming a small file,
 * {@code current}, that names it, so that after a crash the partition holds either the old log or the new
 * one, whole. Opening finishes what a switch left: the other generation's files are deleted.
 */
final class LogGenerations {
  static final String POINTER = "current";
  private static final String PREFIX = "g";

  private LogGenerations() {}

  /** The directory of the partition's current log under {@code dir}, after deleting any other generation. */
  static Path open(Path dir) {
    try {
      Files.createDirectories(dir);
      String current = current(dir);
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path p : entries) {
          String name = p.getFileName().toString();
          if (Files.isDirectory(p) && name.startsWith(PREFIX) && !name.equals(current)) {
            Directories.deleteRecursively(p); // an older generation, or a compaction that never switched
          } else if (current != null && isLogFile(name)) {
            Files.deleteIfExists(p); // the first generation's files, left by a switch
          }
        }
      }
      return current == null ? dir : dir.resolve(current);
    } catch (IOException e) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot open the log in " + dir + ": " + e.getMessage(), null, e);
    }
  }

  /** A fresh directory for the next generation of the log under {@code dir}. */
  static Path next(Path dir) throws IOException {
    String current = current(dir);
    int n = current == null ? 1 : Integer.parseInt(current.substring(PREFIX.length())) + 1;
    Path next = dir.resolve(PREFIX + n);
    Directories.deleteRecursively(next);
    Files.createDirectories(next);
    return next;
  }

  /** Makes {@code generation} (a directory {@link #next} gave, complete) the current log, once its files are on disk. */
  static void switchTo(Path dir, Path generation) throws IOException {
    AtomicFiles.forceAll(generation);
    AtomicFiles.write(dir.resolve(POINTER), generation.getFileName().toString().getBytes(StandardCharsets.UTF_8));
    open(dir);
  }

  private static String current(Path dir) throws IOException {
    Path pointer = dir.resolve(POINTER);
    return Files.exists(pointer) ? Files.readString(pointer, StandardCharsets.UTF_8).trim() : null;
  }

  private static boolean isLogFile(String name) {
    return name.endsWith(".cq4") || name.endsWith(".cq4t") || name.equals(LogBase.FILE) || name.equals(LogBase.FILE + ".tmp");
  }
}
