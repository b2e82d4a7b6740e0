package io.runnel.runtime;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the engine checks before Chronicle Queue sees the data directory, so that a problem is one clear
 * {@link RunnelException} rather than Chronicle's stack traces (or, without the JVM flags, an
 * {@code AssertionError} deep inside a queue and logs that silently turn read-only).
 */
final class StartupChecks {
  /** The JVM flags Chronicle Queue needs, as the launcher and the build pass them. */
  static final String FLAGS =
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED"
          + " --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED"
          + " --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"
          + " --add-exports=java.base/jdk.internal.util=ALL-UNNAMED --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";

  private StartupChecks() {}

  /**
   * Fails unless the two flags Chronicle cannot work without are in force for the module that holds the
   * engine (the unnamed module, on a class path): without {@code java.lang.reflect} open, creating a
   * queue fails; without {@code sun.nio.ch} exported, a queue silently becomes read-only.
   */
  static void requireJvmFlags() {
    Module self = StartupChecks.class.getModule();
    Module base = Object.class.getModule();
    List<String> missing = new ArrayList<>();
    if (!base.isOpen("java.lang.reflect", self)) {
      missing.add("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
    }
    if (!base.isExported("sun.nio.ch", self)) {
      missing.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
    }
    if (!missing.isEmpty()) {
      throw new RunnelException(
          ErrorCode.IO_ERROR,
          null,
          "The JVM was started without flags Chronicle Queue needs for Runnel's logs: " + String.join(" ", missing),
          "start java with " + FLAGS + (Runtime.version().feature() >= 24 ? " --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" : "")
              + " (./runnel passes them; a jar's manifest can carry them as Add-Opens and Add-Exports)");
    }
  }

  /**
   * Creates {@code dataDir} if needed and checks that Runnel can write there: the directory itself (by
   * creating and deleting a file, which also catches a read-only file system and works for root, whom
   * permissions do not stop) and every directory and file already in it (a few per log).
   */
  static void requireWritableDataDir(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw error("Cannot create data directory " + dataDir + ": " + reason(e, dataDir), e);
    }
    try {
      Files.deleteIfExists(Files.createTempFile(dataDir, ".write-check", ".tmp"));
    } catch (IOException e) {
      throw error("Cannot write in data directory " + dataDir + ": " + reason(e, dataDir), e);
    }
    try (Stream<Path> paths = Files.walk(dataDir)) {
      paths.filter(p -> !Files.isWritable(p)).findFirst().ifPresent(p -> {
        throw error("Cannot write in data directory " + dataDir + ": " + p + " is read-only", null);
      });
    } catch (IOException | java.io.UncheckedIOException e) {
      throw error("Cannot read data directory " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private static RunnelException error(String message, Throwable cause) {
    return new RunnelException(ErrorCode.IO_ERROR, null, message, null, cause);
  }

  /** An I/O failure in words: the JDK's messages often name only the path. */
  private static String reason(IOException e, Path dataDir) {
    Path existing = dataDir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      return (existing.equals(dataDir.toAbsolutePath()) ? dataDir : existing) + " is not a directory";
    }
    if (e instanceof AccessDeniedException a) {
      return a.getFile() == null || Path.of(a.getFile()).startsWith(dataDir) ? "permission denied" : "permission denied (" + a.getFile() + ")";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT) + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
    }
    return String.valueOf(e.getMessage());
  }
}
