package io.runnel.runtime.checkpoint;

import io.runnel.runtime.log.AtomicFiles;
import io.runnel.runtime.log.Directories;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The checkpoints of one query, in a directory of their own ({@code checkpoints/<query>/}): one file per
 * epoch, {@code <epoch>.ckpt}, written whole to a temporary file, forced to disk and renamed into place, so
 * that a crash leaves either the complete new checkpoint or none. A file is {@code [magic][format version]
 * [length][payload][CRC-32 of the payload]}; one that is torn or corrupt is reported and the one before it
 * is used. The last {@value #KEEP} are kept.
 */
public final class CheckpointStore {
  static final int KEEP = 3;
  private static final int MAGIC = 0x524e434b; // "RNCK"
  /** 2: one part per task of the query. A file of format 1 (one task, as before) is skipped like a corrupt one. */
  private static final int FORMAT_VERSION = 2;
  private static final String SUFFIX = ".ckpt";

  private final Path dir;

  public CheckpointStore(Path dir) {
    this.dir = dir;
  }

  /** Writes {@code checkpoint} atomically and durably, then drops all but the last {@value #KEEP}. */
  public void write(Checkpoint checkpoint) {
    try {
      Files.createDirectories(dir);
      AtomicFiles.write(dir.resolve(checkpoint.epoch() + SUFFIX), channel -> stream(checkpoint, channel));
      List<Long> epochs = epochs();
      for (int i = 0; i < epochs.size() - KEEP; i++) {
        Files.deleteIfExists(dir.resolve(epochs.get(i) + SUFFIX));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + checkpoint.epoch() + " to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the file's layout into {@code channel} as the payload is encoded, so that the state is not
   * copied again into one buffer: the header with a length left blank, the payload through a checksum,
   * the checksum, and then the length into the header.
   */
  private static void stream(Checkpoint checkpoint, FileChannel channel) throws IOException {
    writeFully(channel, ByteBuffer.allocate(16).putInt(MAGIC).putInt(FORMAT_VERSION).putLong(0).flip(), 0);
    channel.position(16); // the payload streams in at the channel's position; the writes around it are placed
    CRC32 crc = new CRC32();
    CountingOutputStream counted = new CountingOutputStream(new CheckedOutputStream(Channels.newOutputStream(channel), crc));
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(counted, 1 << 16));
    checkpoint.write(out);
    out.flush(); // not closed: that would close the channel
    writeFully(channel, ByteBuffer.allocate(8).putLong(crc.getValue()).flip(), 16 + counted.count);
    writeFully(channel, ByteBuffer.allocate(8).putLong(counted.count).flip(), 8);
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes, long at) throws IOException {
    long position = at;
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  /** Counts the bytes written through it. */
  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /**
   * The newest checkpoint that reads back whole, or empty. Each one that does not (torn, corrupt, of an
   * unknown format) is passed to {@code skipped} with the reason, and the one before it is tried.
   */
  public Optional<Checkpoint> latest(BiConsumer<Path, String> skipped) {
    List<Long> epochs;
    try {
      epochs = epochs();
    } catch (IOException e) {
      skipped.accept(dir, "cannot list checkpoints: " + e.getMessage());
      return Optional.empty();
    }
    for (int i = epochs.size() - 1; i >= 0; i--) {
      Path file = dir.resolve(epochs.get(i) + SUFFIX);
      try {
        return Optional.of(read(Files.readAllBytes(file)));
      } catch (IOException | RuntimeException e) {
        skipped.accept(file, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The epoch the next checkpoint takes: one past the newest file's, whether or not it reads. */
  public long nextEpoch() {
    try {
      List<Long> epochs = epochs();
      return epochs.isEmpty() ? 1 : epochs.get(epochs.size() - 1) + 1;
    } catch (IOException e) {
      return 1;
    }
  }

  /**
   * The epochs of the checkpoints kept, oldest first: any of them may be restored, an older one when every
   * newer one fails to read back.
   */
  public List<Long> kept() {
    try {
      return epochs();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Deletes every checkpoint of the query: its state is freed. */
  public void deleteAll() {
    Directories.deleteRecursively(dir);
  }


  private static Checkpoint read(byte[] bytes) throws IOException {
    ByteBuffer file = ByteBuffer.wrap(bytes);
    if (bytes.length < 24 || file.getInt() != MAGIC) {
      throw new IOException("not a checkpoint (" + bytes.length + " bytes)");
    }
    int version = file.getInt();
    if (version != FORMAT_VERSION) {
      throw new IOException("checkpoint format " + version + ", this version reads " + FORMAT_VERSION);
    }
    long length = file.getLong();
    if (length < 0 || length != bytes.length - 24L) {
      throw new IOException("torn checkpoint: its payload should be " + length + " bytes, the file holds " + (bytes.length - 24));
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 16, (int) length);
    file.position(16 + (int) length);
    if (file.getLong() != crc.getValue()) {
      throw new IOException("corrupt checkpoint: its checksum does not match");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 16, (int) length))) {
      return Checkpoint.read(in);
    }
  }

  private List<Long> epochs() throws IOException {
    List<Long> epochs = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return epochs;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(SUFFIX) && name.substring(0, name.length() - SUFFIX.length()).matches("[0-9]{1,18}")) {
          epochs.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
        }
      }
    }
    epochs.sort(null);
    return epochs;
  }
}
