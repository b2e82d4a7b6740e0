package io.runnel.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.grammar.StatementSplitter;
import io.runnel.parser.RunnelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCommandsTest {
  @TempDir Path dir;

  /** The statements {@code help} shows, in order: the lines between its first heading and "Shell commands:". */
  static List<String> helpStatements() {
    String help = ShellCommands.HELP;
    String statements = help.substring(help.indexOf('\n') + 1, help.indexOf("Shell commands:"));
    return StatementSplitter.split(statements).stream().map(StatementSplitter.Piece::text).filter(t -> !t.isBlank()).toList();
  }

  @Test
  void everyStatementHelpShowsRunsInTheDemo() throws Exception {
    List<String> statements = helpStatements();
    assertTrue(statements.size() > 15, statements.toString());
    // the file example reads f.csv from the directory Runnel runs in: here, one the test made
    Path csv = Files.writeString(dir.resolve("f.csv"), "1,a\n");
    try (Runnel engine = Runnel.open(dir.resolve("data"))) {
      engine.executeAll(DemoCatalog.DDL);
      for (String shown : statements) {
        String statement = shown.replace("'f.csv'", "'" + csv + "'");
        try {
          for (StatementResult result : engine.executeAll(statement)) {
            if (result instanceof StatementResult.Query q) {
              q.handle().cancel(); // a standing query: that it started is enough
            }
          }
        } catch (RunnelException e) {
          fail("help shows a statement that fails in the demo: " + statement + "\n" + e.describe());
        }
      }
      // q1 is the INSERT INTO big_bids, the demo's first query (a cancelled SELECT may still be leaving)
      assertFalse(engine.catalog().queries().contains("q1"), "TERMINATE QUERY q1 stopped it");
    }
  }
}
