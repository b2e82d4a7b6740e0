package io.runnel.runtime.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code \n} (a {@code \r} before it is dropped) and decodes each line
 * on its own, strictly, as UTF-8: a byte sequence that is not UTF-8, or a NUL byte (binary data), spoils
 * only its line. A line longer than the limit is skipped as it streams past: only its first bytes are
 * kept, for the report, so a huge line costs no more memory than the limit. A UTF-8 byte order mark at
 * the start of the input is dropped. Not thread-safe.
 */
final class LineReader implements AutoCloseable {
  /**
   * One line: its number (from 1), its text, or (when it could not be read) why not and the start of its
   * bytes as text for the report; its length in bytes without the line end; whether it ended with CRLF.
   */
  record Line(long number, String text, String error, String raw, long bytes, boolean crlf) {
    boolean bad() {
      return error != null;
    }
  }

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int end;
  private boolean eof;
  private byte[] line = new byte[256];
  private int length; // bytes of the current line kept in `line`
  private long total; // bytes of the current line, kept or not
  private long number;
  private byte last; // the last byte of the current line, kept or not
  private int decodeError; // where the current line stopped being UTF-8
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private CharBuffer chars = CharBuffer.allocate(256);

  /** Reads {@code in}; a line of more than {@code maxBytes} bytes is reported, not read. */
  LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The most bytes of a line this reader has held at once: at most the limit, whatever the input. */
  int capacity() {
    return line.length;
  }

  /** The next line, or null at the end of the input. A last line without a line end is a line. */
  Line next() throws IOException {
    length = 0;
    total = 0;
    boolean ended = false;
    while (!ended) {
      if (pos == end && !fill()) {
        if (total == 0) {
          return null;
        }
        break;
      }
      int newline = indexOf((byte) '\n', pos, end);
      int stop = newline < 0 ? end : newline;
      keep(pos, stop);
      pos = newline < 0 ? end : newline + 1;
      ended = newline >= 0;
    }
    number++;
    boolean crlf = ended && total > 0 && last == '\r';
    if (crlf) {
      total--;
      length = (int) Math.min(length, total);
    }
    if (number == 1 && length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
      System.arraycopy(line, 3, line, 0, length - 3);
      length -= 3;
      total -= 3;
    }
    return line(crlf);
  }

  private Line line(boolean crlf) {
    if (total > maxBytes) {
      return bad("line of " + total + " bytes is longer than the limit of " + maxBytes + " bytes", crlf);
    }
    int nul = indexOf((byte) 0, 0, length, line);
    if (nul >= 0) {
      return bad("binary data: a NUL byte at byte " + (nul + 1) + " of the line", crlf);
    }
    String text = decode();
    if (text == null) {
      return bad("invalid UTF-8 at byte " + (decodeError + 1) + " of the line", crlf);
    }
    return new Line(number, text, null, text, total, crlf);
  }

  /** The current line as text, or null (with {@link #decodeError} set) when it is not UTF-8. */
  private String decode() {
    boolean ascii = true;
    for (int i = 0; i < length && ascii; i++) {
      ascii = line[i] >= 0;
    }
    if (ascii) {
      return new String(line, 0, length, StandardCharsets.ISO_8859_1);
    }
    if (chars.capacity() < length) {
      chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
    }
    chars.clear();
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
    decoder.reset();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      decodeError = bytes.position();
      return null;
    }
    return chars.flip().toString();
  }

  /** A line that cannot be read; its raw text is its start, decoded leniently, marked as cut when it is long. */
  private Line bad(String reason, boolean crlf) {
    int shown = Math.min(length, InputText.MAX_CHARS);
    String start = new String(line, 0, shown, StandardCharsets.UTF_8);
    String raw = total > shown ? InputText.cut(start, total) : start;
    return new Line(number, null, reason, raw, total, crlf);
  }

  /** Adds {@code buf[from, to)} to the current line, as far as the limit allows. */
  private void keep(int from, int to) {
    int n = to - from;
    if (n == 0) {
      return;
    }
    total += n;
    last = buf[to - 1];
    // one byte over the limit is kept: it may be the '\r' of a line of exactly the limit
    int room = maxBytes + 1 - length;
    int take = Math.min(n, Math.max(room, 0));
    if (take > 0) {
      if (length + take > line.length) {
        line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, length + take), maxBytes + 1));
      }
      System.arraycopy(buf, from, line, length, take);
      length += take;
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    while (n == 0) {
      n = in.read(buf, 0, buf.length);
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    end = n;
    return true;
  }

  private int indexOf(byte b, int from, int to) {
    return indexOf(b, from, to, buf);
  }

  private static int indexOf(byte b, int from, int to, byte[] in) {
    for (int i = from; i < to; i++) {
      if (in[i] == b) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
