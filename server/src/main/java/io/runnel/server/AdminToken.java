package io.runnel.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The admin token: a bearer token every request but {@code /health} must carry. The data directory keeps
 * only its SHA-256 ({@code server/admin-token.sha256}); the token itself is shown once, when it is made.
 * A token given by the operator (the {@code RUNNEL_ADMIN_TOKEN} environment variable) replaces the stored
 * one.
 */
final class AdminToken {
  static final String ENV = "RUNNEL_ADMIN_TOKEN";
  private static final int MIN_LENGTH = 16;

  private final byte[] hash;
  /** The token when this start made it (to show once), else null. */
  private final String created;

  private AdminToken(byte[] hash, String created) {
    this.hash = hash;
    this.created = created;
  }

  /** The token of the data directory {@code data}: {@code given} (may be null), the stored one, or a new one. */
  static AdminToken open(Path data, String given) throws IOException {
    Path file = data.resolve("server").resolve("admin-token.sha256");
    if (given != null) {
      if (given.length() < MIN_LENGTH) {
        throw new IllegalArgumentException(ENV + " must be at least " + MIN_LENGTH + " characters long");
      }
      replace(file, Tokens.hex(Tokens.sha256(given)) + "\n");
      return new AdminToken(Tokens.sha256(given), null);
    }
    if (Files.exists(file)) {
      return new AdminToken(Tokens.unhex(Files.readString(file, StandardCharsets.US_ASCII)), null);
    }
    String token = Tokens.random();
    replace(file, Tokens.hex(Tokens.sha256(token)) + "\n");
    return new AdminToken(Tokens.sha256(token), token);
  }

  /** The token made by this start, to be shown once; null when it was given or stored before. */
  String created() {
    return created;
  }

  /** Whether an {@code Authorization} header carries this token (compared in constant time). */
  boolean accepts(String authorization) {
    byte[] given = Tokens.bearerHash(authorization);
    return given != null && Tokens.same(hash, given);
  }

  /**
   * Writes {@code text} to {@code file} whole or not at all: a new file, forced to disk, moved over the old
   * one. Callers writing the same file do so one at a time (they share its temporary file).
   */
  static void replace(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true); // on disk before it replaces the old file: after a crash, one or the other is there whole
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
