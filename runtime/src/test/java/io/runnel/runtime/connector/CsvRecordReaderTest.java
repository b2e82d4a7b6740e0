package io.runnel.runtime.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {
  static CsvRecordReader reader(String text) {
    return new CsvRecordReader(new StringReader(text));
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
}
