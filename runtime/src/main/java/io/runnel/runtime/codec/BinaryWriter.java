package io.runnel.runtime.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable byte buffer with varint, zigzag and fixed-width writes. Reused between encodes. */
public final class BinaryWriter {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] buffer = new byte[4096];
  private int size;
  private StringDictionary dictionary;

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
    byte[] b = buffer;
    int at = size;
    while ((v & ~0x7FL) != 0) {
      b[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[at++] = (byte) v;
    size = at;
  }

  public void writeZigZag(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  /** 8 bytes, little-endian. */
  public void writeLong(long v) {
    ensure(8);
    LONGS.set(buffer, size, v);
    size += 8;
  }

  /** {@code values[from, to)}, 8 little-endian bytes each. */
  public void writeLongs(long[] values, int from, int to) {
    ensure(8 * (to - from));
    byte[] b = buffer;
    int at = size;
    for (int i = from; i < to; i++, at += 8) {
      LONGS.set(b, at, values[i]);
    }
    size = at;
  }

  /** {@code values[from, to)} as their bits, 8 little-endian bytes each. */
  public void writeDoubles(double[] values, int from, int to) {
    ensure(8 * (to - from));
    byte[] b = buffer;
    int at = size;
    for (int i = from; i < to; i++, at += 8) {
      LONGS.set(b, at, Double.doubleToRawLongBits(values[i]));
    }
    size = at;
  }

  /**
   * {@code values[from, to)} as offsets from {@code min}, {@code width} (1, 2, 4 or 8) unsigned
   * little-endian bytes each; every value must be at least {@code min} and at most {@code width} bytes
   * above it. A row {@code nulls} marks is written as 0, whatever its value.
   */
  public void writeOffsets(long[] values, int from, int to, boolean[] nulls, long min, int width) {
    int n = to - from;
    ensure(width * n);
    byte[] b = buffer;
    int at = size;
    switch (width) {
      case 1 -> {
        for (int i = from; i < to; i++, at++) {
          b[at] = (byte) (values[i] - min);
        }
      }
      case 2 -> {
        for (int i = from; i < to; i++, at += 2) {
          SHORTS.set(b, at, (short) (values[i] - min));
        }
      }
      case 4 -> {
        for (int i = from; i < to; i++, at += 4) {
          INTS.set(b, at, (int) (values[i] - min));
        }
      }
      case 8 -> {
        for (int i = from; i < to; i++, at += 8) {
          LONGS.set(b, at, values[i] - min);
        }
      }
      default -> throw new IllegalArgumentException("width " + width);
    }
    if (nulls != null) {
      for (int i = from; i < to; i++) {
        if (nulls[i]) {
          Arrays.fill(b, size + (i - from) * width, size + (i - from + 1) * width, (byte) 0);
        }
      }
    }
    size = at;
  }

  /** {@code ids[0, n)} but the negative ones (null rows), {@code width} (1 or 2) little-endian bytes each. */
  void writeIndexes(int[] ids, int n, int width) {
    ensure(width * n + 1);
    byte[] b = buffer;
    int at = size;
    // one loop for both widths: each index is stored as two little-endian bytes, and at width 1 the next
    // index overwrites the second (zero) one, which is past the end after the last
    for (int i = 0; i < n; i++) {
      int id = ids[i];
      if (id >= 0) {
        SHORTS.set(b, at, (short) id);
        at += width;
      }
    }
    size = at;
  }

  /** The dictionary builder {@link RowCodec} reuses between encodes into this writer. */
  StringDictionary dictionary() {
    if (dictionary == null) {
      dictionary = new StringDictionary();
    }
    return dictionary;
  }

  /** Leaves room for an int that {@link #putInt} fills in later; returns where it goes. */
  public int reserveInt() {
    ensure(4);
    int at = size;
    size += 4;
    return at;
  }

  /** Writes {@code v} (4 little-endian bytes) at {@code at}, a position {@link #reserveInt} returned. */
  public void putInt(int at, int v) {
    INTS.set(buffer, at, v);
  }

  /** {@code bytes[offset, offset + length)}, as they are (no length before them). */
  public void writeRaw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  public void writeBytes(byte[] bytes) {
    writeVarLong(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }
}
