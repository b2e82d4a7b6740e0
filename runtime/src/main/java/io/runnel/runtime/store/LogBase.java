package io.runnel.runtime.store;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.log.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * What a log no longer holds, kept in its directory as {@code base} so that row numbers and producer counts
 * keep their meaning after retention drops old files or compaction rewrites the log. {@code rows} is how
 * many rows came before the log's first row: row numbers go on counting from the first row the log ever
 * held. A reader asked to start before {@code snapshotEnd} starts at the log's first row: rows before
 * {@code rows} are gone, and after a compaction the rows up to {@code snapshotEnd} are a snapshot (the
 * latest row per key) that stands for all the rows before it. {@code produced} holds, for each persistent
 * query, how many of its rows the log held when it was cut, so that a query replaying its input does not
 * write them again. The file is written whole (temporary file, force, rename) before any data is deleted;
 * {@code firstCycle} is the oldest roll cycle it leaves, so that files a crash left before it are known
 * as counted already, and are deleted when the log opens.
 */
record LogBase(long rows, long snapshotEnd, int firstCycle, Map<String, Long> produced) {
  static final LogBase EMPTY = new LogBase(0, 0, Integer.MIN_VALUE, Map.of());
  static final String FILE = "base";
  private static final int MAGIC = 0x524E4C42; // "RNLB"
  private static final int FORMAT_VERSION = 1;

  LogBase {
    produced = Map.copyOf(produced);
    if (rows < 0 || snapshotEnd < rows) {
      throw new IllegalArgumentException("rows " + rows + ", snapshot end " + snapshotEnd);
    }
  }

  /**
   * The base after {@code dropped} more rows are deleted, every cycle before {@code firstCycle}, when the
   * producers' counts were {@code counts}.
   */
  LogBase cut(long dropped, int firstCycle, Map<String, Long> counts) {
    return new LogBase(rows + dropped, Math.max(snapshotEnd, rows + dropped), firstCycle, merged(counts));
  }

  /** The producer counts of this base with {@code counts}, the larger of the two for each producer. */
  Map<String, Long> merged(Map<String, Long> counts) {
    Map<String, Long> all = new HashMap<>(produced);
    counts.forEach((producer, n) -> all.merge(producer, n, Math::max));
    return all;
  }

  /** The base recorded in {@code dir}, or {@link #EMPTY} when the log was never cut. */
  static LogBase read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return EMPTY;
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
      if (bytes.remaining() < 20 || bytes.getInt() != MAGIC || bytes.getInt() != FORMAT_VERSION) {
        throw corrupt(file, "not a log base of format " + FORMAT_VERSION);
      }
      int length = (int) bytes.getLong();
      if (length < 0 || length != bytes.remaining() - 8) {
        throw corrupt(file, "torn");
      }
      byte[] body = new byte[length];
      bytes.get(body);
      CRC32 crc = new CRC32();
      crc.update(body);
      if (crc.getValue() != bytes.getLong()) {
        throw corrupt(file, "checksum mismatch");
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
      long rows = in.readLong();
      long snapshotEnd = in.readLong();
      int firstCycle = in.readInt();
      int producers = in.readInt();
      Map<String, Long> produced = new HashMap<>();
      for (int i = 0; i < producers; i++) {
        produced.put(in.readUTF(), in.readLong());
      }
      return new LogBase(rows, snapshotEnd, firstCycle, produced);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes this base into {@code dir} atomically: after a crash the directory holds the old base or this one. */
  void write(Path dir) {
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(body);
      out.writeLong(rows);
      out.writeLong(snapshotEnd);
      out.writeInt(firstCycle);
      out.writeInt(produced.size());
      for (Map.Entry<String, Long> e : new TreeMap<>(produced).entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      byte[] payload = body.toByteArray();
      CRC32 crc = new CRC32();
      crc.update(payload);
      ByteBuffer file = ByteBuffer.allocate(16 + payload.length + 8);
      file.putInt(MAGIC).putInt(FORMAT_VERSION).putLong(payload.length).put(payload).putLong(crc.getValue());
      AtomicFiles.write(dir.resolve(FILE), file.array());
    } catch (IOException e) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), null, e);
    }
  }

  private static RunnelException corrupt(Path file, String why) {
    return new RunnelException(
        ErrorCode.IO_ERROR, null, "The log base " + file + " is " + why, "It is written atomically, so something else changed it; restore it from a backup.");
  }
}
