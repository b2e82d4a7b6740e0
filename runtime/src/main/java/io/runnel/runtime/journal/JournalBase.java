package io.runnel.runtime.journal;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.log.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * What an input journal no longer holds, kept in its directory as {@code base} so that entry numbers keep
 * their meaning after trimming frees old roll cycles: {@code entries} is how many entries came before the
 * first one of roll cycle {@code firstCycle}, the oldest cycle the journal keeps. A checkpoint records an
 * entry number counted from the journal's first entry ever, so the journal counts on from here. The file
 * is written whole (temporary file, force, rename) before any cycle is deleted; files a crash left before
 * {@code firstCycle} are known as freed already, and are deleted when the journal opens. A journal that was
 * never trimmed (one written before journals were) has no base: it starts at entry 0.
 */
record JournalBase(long entries, int firstCycle) {
  static final JournalBase NONE = new JournalBase(0, Integer.MIN_VALUE);
  static final String FILE = "base";
  private static final int MAGIC = 0x524E4A42; // "RNJB"
  private static final int FORMAT_VERSION = 1;
  private static final int PAYLOAD = 12;

  JournalBase {
    if (entries < 0) {
      throw new IllegalArgumentException("entries " + entries);
    }
  }

  /** The base recorded in {@code dir}, or {@link #NONE} when the journal was never trimmed. */
  static JournalBase read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return NONE;
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
      if (bytes.remaining() != 16 + PAYLOAD + 8 || bytes.getInt() != MAGIC || bytes.getInt() != FORMAT_VERSION || bytes.getLong() != PAYLOAD) {
        throw corrupt(file, "not a journal base of format " + FORMAT_VERSION);
      }
      CRC32 crc = new CRC32();
      crc.update(bytes.array(), 16, PAYLOAD);
      long entries = bytes.getLong();
      int firstCycle = bytes.getInt();
      if (crc.getValue() != bytes.getLong() || entries < 0) {
        throw corrupt(file, "corrupt: its checksum does not match");
      }
      return new JournalBase(entries, firstCycle);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes this base into {@code dir} atomically: after a crash the directory holds the old base or this one. */
  void write(Path dir) {
    ByteBuffer file = ByteBuffer.allocate(16 + PAYLOAD + 8);
    file.putInt(MAGIC).putInt(FORMAT_VERSION).putLong(PAYLOAD).putLong(entries).putInt(firstCycle);
    CRC32 crc = new CRC32();
    crc.update(file.array(), 16, PAYLOAD);
    file.putLong(crc.getValue());
    try {
      AtomicFiles.write(dir.resolve(FILE), file.array());
    } catch (IOException e) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), "Check that the directory is writable and its disk has space.", e);
    }
  }

  private static RunnelException corrupt(Path file, String why) {
    return new RunnelException(
        ErrorCode.IO_ERROR, null, "The input journal base " + file + " is " + why, "It is written atomically, so something else changed it; restore it from a backup.");
  }
}
