package io.runnel.runtime.journal;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.log.SealedFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;

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
    byte[] payload = SealedFile.read(dir.resolve(FILE), MAGIC, FORMAT_VERSION, "input journal base");
    if (payload == null) {
      return NONE;
    }
    ByteBuffer bytes = ByteBuffer.wrap(payload);
    if (payload.length != PAYLOAD || bytes.getLong() < 0) {
      throw new RunnelException(
          ErrorCode.IO_ERROR, null, "The input journal base " + dir.resolve(FILE) + " does not hold an entry count and a cycle", "It is written atomically, so something else changed it; restore it from a backup.");
    }
    return new JournalBase(bytes.getLong(0), bytes.getInt(8));
  }

  /** Writes this base into {@code dir} atomically: after a crash the directory holds the old base or this one. */
  void write(Path dir) {
    SealedFile.write(dir.resolve(FILE), MAGIC, FORMAT_VERSION, ByteBuffer.allocate(PAYLOAD).putLong(entries).putInt(firstCycle).array());
  }
}
