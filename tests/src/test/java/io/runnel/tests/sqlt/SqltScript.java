package io.runnel.tests.sqlt;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code .sqlt} file: records separated by blank lines, each starting with a verb.
 *
 * <pre>
 * # a comment
 * statement ok                 statement error RUN-1102: line 1:8: Column 'x' not found
 * CREATE STREAM s (a INT)      SELECT x FROM s
 *
 * query q1                     ingest s                 changelog q1
 * SELECT a FROM s WHERE a > 1  1                        +I[2]
 *                              2                        (empty) when nothing changed
 *
 * done q1                      file data.csv            explain
 *                              1,a                      SELECT a FROM s
 *                              EOF                      ----
 *                                                       Calc(select=[a])  changelog=[I]  rowtime=none
 * </pre>
 *
 * {@code rows} runs a statement with a table result (SHOW, DESCRIBE) and compares its rows, written
 * {@code a | b | c}, after a {@code ----} line. {@code failed q1} checks that standing query q1 stopped with
 * an error at run time whose text holds the lines that follow. {@code checkpoint} has every persistent query, caught up,
 * write a checkpoint ({@code CHECKPOINT}). {@code restart} closes the engine and opens it again on
 * the same directory (persistent queries resume; standing queries start again and must repeat their
 * changes). {@code advance 5 s} (or {@code sleep 5 s}) moves the engine's processing-time clock, which
 * stands still otherwise, once every query has taken what was ingested, and returns when every query has
 * run at the new time (see {@link SqltRunner}). {@code watermark s 2024-01-01 00:00:30} writes into stream
 * {@code s}'s log that its watermark has reached that time.
 *
 * <p>{@code ${dir}} in any text is replaced by the test's temporary directory.
 */
record SqltScript(String name, List<Record> records) {

  /** One step of a script; {@code line} is where it starts in the file. */
  record Record(int line, String verb, String argument, List<String> body, List<String> expected) {}

  static SqltScript parse(String name, String text) {
    List<Record> records = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int i = 0;
    while (i < lines.length) {
      String line = lines[i].stripTrailing();
      if (line.isBlank() || line.startsWith("#")) {
        i++;
        continue;
      }
      int start = i + 1;
      int space = line.indexOf(' ');
      String verb = space < 0 ? line : line.substring(0, space);
      String argument = space < 0 ? "" : line.substring(space + 1).trim();
      i++;
      List<String> body = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      if (verb.equals("file")) {
        while (i < lines.length && !lines[i].equals("EOF")) {
          body.add(lines[i++]);
        }
        i++;
      } else {
        boolean afterSeparator = false;
        while (i < lines.length && !lines[i].isBlank()) {
          String l = lines[i++].stripTrailing();
          if (l.startsWith("#")) {
            continue;
          }
          if (l.equals("----")) {
            afterSeparator = true;
          } else if (afterSeparator) {
            expected.add(l);
          } else {
            body.add(l);
          }
        }
      }
      records.add(new Record(start, verb, argument, body, expected));
    }
    return new SqltScript(name, records);
  }
}
