package io.runnel.tests.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.runnel.Change;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A corpus of malformed files, generated here, through the file connector in both formats: every good
 * line arrives, in order and intact, and every bad one is in {@code sys.errors} with its line number,
 * its input cut to about 1 KB.
 */
class MalformedFilesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String COLUMNS = "(id BIGINT, amount DOUBLE, name VARCHAR, day DATE, ts TIMESTAMP(3))";
  private static final int GIANT = 20 << 20;

  @TempDir Path dir;

  /** The lines of a file being written: which are good, and the rows those hold. */
  private static final class Corpus implements AutoCloseable {
    final OutputStream out;
    final boolean json;
    long line;
    final List<List<Object>> rows = new ArrayList<>();
    final Map<Long, String> bad = new TreeMap<>(); // line -> what is wrong, as the test knows it

    Corpus(Path file, boolean json) throws IOException {
      this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      this.json = json;
    }

    void good(long id, double amount, String name, String day, String ts, String end) throws IOException {
      String text =
          json
              ? "{\"id\": " + id + ", \"amount\": " + amount + ", \"name\": \"" + name.replace("\"", "\\\"") + "\", \"day\": \"" + day + "\", \"ts\": \"" + ts + "\"}"
              : id + "," + amount + ",\"" + name.replace("\"", "\"\"") + "\"," + day + "," + ts;
      write(text.getBytes(StandardCharsets.UTF_8), end);
      rows.add(List.of(id, amount, name, LocalDate.parse(day), LocalDateTime.parse(ts.replace(' ', 'T'))));
    }

    /** A line, as bytes, that must be reported. */
    void bad(String why, String end, Object... parts) throws IOException {
      bad.put(line + 1, why);
      write(bytes(parts), end);
    }

    void blank(String end) throws IOException {
      write(new byte[0], end);
    }

    private void write(byte[] text, String end) throws IOException {
      out.write(text);
      out.write(end.getBytes(StandardCharsets.US_ASCII));
      line++;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  static byte[] bytes(Object... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (Object p : parts) {
      out.writeBytes(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  static byte[] repeat(char c, int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }

  /** Writes the corpus: good lines between every kind of bad one. */
  private static Corpus corpus(Path file, boolean json) throws IOException {
    String q = json ? "\"" : "";
    try (Corpus c = new Corpus(file, json)) {
      long id = 0;
      c.good(++id, 1.5, "plain", "2024-01-01", "2024-01-01 00:00:00", "\n");
      c.good(++id, 2.5, "crlf ended", "2024-01-02", "2024-01-02 00:00:00", "\r\n");
      c.good(++id, 3.5, "ünïcødé 東京 🚀", "2024-01-03", "2024-01-03 00:00:00", "\n");
      c.blank("\n");
      c.blank("\r\n");
      // wrong number of columns (CSV) or not an object (JSON)
      c.bad("columns", "\n", json ? "[99, 1.0, \"x\"]" : "99,1.0,x");
      c.bad("columns", "\n", json ? "42" : "99,1.0,x,2024-01-01,2024-01-01 00:00:00,extra");
      c.good(++id, 4.5, "after columns", "2024-01-04", "2024-01-04 00:00:00", "\n");
      // encodings: Latin-1, an overlong encoding, a UTF-16 surrogate, a cut multi-byte character
      c.bad("latin-1", "\n", json ? "{\"id\": 99, \"name\": \"caf" : "99,1.0,caf", new byte[] {(byte) 0xE9}, json ? "\"}" : ",2024-01-01,2024-01-01 00:00:00");
      c.bad("overlong", "\r\n", json ? "{\"id\": 99, \"name\": \"" : "99,1.0,", new byte[] {(byte) 0xC0, (byte) 0xAF}, json ? "\"}" : ",2024-01-01,2024-01-01 00:00:00");
      c.bad("surrogate", "\n", json ? "{\"id\": 99, \"name\": \"" : "99,1.0,", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, json ? "\"}" : ",2024-01-01,2024-01-01 00:00:00");
      c.bad("cut character", "\n", json ? "{\"id\": 99, \"name\": \"" : "99,1.0,", new byte[] {(byte) 0xE6, (byte) 0x9D}, json ? "\"}" : ",2024-01-01,2024-01-01 00:00:00");
      c.bad("NUL", "\n", json ? "{\"id\": 99, \"name\": \"a" : "99,1.0,a", new byte[] {0}, json ? "\"}" : ",2024-01-01,2024-01-01 00:00:00");
      c.good(++id, 5.5, "after encodings", "2024-01-05", "2024-01-05 00:00:00", "\n");
      // binary garbage: 256 KB of random bytes cut into lines of 4 KB, none of them UTF-8
      Random random = new Random(42);
      for (int i = 0; i < 64; i++) {
        byte[] garbage = new byte[4096];
        random.nextBytes(garbage);
        for (int b = 0; b < garbage.length; b++) {
          if (garbage[b] == '\n' || b % 512 == 0) {
            garbage[b] = (byte) 0xFF;
          }
        }
        c.bad("garbage", "\n", garbage);
      }
      c.good(++id, 6.5, "after garbage", "2024-01-06", "2024-01-06 00:00:00", "\n");
      // a giant field and a giant line, each far over the 1 MiB limit
      c.bad("giant field", "\n", json ? "{\"id\": 99, \"amount\": 1.0, \"name\": \"" : "99,1.0,\"", repeat('x', GIANT), json ? "\"}" : "\",2024-01-01,2024-01-01 00:00:00");
      c.good(++id, 7.5, "after giant field", "2024-01-07", "2024-01-07 00:00:00", "\r\n");
      c.bad("giant line", "\n", repeat(',', GIANT));
      c.good(++id, 8.5, "after giant line", "2024-01-08", "2024-01-08 00:00:00", "\n");
      // values that do not parse
      c.bad("bad date", "\n", json ? "{\"id\": 99, \"day\": \"2024-02-30\"}" : "99,1.0,x,2024-02-30,2024-01-01 00:00:00");
      c.bad("bad date", "\n", json ? "{\"id\": 99, \"day\": \"yesterday\"}" : "99,1.0,x,yesterday,2024-01-01 00:00:00");
      c.bad("bad time", "\n", json ? "{\"id\": 99, \"ts\": \"2024-01-01 25:00:00\"}" : "99,1.0,x,2024-01-01,2024-01-01 25:00:00");
      c.bad("bad number", "\n", json ? "{\"id\": 99, \"amount\": \"1.2.3\"}" : "99,1.2.3,x,2024-01-01,2024-01-01 00:00:00");
      c.bad("bad number", "\n", json ? "{\"id\": 99999999999999999999}" : "99999999999999999999,1.0,x,2024-01-01,2024-01-01 00:00:00");
      c.bad("bad number", "\r\n", json ? "{\"id\": " + q + "abc" + q + "}" : "abc,1.0,x,2024-01-01,2024-01-01 00:00:00");
      // an unclosed quote: in CSV it would swallow the lines after it
      c.bad("unclosed quote", "\n", json ? "{\"id\": 99, \"name\": \"open" : "99,1.0,\"open,2024-01-01,2024-01-01 00:00:00");
      c.good(++id, 9.5, "after quote, a \"quoted\" word", "2024-01-09", "2024-01-09 00:00:00", "\n");
      c.blank("\n");
      for (int i = 0; i < 3000; i++) {
        c.good(++id, id + 0.25, "row " + id, "2024-02-01", "2024-02-01 00:00:00", i % 2 == 0 ? "\n" : "\r\n");
      }
      c.good(++id, 10.5, "last, without a newline", "2024-01-10", "2024-01-10 00:00:00", "");
      return c;
    }
  }

  private static List<List<Object>> rows(Runnel runnel, String sql) {
    try (QueryHandle q = runnel.query(sql, QueryOptions.fromEarliest())) {
      assertTrue(q.bounded());
      List<List<Object>> rows = new ArrayList<>();
      assertTimeoutPreemptively(WAIT, () -> q.changes().forEachRemaining(c -> rows.add(c.values())));
      assertTrue(q.isDone());
      return rows;
    }
  }

  /** sys.errors of one file: line number to [reason, input]. */
  private static Map<Long, List<String>> errors(Runnel runnel, Path file) throws InterruptedException {
    try (QueryHandle q = runnel.query("SELECT source, reason, input FROM sys.errors WHERE source LIKE '" + file + ":%'", QueryOptions.fromEarliest())) {
      List<Change> out = Collections.synchronizedList(new ArrayList<>());
      q.subscribe(out::add);
      assertTrue(q.sync(WAIT));
      Map<Long, List<String>> errors = new TreeMap<>();
      for (Change c : List.copyOf(out)) {
        String source = (String) c.values().get(0);
        long line = Long.parseLong(source.substring(source.lastIndexOf(':') + 1));
        assertEquals(null, errors.put(line, List.of((String) c.values().get(1), (String) c.values().get(2))), "one error per line");
      }
      return errors;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "json"})
  void everyGoodLineArrivesInOrderAndEveryBadOneIsReportedWithItsLine(String format) throws Exception {
    Path file = dir.resolve("corpus." + format);
    Corpus corpus = corpus(file, format.equals("json"));
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      runnel.execute("CREATE STREAM s " + COLUMNS + " WITH ('connector' = 'file', 'path' = '" + file + "', 'format' = '" + format + "')");
      List<List<Object>> rows = rows(runnel, "SELECT id, amount, name, day, ts FROM s");
      assertEquals(corpus.rows.size(), rows.size());
      assertEquals(corpus.rows, rows);
      Map<Long, List<String>> errors = errors(runnel, file);
      assertEquals(corpus.bad.keySet(), errors.keySet(), "every bad line, and only those");
      for (var e : errors.entrySet()) {
        String why = corpus.bad.get(e.getKey());
        String reason = e.getValue().get(0);
        String input = e.getValue().get(1);
        assertTrue(input.length() <= 1024 + 64, why + ": input of " + input.length() + " characters");
        switch (why) {
          case "latin-1", "overlong", "surrogate", "cut character" -> assertTrue(reason.startsWith("invalid UTF-8 at byte "), why + ": " + reason);
          case "garbage" -> assertTrue(reason.startsWith("invalid UTF-8 at byte ") || reason.startsWith("binary data"), reason);
          case "NUL" -> assertTrue(reason.startsWith("binary data"), reason);
          case "giant field", "giant line" -> {
            assertTrue(reason.matches("line of \\d+ bytes is longer than the limit of 1048576 bytes"), reason);
            assertTrue(input.matches("(?s).* \\.\\.\\. \\[cut: \\d+ bytes in all]"), why + ": " + input.substring(input.length() - 40));
          }
          case "bad date" -> assertTrue(reason.startsWith("column 'day'"), reason);
          case "bad time" -> assertTrue(reason.startsWith("column 'ts'"), reason);
          case "bad number" -> assertTrue(reason.startsWith("column 'id'") || reason.startsWith("column 'amount'"), reason);
          case "unclosed quote" -> assertTrue(reason.equals("unterminated quoted field") || reason.startsWith("invalid JSON"), reason);
          case "columns" -> assertTrue(reason.startsWith("expected 5 fields") || reason.startsWith("invalid JSON"), reason);
          default -> throw new AssertionError(why);
        }
      }
    }
  }

  private static void writeLines(Path file, boolean json, int count, int badAt, byte[] garbage) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (int i = 1; i <= count; i++) {
        if (i == badAt) {
          out.write(garbage);
        } else {
          out.write((json ? "{\"n\": " + i + ", \"s\": \"row " + i + "\"}" : i + ",row " + i).getBytes(StandardCharsets.UTF_8));
        }
        out.write('\n');
      }
    }
  }

  private static List<Long> ids(Runnel runnel, Path file, String format) {
    runnel.execute("CREATE STREAM f_" + format + " (n BIGINT, s VARCHAR) WITH ('connector' = 'file', 'path' = '" + file + "', 'format' = '" + format + "')");
    List<List<Object>> rows = rows(runnel, "SELECT n, s FROM f_" + format);
    for (List<Object> row : rows) {
      assertEquals("row " + row.get(0), row.get(1));
    }
    return rows.stream().map(r -> (Long) r.get(0)).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "json"})
  void invalidUtf8OnLine20001Of40001SpoilsOnlyThatLine(String format) throws Exception {
    Path file = dir.resolve("big." + format);
    byte[] bad = bytes(format.equals("json") ? "{\"n\": 20001, \"s\": \"caf" : "20001,caf", new byte[] {(byte) 0xE9}, format.equals("json") ? "\"}" : "");
    writeLines(file, format.equals("json"), 40_001, 20_001, bad);
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      List<Long> ids = ids(runnel, file, format);
      assertEquals(40_000, ids.size());
      List<Long> expected = new ArrayList<>();
      for (long i = 1; i <= 40_001; i++) {
        if (i != 20_001) {
          expected.add(i);
        }
      }
      assertEquals(expected, ids);
      Map<Long, List<String>> errors = errors(runnel, file);
      assertEquals(List.of(20_001L), List.copyOf(errors.keySet()));
      assertTrue(errors.get(20_001L).get(0).startsWith("invalid UTF-8"), errors.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "json"})
  void aMegabyteOfBinaryGarbageBetween200GoodRowsLosesNone(String format) throws Exception {
    Path file = dir.resolve("garbage." + format);
    byte[] garbage = new byte[1 << 20];
    new Random(7).nextBytes(garbage); // newlines and all: it splits into many bad lines
    writeLines(file, format.equals("json"), 201, 101, garbage);
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      List<Long> ids = ids(runnel, file, format);
      assertEquals(200, ids.size());
      assertEquals(1L, ids.get(0));
      assertEquals(100L, ids.get(99));
      assertEquals(201L, ids.get(199));
      Map<Long, List<String>> errors = errors(runnel, file);
      assertFalse(errors.isEmpty());
      assertTrue(errors.keySet().stream().allMatch(line -> line >= 101), errors.keySet().stream().limit(5).collect(Collectors.toList()).toString());
      assertTrue(errors.values().stream().allMatch(e -> e.get(1) == null || e.get(1).length() <= 1024 + 64));
    }
  }

  @Test
  void aDirectoryAsAFileIsRejectedAtCreate() {
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      RunnelException e =
          assertThrows(
              RunnelException.class,
              () -> runnel.execute("CREATE STREAM d (n BIGINT) WITH ('connector' = 'file', 'path' = '" + dir + "', 'format' = 'csv')"));
      assertEquals(ErrorCode.IO_ERROR, e.code());
      assertEquals(new Pos(1, 1), e.pos());
      assertEquals("'" + dir + "' is a directory, not a file, for stream d", e.reason());
      assertEquals("Set 'path' to one CSV or JSON-lines file.", e.hint());
      assertFalse(runnel.catalog().streams().containsKey("d"));
    }
  }

  @Test
  void anUnreadableFileIsRejectedAtCreate() throws Exception {
    Path file = dir.resolve("secret.csv");
    Files.writeString(file, "1\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(file), "the superuser reads any file");
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      RunnelException e =
          assertThrows(
              RunnelException.class,
              () -> runnel.execute("CREATE STREAM d (n BIGINT) WITH ('connector' = 'file', 'path' = '" + file + "', 'format' = 'csv')"));
      assertEquals(ErrorCode.IO_ERROR, e.code());
      assertEquals("Cannot read file '" + file + "' for stream d: permission denied", e.reason());
    }
  }
}
