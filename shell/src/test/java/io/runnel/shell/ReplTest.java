package io.runnel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.Runnel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL driven through a dumb terminal, against a real engine. */
class ReplTest {
  @TempDir Path dir;

  String session(String input) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Runnel engine = Runnel.open(dir.resolve("data"));
        DumbTerminal terminal = new DumbTerminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)) {
      Session session = new Session(engine, terminal.writer(), true, new ShellOptions(Format.TABLE), new LiveView(terminal));
      new Repl(terminal, session, dir.resolve("history")).run();
    }
    return out.toString(StandardCharsets.UTF_8).replace("\r", "");
  }

  @Test
  void aStatementMaySpanLinesAndRunsAtItsSemicolon() throws Exception {
    String out = session("CREATE STREAM s\n(x BIGINT);\nSHOW STREAMS;\n");
    assertTrue(out.contains("Created stream s"), out);
    assertTrue(out.contains("| s          | none      |           |"), out);
  }

  @Test
  void errorsShowTheLineWithACaretAndTheHint() throws Exception {
    String out = session("CREATE STREAM s (price BIGINT);\nSELECT pricee FROM s;\n");
    assertTrue(out.contains("SELECT pricee FROM s\n       ^\nRUN-1102: line 1:8: Column 'pricee' not found in s\nHint: Did you mean 'price'?\n"), out);
  }

  @Test
  void helpSetAndQuit() throws Exception {
    String out = session("help\nset format tsv\nset\nquit\nSHOW STREAMS;\n");
    assertTrue(out.contains("Shell commands:"), out);
    assertTrue(out.contains("format = tsv"), out);
    assertTrue(out.endsWith("Bye\n"), out);
    assertTrue(!out.contains("sys.errors"), "nothing runs after quit: " + out);
  }

  @Test
  void theLastStatementRunsWithoutANewlineAndEndOfInputLeaves() throws Exception {
    String out = session("CREATE STREAM s (x BIGINT);\nDESCRIBE s;");
    assertTrue(out.contains("| x      | BIGINT | TRUE     |       |"), out);
    assertTrue(out.endsWith("Bye\n"), out);
  }

  @Test
  void aBoundedStandingQueryShowsItsRowsLiveAndEnds() throws Exception {
    String out = session("SELECT 1 + 1 AS two, 'x' AS s;\n");
    assertTrue(out.contains("two         s\n2           x\n(1 change)"), out);
  }
}
