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

  @Test
  void aStatementTooDeepOrTooComplexIsAnErrorAndTheSessionGoesOn() throws Exception {
    String deep = "SELECT " + "ABS(".repeat(2000) + "x" + ")".repeat(2000) + " FROM s;\n";
    StringBuilder alternating = new StringBuilder("SELECT x FROM s");
    for (int i = 0; i < 5000; i++) {
      alternating.append(i % 2 == 0 ? " UNION SELECT x FROM s" : " UNION ALL SELECT x FROM s");
    }
    String out = session("CREATE STREAM s (x BIGINT);\n" + deep + "EXPLAIN " + alternating + ";\nSHOW STREAMS;\n");
    assertTrue(out.contains("RUN-1410: line 1:811: Statement is nested more than 200 levels deep"), out);
    assertTrue(out.contains("RUN-1410: Statement is too complex to process"), out);
    assertTrue(out.contains("| s          | none      |           |"), out);
  }

  @Test
  void anErrorThrownByTheEngineLeavesTheSessionUp() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Runnel failing = (Runnel) java.lang.reflect.Proxy.newProxyInstance(
        Runnel.class.getClassLoader(), new Class<?>[] {Runnel.class}, (proxy, method, args) -> {
          if (method.getName().equals("executeAll")) {
            throw new StackOverflowError();
          }
          return null;
        });
    try (java.io.PrintWriter out = new java.io.PrintWriter(bytes, true, StandardCharsets.UTF_8)) {
      Session session = new Session(failing, out, true, new ShellOptions(Format.TABLE), null);
      assertTrue(!session.run("SELECT 1;"));
      assertTrue(!session.run("SELECT 2;"));
    }
    assertEquals("Internal error: java.lang.StackOverflowError\nInternal error: java.lang.StackOverflowError\n", bytes.toString(StandardCharsets.UTF_8));
  }
}
