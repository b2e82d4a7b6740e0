package io.runnel.runtime.codec;

import java.util.Arrays;

/** A growable byte buffer with varint, zigzag and fixed-width writes. Reused between encodes. */
public final class BinaryWriter {
  private byte[] buffer = new byte[4096];
  private int size;

  public void reset() {
    size = 0;
  }

  public int size() {
    return size;
  }

  /** The underlying array; bytes {@code [0, size())} are valid. */
  public byte[] array() {
    return buffer;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }

  public void writeByte(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  public void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buffer[size++] = (byte) v;
  }

  public void writeZigZag(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  public void writeLong(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buffer[size++] = (byte) (v >>> (8 * i));
    }
  }

  public void writeBytes(byte[] bytes) {
    writeVarLong(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }
}
