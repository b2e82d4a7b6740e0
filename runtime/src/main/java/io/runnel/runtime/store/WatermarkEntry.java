package io.runnel.runtime.store;

import io.runnel.runtime.codec.BinaryReader;
import io.runnel.runtime.codec.BinaryWriter;
import io.runnel.runtime.codec.RowCodec;

/**
 * A log excerpt that holds a watermark instead of rows: {@code [MARK][time, zigzag varint]}. {@code INSERT
 * INTO s WATERMARK TIMESTAMP '...'} writes one into every partition of stream {@code s}; a reader that
 * passes it raises the partition's watermark to its time, as if a row had given that candidate. It holds
 * no rows, so row numbers, counts and positions pass over it. Row excerpts begin with a {@link RowCodec}
 * format version, or {@link ProducerTag#MARK}, never with {@link #MARK}.
 */
final class WatermarkEntry {
  static final int MARK = 0x7D;

  private WatermarkEntry() {}

  static void write(long time, BinaryWriter out) {
    out.writeByte(MARK);
    out.writeZigZag(time);
  }

  /** True when the excerpt (or its first bytes) is a watermark. */
  static boolean is(byte[] bytes, int offset, int length) {
    return length > 0 && (bytes[offset] & 0xFF) == MARK;
  }

  /** The time of a watermark excerpt. */
  static long read(byte[] bytes, int offset, int length) {
    BinaryReader in = new BinaryReader(bytes, offset, length);
    in.readByte();
    return in.readZigZag();
  }
}
