package io.runnel.runtime.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  static List<LineReader.Line> lines(byte[] bytes, int maxBytes) throws IOException {
    List<LineReader.Line> out = new ArrayList<>();
    try (LineReader r = new LineReader(new ByteArrayInputStream(bytes), maxBytes)) {
      for (LineReader.Line l = r.next(); l != null; l = r.next()) {
        out.add(l);
      }
    }
    return out;
  }

  static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      out.writeBytes(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void invalidUtf8SpoilsOnlyItsOwnLine() throws Exception {
    List<LineReader.Line> lines = lines(bytes("héllo\nab", new byte[] {(byte) 0xC3, 0x28}, "cd\nnext\n"), 100);
    assertEquals(3, lines.size());
    assertEquals("héllo", lines.get(0).text());
    assertTrue(lines.get(1).bad());
    assertEquals(2, lines.get(1).number());
    assertEquals("invalid UTF-8 at byte 3 of the line", lines.get(1).error());
    assertEquals("ab\uFFFD(cd", lines.get(1).raw(), "shown decoded leniently");
    assertEquals("next", lines.get(2).text());
    assertEquals(3, lines.get(2).number());
  }

  @Test
  void crlfEndsAreDroppedAndALastLineWithoutNewlineIsRead() throws Exception {
    List<LineReader.Line> lines = lines(bytes("a\r\n\r\nb\rc\nlast"), 100);
    assertEquals(List.of("a", "", "b\rc", "last"), lines.stream().map(LineReader.Line::text).toList());
    assertEquals(List.of(true, true, false, false), lines.stream().map(LineReader.Line::crlf).toList());
  }

  @Test
  void aNulByteIsBinaryDataAndAByteOrderMarkIsDropped() throws Exception {
    List<LineReader.Line> lines = lines(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "1,a\n2", new byte[] {0}, "b\n3,c"), 100);
    assertEquals("1,a", lines.get(0).text());
    assertEquals("binary data: a NUL byte at byte 2 of the line", lines.get(1).error());
    assertEquals("3,c", lines.get(2).text());
  }

  @Test
  void aLineOverTheLimitIsReportedWithItsSizeAndTheNextIsRead() throws Exception {
    String exact = "x".repeat(16);
    List<LineReader.Line> lines = lines(bytes(exact, "\r\n", "y".repeat(17), "\n", "z".repeat(5000), "\r\nok"), 16);
    assertEquals(exact, lines.get(0).text(), "a line of exactly the limit (before its CRLF) is read");
    assertEquals("line of 17 bytes is longer than the limit of 16 bytes", lines.get(1).error());
    assertEquals("line of 5000 bytes is longer than the limit of 16 bytes", lines.get(2).error());
    assertEquals("ok", lines.get(3).text());
    assertEquals(4, lines.get(3).number());
  }

  @Test
  void aHugeLineIsSkippedWithoutHoldingIt() throws Exception {
    long size = 50L << 20;
    InputStream huge =
        new InputStream() {
          long left = size;

          @Override
          public int read() {
            return left-- > 0 ? 'q' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'q');
            left -= n;
            return n;
          }
        };
    try (LineReader r = new LineReader(new java.io.SequenceInputStream(new ByteArrayInputStream(bytes("a\n")), new java.io.SequenceInputStream(huge, new ByteArrayInputStream(bytes("\nb\n")))), 1 << 20)) {
      assertEquals("a", r.next().text());
      LineReader.Line line = r.next();
      assertEquals("line of 52428800 bytes is longer than the limit of 1048576 bytes", line.error());
      assertEquals(size, line.bytes());
      assertEquals("q".repeat(InputText.MAX_CHARS) + " ... [cut: 52428800 bytes in all]", line.raw());
      assertEquals("b", r.next().text());
      assertNull(r.next());
      assertTrue(r.capacity() <= (1 << 20) + 1, "held at most the limit: " + r.capacity());
    }
  }

  @Test
  void aCharacterAcrossTheReadBufferIsDecodedWhole() throws Exception {
    String line = "é".repeat(70_000);
    List<LineReader.Line> lines = lines(bytes(line, "\n"), 1 << 20);
    assertEquals(line, lines.get(0).text());
    assertFalse(lines.get(0).bad());
  }
}
