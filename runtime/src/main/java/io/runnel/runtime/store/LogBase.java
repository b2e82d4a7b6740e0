package io.runnel.runtime.store;

import io.runnel.runtime.log.SealedFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

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
    byte[] body = SealedFile.read(dir.resolve(FILE), MAGIC, FORMAT_VERSION, "log base");
    if (body == null) {
      return EMPTY;
    }
    try {
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
      throw new UncheckedIOException("cannot read " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** Writes this base into {@code dir} atomically: after a crash the directory holds the old base or this one. */
  void write(Path dir) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(body)) {
      out.writeLong(rows);
      out.writeLong(snapshotEnd);
      out.writeInt(firstCycle);
      out.writeInt(produced.size());
      for (Map.Entry<String, Long> e : new TreeMap<>(produced).entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // into memory: never
    }
    SealedFile.write(dir.resolve(FILE), MAGIC, FORMAT_VERSION, body.toByteArray());
  }

}
