package io.runnel.tests.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first minute, in a real pseudo terminal: {@code ./runnel} starts the live demo, a standing
 * query shows rows as they arrive, Ctrl-C stops it, Ctrl-D leaves. Driven through tmux; reads the screen.
 */
class TerminalSessionIT {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Pattern ROW = Pattern.compile("(?m)^\\d{4,}\\s+\\d{7,}\\s*$");

  @TempDir Path home;
  final String socket = "runnel-test-" + ProcessHandle.current().pid();

  @AfterEach
  void killServer() throws Exception {
    tmux("kill-server");
  }

  @Test
  void theDemoShowsLiveRowsStopsOnCtrlCAndLeavesOnCtrlD() throws Exception {
    assumeTrue(available("tmux"), "tmux is not installed");
    assumeTrue(Files.exists(ROOT.resolve("shell/target/runnel.jar")), "the shell jar is built in the package phase");
    Path marker = home.resolve("exited");
    Path tmp = Files.createDirectories(home.resolve("tmp"));
    String command = "cd " + ROOT + " && RUNNEL_NO_BUILD=1 RUNNEL_JAVA_OPTS=-Djava.io.tmpdir=" + tmp + " ./runnel; echo $? > " + marker + "; sleep 30";
    tmux("new-session", "-d", "-s", "demo", "-x", "150", "-y", "45", "-e", "HOME=" + home, command);

    String screen = waitFor(s -> s.contains("runnel>"), "the prompt");
    assertTrue(screen.contains("Demo streams person, auction and bid are live"), screen);

    tmux("send-keys", "-t", "demo", "SELECT auction, price FROM bid WHERE price > 1000000\\;", "Enter");
    screen = waitFor(s -> ROW.matcher(s).results().count() >= 3 && s.contains("rows/s"), "live rows and the status line");
    assertTrue(Pattern.compile("watermark: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}").matcher(screen).find(), screen);

    tmux("send-keys", "-t", "demo", "C-c");
    screen = waitFor(s -> s.contains("Query stopped after"), "the query to stop");
    waitFor(s -> s.strip().endsWith("runnel>"), "the prompt after Ctrl-C");

    tmux("send-keys", "-t", "demo", "C-d");
    waitFor(s -> s.contains("Bye"), "the shell to say goodbye");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!Files.exists(marker) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(Files.exists(marker), "the shell process ended");
    assertTrue(Files.readString(marker).strip().equals("0"), "exit code " + Files.readString(marker));
    try (var left = Files.list(tmp)) {
      // (Chronicle Queue leaves an empty 'target' directory in the temp dir; the demo's data is 'runnel-*')
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("runnel-")).toList(),
          "the demo's temporary data directory is removed on exit");
    }
  }

  @Test
  void closingTheTerminalUnderTheDemoRemovesItsData() throws Exception {
    assumeTrue(available("tmux"), "tmux is not installed");
    assumeTrue(Files.exists(ROOT.resolve("shell/target/runnel.jar")), "the shell jar is built in the package phase");
    Path tmp = Files.createDirectories(home.resolve("tmp"));
    tmux("new-session", "-d", "-s", "demo", "-x", "150", "-y", "45", "-e", "HOME=" + home,
        "cd " + ROOT + " && RUNNEL_NO_BUILD=1 RUNNEL_JAVA_OPTS=-Djava.io.tmpdir=" + tmp + " exec ./runnel");
    waitFor(s -> s.contains("runnel>"), "the prompt");
    assertEquals(1, demoDirectories(tmp).size(), "the demo keeps its data in a temporary directory");
    tmux("kill-server"); // the terminal goes away: the shell gets SIGHUP
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!demoDirectories(tmp).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(List.of(), demoDirectories(tmp));
  }

  private static List<Path> demoDirectories(Path tmp) throws IOException {
    try (var entries = Files.list(tmp)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("runnel-")).toList();
    }
  }

  private String waitFor(Predicate<String> condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String screen = "";
    while (System.nanoTime() < deadline) {
      screen = tmux("capture-pane", "-p", "-t", "demo");
      if (condition.test(screen)) {
        return screen;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what + "; the screen:\n" + screen);
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static boolean available(String tool) {
    try {
      return new ProcessBuilder(tool, "-V").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
