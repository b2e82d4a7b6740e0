package io.runnel.server;

import java.util.Arrays;

/**
 * The lines of Server-Sent Events, from chunks of bytes as a client reads them, each handed on without
 * being made a string (the events are ASCII): a thousand subscribers read in one test cost little.
 */
final class SseLines {
  /** Takes one line, without its end: {@code line[0..length)}; valid only during the call. */
  interface Consumer {
    void line(byte[] line, int length);
  }

  private final Consumer consumer;
  private byte[] line = new byte[256];
  private int length;

  SseLines(Consumer consumer) {
    this.consumer = consumer;
  }

  void take(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\n') {
        consumer.line(line, length);
        length = 0;
      } else {
        if (length == line.length) {
          line = Arrays.copyOf(line, length * 2);
        }
        line[length++] = b;
      }
    }
  }

  static boolean startsWith(byte[] line, int length, String prefix) {
    if (length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (line[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The change of an id line ({@code id: version.change}). */
  static long afterDot(byte[] line, int length) {
    long n = 0;
    int i = 0;
    while (line[i] != '.') {
      i++;
    }
    for (i++; i < length; i++) {
      n = n * 10 + (line[i] - '0');
    }
    return n;
  }

  /** A hash of {@code bytes[from..to)}, as {@link String#hashCode} makes it of the same ASCII text. */
  static long hash(byte[] bytes, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }
}
