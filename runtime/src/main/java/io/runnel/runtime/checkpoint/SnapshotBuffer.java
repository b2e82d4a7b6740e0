package io.runnel.runtime.checkpoint;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The bytes an operator's state is written into for a checkpoint: a growable array without the locks of
 * {@link java.io.ByteArrayOutputStream}, whose every write is synchronized. A state of millions of values
 * is written a value at a time, so those locks were a large part of a checkpoint's cost. One buffer is kept
 * by a task and {@link #reset} between operators and checkpoints. Not thread-safe.
 */
public final class SnapshotBuffer extends OutputStream {
  /** The longest array a JVM is sure to allocate. */
  static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

  private byte[] bytes = new byte[8192];
  private int size;

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  private void ensure(int more) {
    long needed = (long) size + more;
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, capacity(bytes.length, needed));
    }
  }

  /**
   * The length an array of {@code length} bytes grows to so that it holds {@code needed}: twice as long, but
   * at most {@value #MAX_LENGTH}, so that a state past 1 GiB still grows the array in few steps (doubling in
   * {@code int} arithmetic would overflow there and grow it by each write, copying it each time). A state
   * that does not fit in an array cannot be checkpointed.
   */
  static int capacity(int length, long needed) {
    if (needed > MAX_LENGTH) {
      throw new IllegalStateException("a checkpoint holds at most " + MAX_LENGTH + " bytes of an operator's state; this one needs more");
    }
    return (int) Math.min(MAX_LENGTH, Math.max(needed, 2L * length));
  }

  /** Empties the buffer, keeping its room. */
  public void reset() {
    size = 0;
  }

  /** A copy of what was written since the last reset. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
