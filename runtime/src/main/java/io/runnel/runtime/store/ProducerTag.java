package io.runnel.runtime.store;

import io.runnel.runtime.codec.BinaryReader;
import io.runnel.runtime.codec.BinaryWriter;
import io.runnel.runtime.codec.RowCodec;
import java.nio.charset.StandardCharsets;

/**
 * The head of a log excerpt written by a persistent query: {@code [MARK][producer][sequence]}, then the
 * batch as {@link RowCodec} writes it. {@code producer} names the query (length-prefixed UTF-8, at most
 * {@value #MAX_PRODUCER_BYTES} bytes) and {@code sequence} (a varint) is the index, among the rows the
 * query has placed in this log, of the excerpt's first row. The excerpt and its tag are appended as one, so
 * the log itself says how much of a query's output it holds: a query that replays its input after a crash
 * skips that much and appends the rest, and each row is written once. Untagged excerpts begin with a
 * format version of {@link RowCodec}, never with {@link #MARK}.
 */
final class ProducerTag {
  static final int MARK = 0x7E;
  static final int MAX_PRODUCER_BYTES = 64;
  /** Enough of an excerpt to read its tag and its row count. */
  static final int PREFIX_BYTES = 2 + MAX_PRODUCER_BYTES + 10 + 16;

  /** A tag read back, with the number of rows of its excerpt. */
  record Read(String producer, long sequence, long rows) {
    long end() {
      return sequence + rows;
    }
  }

  private ProducerTag() {}

  static void write(String producer, long sequence, BinaryWriter out) {
    byte[] name = producer.getBytes(StandardCharsets.UTF_8);
    if (name.length > MAX_PRODUCER_BYTES) {
      throw new IllegalArgumentException("producer name longer than " + MAX_PRODUCER_BYTES + " bytes: " + producer);
    }
    out.writeByte(MARK);
    out.writeBytes(name);
    out.writeVarLong(sequence);
  }

  /** Where the batch of an excerpt starts: past its tag, if it has one. */
  static int payloadOffset(byte[] bytes, int offset, int length) {
    if (length == 0 || (bytes[offset] & 0xFF) != MARK) {
      return offset;
    }
    BinaryReader in = new BinaryReader(bytes, offset, length);
    in.readByte();
    in.skipBytes();
    in.readVarLong();
    return in.position();
  }

  /** The tag of an excerpt (or of its first {@link #PREFIX_BYTES}), or null when it has none. */
  static Read read(byte[] bytes, int offset, int length) {
    if (length == 0 || (bytes[offset] & 0xFF) != MARK) {
      return null;
    }
    BinaryReader in = new BinaryReader(bytes, offset, length);
    in.readByte();
    String producer = new String(in.readBytes(), StandardCharsets.UTF_8);
    long sequence = in.readVarLong();
    int payload = in.position();
    return new Read(producer, sequence, RowCodec.rowCount(bytes, payload, offset + length - payload));
  }
}
