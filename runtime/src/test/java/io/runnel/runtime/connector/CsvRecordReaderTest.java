package io.runnel.runtime.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {
  static CsvRecordReader reader(String text) {
    return reader(text.getBytes(StandardCharsets.UTF_8), 1 << 20);
  }

  static CsvRecordReader reader(byte[] bytes, int maxBytes) {
    return new CsvRecordReader(new LineReader(new ByteArrayInputStream(bytes), maxBytes), maxBytes);
  }

  @Test
  void rfc4180QuotingAndLineBreaks() throws Exception {
    CsvRecordReader r = reader("a,\"b,c\",\"say \"\"hi\"\"\"\r\n1,\"two\nlines\",3\nx,,\"\"\n");
    assertEquals(List.of("a", "b,c", "say \"hi\""), r.next().fields());
    CsvRecordReader.CsvRecord second = r.next();
    assertEquals(List.of("1", "two\nlines", "3"), second.fields());
    assertEquals(2, second.line());
    CsvRecordReader.CsvRecord third = r.next();
    assertEquals(Arrays.asList("x", null, ""), third.fields(), "unquoted empty is NULL, quoted empty is ''");
    assertEquals(4, third.line());
    assertNull(r.next());
  }

  @Test
  void anUnterminatedQuoteIsAnError() throws Exception {
    CsvRecordReader.CsvRecord record = reader("1,\"open").next();
    assertEquals("unterminated quoted field", record.error());
  }

  @Test
  void aLastLineWithoutNewlineIsRead() throws Exception {
    CsvRecordReader r = reader("1,2\n3,4");
    r.next();
    assertEquals(List.of("3", "4"), r.next().fields());
    assertNull(r.next());
  }

  @Test
  void aStrayQuoteCostsOnlyItsOwnLine() throws Exception {
    CsvRecordReader r = reader("1,\"open\n2,b\n3,\"c\"\n");
    CsvRecordReader.CsvRecord bad = r.next();
    assertEquals("unterminated quoted field", bad.error());
    assertEquals(1, bad.line());
    assertEquals("1,\"open", bad.raw());
    CsvRecordReader.CsvRecord second = r.next();
    assertEquals(List.of("2", "b"), second.fields());
    assertEquals(2, second.line());
    assertEquals(List.of("3", "c"), r.next().fields());
    assertNull(r.next());
  }

  @Test
  void aQuotedFieldDoesNotSpanALineThatCannotBeReadNorPastTheLimit() throws Exception {
    byte[] bytes = LineReaderTest.bytes("1,\"x\n", new byte[] {(byte) 0xFF}, "\n2,b\n3,\"", "y".repeat(20), "\n", "z".repeat(20), "\"\n4,d");
    CsvRecordReader r = reader(bytes, 32);
    assertEquals("unterminated quoted field", r.next().error());
    CsvRecordReader.CsvRecord invalid = r.next();
    assertEquals(2, invalid.line());
    assertEquals("invalid UTF-8 at byte 1 of the line", invalid.error());
    assertEquals(List.of("2", "b"), r.next().fields());
    CsvRecordReader.CsvRecord tooLong = r.next();
    assertEquals(4, tooLong.line());
    assertEquals("unterminated quoted field", tooLong.error(), "the field would hold more than the limit");
    assertEquals(List.of("z".repeat(20) + "\""), r.next().fields(), "read again on its own");
    CsvRecordReader.CsvRecord last = r.next();
    assertEquals(List.of("4", "d"), last.fields());
    assertEquals(6, last.line());
  }

  @Test
  void aQuotedLineBreakKeepsItsCrlf() throws Exception {
    assertEquals(List.of("a\r\nb", "c"), reader("\"a\r\nb\",c\r\n").next().fields());
  }
}
