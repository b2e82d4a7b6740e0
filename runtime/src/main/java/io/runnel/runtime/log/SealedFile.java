package io.runnel.runtime.log;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A small file written whole and atomically ({@link AtomicFiles}): a magic number, a format version, the
 * payload's length, the payload, and the payload's CRC-32. A log's base and an input journal's base are such
 * files: read back, each is the old one or the new one, never a mix, and anything else changing it shows.
 */
public final class SealedFile {
  private static final int HEADER = 16;
  private static final int TRAILER = 8;

  private SealedFile() {}

  /** Writes {@code payload} into {@code file}, atomically; a failure is a user error naming the file. */
  public static void write(Path file, int magic, int version, byte[] payload) {
    CRC32 crc = new CRC32();
    crc.update(payload);
    ByteBuffer bytes = ByteBuffer.allocate(HEADER + payload.length + TRAILER);
    bytes.putInt(magic).putInt(version).putLong(payload.length).put(payload).putLong(crc.getValue());
    try {
      AtomicFiles.write(file, bytes.array());
    } catch (IOException e) {
      throw new RunnelException(
          ErrorCode.IO_ERROR, null, "Cannot write " + file + ": " + e.getMessage(), "Check that the directory is writable and its disk has space.", e);
    }
  }

  /**
   * The payload of {@code file}, or null when there is no such file. {@code what} names the file in the
   * error raised when it is not of this magic number and version, is torn, or its checksum does not match.
   */
  public static byte[] read(Path file, int magic, int version, String what) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
      if (bytes.remaining() < HEADER + TRAILER || bytes.getInt() != magic || bytes.getInt() != version) {
        throw corrupt(file, what, "not a " + what + " of format " + version);
      }
      long length = bytes.getLong();
      if (length < 0 || length != bytes.remaining() - TRAILER) {
        throw corrupt(file, what, "torn");
      }
      byte[] payload = new byte[(int) length];
      bytes.get(payload);
      CRC32 crc = new CRC32();
      crc.update(payload);
      if (crc.getValue() != bytes.getLong()) {
        throw corrupt(file, what, "corrupt: its checksum does not match");
      }
      return payload;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static RunnelException corrupt(Path file, String what, String why) {
    return new RunnelException(
        ErrorCode.IO_ERROR, null, "The " + what + " " + file + " is " + why, "It is written atomically, so something else changed it; restore it from a backup.");
  }
}
