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
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
    }
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
