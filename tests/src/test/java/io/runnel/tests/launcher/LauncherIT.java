package io.runnel.tests.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./runnel} launcher as a user runs it: the README's script, piped input, help and version. */
class LauncherIT {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  @TempDir Path home;

  record Result(int code, String out) {}

  Result runnel(String stdin, String... args) throws IOException, InterruptedException {
    assumeTrue(Files.exists(ROOT.resolve("shell/target/runnel.jar")), "the shell jar is built in the package phase");
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("runnel").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().put("RUNNEL_NO_BUILD", "1");
    pb.environment().put("HOME", home.toString());
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "runnel ended");
    return new Result(p.exitValue(), out);
  }

  @Test
  void runPrintsTheReadmesOutputForItsExampleScript() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m = Pattern.compile("`./runnel run examples/bids.sql` prints.*?```\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find());
    Result r = runnel("", "run", ROOT.resolve("examples/bids.sql").toString());
    assertEquals(0, r.code(), r.out());
    assertEquals(m.group(1), r.out());
  }

  @Test
  void anErrorInAScriptExitsNonZero() throws Exception {
    Path bad = home.resolve("bad.sql");
    Files.writeString(bad, "SELECT 1 +;");
    Result r = runnel("", "run", bad.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("RUN-1001: line 1:11: mismatched input '<EOF>'"), r.out());
  }

  @Test
  void pipedInputPrintsNoPromptsAndRunsTheLastLineWithoutNewline() throws Exception {
    Result r = runnel("SELECT 40 + 2 AS answer", "shell", "--format", "tsv", "--data", home.resolve("data").toString());
    assertEquals(0, r.code(), r.out());
    assertEquals("answer\n42\n", r.out());
  }

  @Test
  void helpAndVersion() throws Exception {
    Result help = runnel("", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("Usage:\n  runnel "), help.out());
    Result version = runnel("", "--version");
    assertTrue(version.out().matches("runnel \\d+\\.\\d+\\.\\d+\\n"), version.out());
  }
}
