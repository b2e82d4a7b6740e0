package io.runnel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String stdin, String... args) {
    return Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runPrintsResultsInTheChosenFormat() throws Exception {
    Path script = dir.resolve("s.sql");
    Files.writeString(script, """
        CREATE STREAM bid (auction BIGINT, price BIGINT, channel VARCHAR);
        INSERT INTO bid VALUES (1, 150, 'Apple'), (2, 50, NULL), (3, 200, NULL);
        SET 'scan.startup.mode' = 'earliest';
        SELECT auction, price * 2 AS doubled, channel FROM bid WHERE price > 100;
        """);
    assertEquals(0, run("", "run", "--format", "tsv", "--data", dir.resolve("d").toString(), script.toString()));
    assertEquals("auction\tdoubled\tchannel\n1\t300\tApple\n3\t400\tNULL\n", out());
  }

  @Test
  void runStopsAtTheFirstErrorWithExitCodeOne() throws Exception {
    Path script = dir.resolve("bad.sql");
    Files.writeString(script, "CREATE STREAM s (x INT);\nSELECT y FROM s;\nCREATE STREAM never (x INT);\n");
    assertEquals(1, run("", "run", "--format", "json", script.toString()));
    assertTrue(out().contains("RUN-1102: line 1:8: Column 'y' not found in s"), out());
  }

  @Test
  void changelogFormatPrintsEveryChange() throws Exception {
    Path script = dir.resolve("t.sql");
    Files.writeString(script, "CREATE TABLE u (id INT, v VARCHAR, PRIMARY KEY (id));\nINSERT INTO u VALUES (1, 'a');\nINSERT INTO u VALUES (1, 'b');\nSELECT * FROM u;");
    assertEquals(0, run("", "run", "--format", "changelog", script.toString()));
    assertEquals("+I\t1\ta\n-U\t1\ta\n+U\t1\tb\n", out());
  }

  @Test
  void pipedInputRunsAsAScriptWithoutPrompts() {
    assertEquals(0, run("SHOW STREAMS;\nSELECT UPPER('x') AS u", "shell", "--format", "tsv", "--data", dir.toString()));
    assertEquals("name\tconnector\twatermark\nsys.errors\tnone\t\nsys.late\tnone\t\nu\nX\n", out());
  }

  @Test
  void aDataDirectoryThatCannotBeCreatedIsOneLineAndExitCodeOne() throws Exception {
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    Path script = Files.writeString(dir.resolve("s.sql"), "SHOW STREAMS;");
    assertEquals(1, run("", "run", "--data", file.resolve("data").toString(), script.toString()));
    assertEquals("runnel: RUN-1601: Cannot create data directory " + file.resolve("data") + ": " + file + " is not a directory\n",
        err.toString(StandardCharsets.UTF_8));
    assertEquals("", out());
    assertEquals(1, run("SHOW STREAMS;", "shell", "--data", file.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).endsWith("runnel: RUN-1601: Cannot create data directory " + file + ": " + file + " is not a directory\n"));
  }

  @Test
  void helpVersionAndBadArguments() {
    assertEquals(0, run("", "--help"));
    assertTrue(out().contains("runnel run"));
    assertEquals(0, run("", "--version"));
    assertTrue(out().contains("runnel " + Main.VERSION));
    assertEquals(2, run("", "run"));
    assertEquals(2, run("", "shell", "--format", "xml"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown format 'xml'"));
  }

  @Test
  void nexmarkGenerateWritesTheExchangeFormat() throws Exception {
    Path file = dir.resolve("events.json");
    assertEquals(0, run("", "nexmark", "generate", "--events", "5", "--out", file.toString()));
    List<String> lines = Files.readAllLines(file);
    assertEquals(5, lines.size());
    assertTrue(lines.get(0).startsWith("{\"type\":\"person\",\"id\":1000,"), lines.get(0));
    assertTrue(lines.get(4).startsWith("{\"type\":\"bid\",\"auction\":1000,\"bidder\":1001,"), lines.get(4));
    assertEquals(2, run("", "nexmark", "generate", "--events", "5"));
  }
}
