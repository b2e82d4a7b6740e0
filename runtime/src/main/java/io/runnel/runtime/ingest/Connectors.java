package io.runnel.runtime.ingest;

import io.runnel.EngineConfig;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;
import io.runnel.planner.catalog.RelationDef;
import io.runnel.runtime.store.RelationStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Creates the connector a stream's {@code 'connector'} option names, and checks its options first. */
public final class Connectors {
  private Connectors() {}

  /**
   * Rejects, at CREATE time, a connector that could not run: a file that is missing, a directory or not
   * readable, a wrong Nexmark stream.
   */
  public static void check(RelationDef def, Pos pos, EngineConfig config) {
    switch (def.connector()) {
      case "file" -> checkFile(def, pos, config.fileRoots());
      case "nexmark" -> NexmarkIngestion.check(def, pos);
      default -> {}
    }
  }

  private static void checkFile(RelationDef def, Pos pos, List<Path> roots) {
    Path path = Path.of(def.properties().get("path"));
    if (!roots.isEmpty() && !under(path, roots)) {
      throw new RunnelException(
          ErrorCode.INVALID_OPTION,
          pos,
          "File '" + path + "' of stream " + def.name() + " is outside the directories files are read from here",
          "Put it under " + roots.stream().map(Path::toString).collect(Collectors.joining(" or ")) + ".");
    }
    if (!Files.exists(path)) {
      throw new RunnelException(
          ErrorCode.IO_ERROR, pos, "Cannot read file '" + path + "' for stream " + def.name(), "Check the 'path' option; relative paths are resolved from the directory Runnel runs in.");
    }
    if (Files.isDirectory(path)) {
      throw new RunnelException(
          ErrorCode.IO_ERROR, pos, "'" + path + "' is a directory, not a file, for stream " + def.name(), "Set 'path' to one CSV or JSON-lines file.");
    }
    if (!Files.isReadable(path)) {
      throw new RunnelException(
          ErrorCode.IO_ERROR, pos, "Cannot read file '" + path + "' for stream " + def.name() + ": permission denied", "Make the file readable by the user Runnel runs as.");
    }
  }

  /**
   * Whether {@code path}, with every {@code ..} and symbolic link resolved, lies under one of {@code roots}. A
   * file that does not exist is judged by its normalized path: it cannot be read anyway.
   */
  private static boolean under(Path path, List<Path> roots) {
    Path resolved;
    try {
      resolved = path.toRealPath();
    } catch (IOException e) {
      resolved = path.toAbsolutePath().normalize();
    }
    for (Path root : roots) {
      Path real;
      try {
        real = root.toRealPath();
      } catch (IOException e) {
        real = root;
      }
      if (resolved.startsWith(real)) {
        return true;
      }
    }
    return false;
  }

  /** The connector filling {@code def}, or null for a stream filled by INSERT only. */
  public static Connector create(RelationDef def, RelationStore store, ErrorReporter errors, EngineConfig config, Runnable onSealed) {
    return switch (def.connector()) {
      case "file" -> new FileIngestion(def, store, errors, config.batchSize(), onSealed);
      case "nexmark" -> new NexmarkIngestion(def, store, errors, config, onSealed);
      default -> null;
    };
  }
}
