package io.runnel.runtime.codec;

/** Reads what {@link BinaryWriter} wrote. Throws {@link IllegalStateException} on truncated input. */
public final class BinaryReader {
  private final byte[] buffer;
  private final int end;
  private int position;

  public BinaryReader(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.position = offset;
    this.end = offset + length;
  }

  private void need(int n) {
    if (position + n > end) {
      throw new IllegalStateException("corrupt excerpt: truncated at byte " + position);
    }
  }

  public int readByte() {
    need(1);
    return buffer[position++];
  }

  public long readVarLong() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      byte b = buffer[position++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalStateException("corrupt excerpt: varint too long");
  }

  public long readZigZag() {
    long v = readVarLong();
    return (v >>> 1) ^ -(v & 1);
  }

  public long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (buffer[position++] & 0xFFL) << (8 * i);
    }
    return v;
  }

  public byte[] readBytes() {
    int n = (int) readVarLong();
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buffer, position, out, 0, n);
    position += n;
    return out;
  }

  public String readString() {
    int n = (int) readVarLong();
    need(n);
    String s = new String(buffer, position, n, java.nio.charset.StandardCharsets.UTF_8);
    position += n;
    return s;
  }

  /** Moves past {@code n} bytes. */
  public void skip(int n) {
    need(n);
    position += n;
  }

  /** Moves past what {@link BinaryWriter#writeBytes} wrote (a string too). */
  public void skipBytes() {
    skip((int) readVarLong());
  }
}
