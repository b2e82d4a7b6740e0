package io.runnel.tests.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.shell.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's examples, run as the README shows them, with the output it shows. */
class ReadmeExamplesTest {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  @TempDir Path dir;

  static String block(String readme, String after) {
    int at = readme.indexOf(after);
    Matcher m = Pattern.compile("```\\w*\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(at), "a code block after '" + after + "'");
    return m.group(1);
  }

  @Test
  void theScriptExampleIsTheFileAndPrintsWhatTheReadmeShows() throws Exception {
    checkScript("A script, `examples/bids.sql`", "examples/bids.sql", "./runnel run examples/bids.sql` prints", dir.resolve("bids"));
  }

  @Test
  void theJoinExampleIsTheFileAndPrintsWhatTheReadmeShows() throws Exception {
    checkScript("A temporal join, `examples/joins.sql`", "examples/joins.sql", "./runnel run examples/joins.sql` prints", dir.resolve("joins"));
  }

  @Test
  void theOverExampleIsTheFileAndPrintsWhatTheReadmeShows() throws Exception {
    checkScript("OVER windows and a user-defined function, `examples/over.sql`", "examples/over.sql", "./runnel run examples/over.sql` prints", dir.resolve("over"));
  }

  @Test
  void thePatternExampleIsTheFileAndPrintsWhatTheReadmeShows() throws Exception {
    checkScript("Pattern matching, `examples/patterns.sql`", "examples/patterns.sql", "./runnel run examples/patterns.sql` prints", dir.resolve("patterns"));
  }

  @Test
  void theTimeoutExampleIsTheFileAndPrintsWhatTheReadmeShows() throws Exception {
    checkScript("Partial matches that ran out of time, `examples/timeouts.sql`", "examples/timeouts.sql", "./runnel run examples/timeouts.sql` prints", dir.resolve("timeouts"));
  }

  @Test
  void theWindowExampleIsTheFileAndPrintsWhatTheReadmeShows() throws Exception {
    checkScript("Windows, `examples/windows.sql`", "examples/windows.sql", "./runnel run examples/windows.sql` prints", dir.resolve("windows"));
  }

  @Test
  void theViewExampleIsTheFileAndPrintsWhatTheReadmeShows() throws Exception {
    checkScript("Materialized views, `examples/views.sql`", "examples/views.sql", "./runnel run examples/views.sql` prints", dir.resolve("views"));
  }

  @Test
  void theDescribeQueryExampleIsTheFileAndPrintsWhatTheReadmeShows() throws Exception {
    checkScript("What a query has done, `examples/describe.sql`", "examples/describe.sql", "./runnel run examples/describe.sql` prints", dir.resolve("describe"));
  }

  private static void checkScript(String scriptHeading, String file, String outputHeading, Path data) throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Path script = ROOT.resolve(file);
    assertEquals(block(readme, scriptHeading), Files.readString(script));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"run", "--data", data.toString(), script.toString()}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    assertEquals(block(readme, outputHeading), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theJavaExamplePrintsWhatItsCommentSays() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertTrue(block(readme, "The embedded API").contains("System.out.println(q.changes().next());   // +I[2]"));
    try (Runnel runnel = Runnel.open(dir.resolve("data"))) {
      runnel.execute("CREATE STREAM bid (auction BIGINT, price BIGINT)");
      try (QueryHandle q = runnel.query("SELECT auction FROM bid WHERE price > 100")) {
        runnel.execute("INSERT INTO bid VALUES (1, 50), (2, 150)");
        assertEquals("+I[2]", q.changes().next().toString());
      }
    }
  }
}
