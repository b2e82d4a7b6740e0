package io.runnel.runtime.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Reads what {@link BinaryWriter} wrote. Throws {@link IllegalStateException} on truncated input. */
public final class BinaryReader {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] buffer;
  private final int end;
  private int position;

  public BinaryReader(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.position = offset;
    this.end = offset + length;
  }

  private void need(long n) {
    if (n < 0 || n > end - position) {
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

  public int position() {
    return position;
  }

  /** 8 bytes, little-endian. */
  public long readLong() {
    need(8);
    long v = (long) LONGS.get(buffer, position);
    position += 8;
    return v;
  }

  /** 4 bytes, little-endian, never negative. */
  public int readInt() {
    need(4);
    int v = (int) INTS.get(buffer, position);
    if (v < 0) {
      throw new IllegalStateException("corrupt excerpt: negative length at byte " + position);
    }
    position += 4;
    return v;
  }

  /** {@code n} longs written by {@link BinaryWriter#writeLongs}. */
  public long[] readLongs(int n) {
    need(8L * n);
    long[] values = new long[n];
    byte[] b = buffer;
    int at = position;
    for (int i = 0; i < n; i++, at += 8) {
      values[i] = (long) LONGS.get(b, at);
    }
    position = at;
    return values;
  }

  /** {@code n} longs written by {@link BinaryWriter#writeOffsets} with {@code min} and {@code width}. */
  public long[] readOffsets(int n, long min, int width) {
    need((long) width * n);
    long[] values = new long[n];
    byte[] b = buffer;
    int at = position;
    switch (width) {
      case 1 -> {
        for (int i = 0; i < n; i++, at++) {
          values[i] = min + (b[at] & 0xFF);
        }
      }
      case 2 -> {
        for (int i = 0; i < n; i++, at += 2) {
          values[i] = min + ((short) SHORTS.get(b, at) & 0xFFFF);
        }
      }
      case 4 -> {
        for (int i = 0; i < n; i++, at += 4) {
          values[i] = min + ((int) INTS.get(b, at) & 0xFFFFFFFFL);
        }
      }
      case 8 -> {
        for (int i = 0; i < n; i++, at += 8) {
          values[i] = min + (long) LONGS.get(b, at);
        }
      }
      default -> throw new IllegalStateException("corrupt excerpt: offset width " + width + " at byte " + position);
    }
    position = at;
    return values;
  }

  /**
   * For each of the {@code count} rows that {@code nulls} does not mark (all when null), an index into
   * {@code dictionary}, 1 byte when it holds at most 256 values, else 2 little-endian bytes: sets the row
   * of {@code values} to the value the index names, the same instance for every row naming it, and the
   * row of {@code ids} to the index (-1 for a null row).
   */
  public void readIndexes(Object[] dictionary, Object[] values, int[] ids, int count, boolean[] nulls) {
    int nonNull = count;
    if (nulls != null) {
      for (int r = 0; r < count; r++) {
        nonNull -= nulls[r] ? 1 : 0;
      }
    }
    int n = dictionary.length;
    // 1 byte an index up to 256 values, else 2 (little-endian), read by one loop without a branch on the
    // width: compiled code that had only seen one width would be thrown away at the first of the other
    int width = RowCodec.indexWidth(n);
    int high = (width - 1) * 0xFF00;
    need((long) width * nonNull);
    byte[] b = buffer;
    int at = position;
    for (int r = 0; r < count; r++) {
      if (nulls != null && nulls[r]) {
        ids[r] = -1;
        continue;
      }
      int index = (b[at] & 0xFF) | ((b[at + width - 1] & 0xFF) << 8 & high);
      at += width;
      if (index >= n) {
        throw new IllegalStateException("corrupt excerpt: dictionary index " + index + " of " + n + " at byte " + at);
      }
      values[r] = dictionary[index];
      ids[r] = index;
    }
    position = at;
  }

  /** {@code n} doubles written by {@link BinaryWriter#writeDoubles}. */
  public double[] readDoubles(int n) {
    need(8L * n);
    double[] values = new double[n];
    byte[] b = buffer;
    int at = position;
    for (int i = 0; i < n; i++, at += 8) {
      values[i] = Double.longBitsToDouble((long) LONGS.get(b, at));
    }
    position = at;
    return values;
  }

  /** {@code n} bytes as they are. */
  public byte[] readRaw(int n) {
    need(n);
    byte[] out = Arrays.copyOfRange(buffer, position, position + n);
    position += n;
    return out;
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
    if (n == 0) {
      return ""; // the one empty string, whose hash code is known
    }
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
