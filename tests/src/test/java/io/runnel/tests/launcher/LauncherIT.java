package io.runnel.tests.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    return runnel(java.util.Map.of(), stdin, args);
  }

  Result runnel(java.util.Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
    assumeTrue(Files.exists(ROOT.resolve("shell/target/runnel.jar")), "the shell jar is built in the package phase");
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("runnel").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().put("RUNNEL_NO_BUILD", "1");
    pb.environment().put("HOME", home.toString());
    pb.environment().putAll(env);
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

  /** {@code --server}: the README's script prints the same on a server as on an embedded engine. */
  @Test
  void aScriptAndPipedInputRunOnAServerAsTheyDoEmbedded() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m = Pattern.compile("`./runnel run examples/bids.sql` prints.*?```\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find());
    String token = "shell-token-0123456789";
    try (io.runnel.server.RunnelServer server = io.runnel.server.RunnelServer.start(home.resolve("served"), "127.0.0.1", 0, token)) {
      String url = server.uri().toString();
      java.util.Map<String, String> env = java.util.Map.of("RUNNEL_TOKEN", token);
      Result r = runnel(env, "", "run", "--server", url, ROOT.resolve("examples/bids.sql").toString());
      assertEquals(0, r.code(), r.out());
      assertEquals(m.group(1), r.out());

      Result piped = runnel(env, "SELECT pricee FROM bid;\n", "shell", "--server", url);
      assertEquals(1, piped.code(), piped.out());
      assertTrue(piped.out().contains("RUN-1102: line 1:8: Column 'pricee' not found in bid"), piped.out());

      Result noToken = runnel(java.util.Map.of("RUNNEL_TOKEN", ""), "", "shell", "--server", url);
      assertEquals(2, noToken.code());
      assertTrue(noToken.out().contains("RUNNEL_TOKEN"), noToken.out());
    }
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

  /**
   * {@code ./runnel server}: prints its address, serves, stops on SIGTERM after checkpointing, and a restart
   * resumes its views' queries.
   */
  @Test
  void theServerStopsOnSigtermAndARestartResumesItsQueries() throws Exception {
    assumeTrue(Files.exists(ROOT.resolve("server/target/runnel-server.jar")), "the server jar is built in the package phase");
    Path data = home.resolve("served");
    String token = "launcher-token-0123456789";
    HttpClient client = HttpClient.newHttpClient();
    Process first = server(data, token);
    try {
      String url = address(first);
      assertEquals(200, post(client, url + "/v1/statements", token, "{\"sql\": \"CREATE STREAM s (k BIGINT); CREATE MATERIALIZED VIEW c AS SELECT k, COUNT(*) AS n FROM s GROUP BY k\"}"));
      assertEquals(200, post(client, url + "/v1/streams/s/rows", token, "[[1], [1], [2]]"));
      assertEquals("[[1,2],[2,1]]", rows(client, url + "/v1/views/c", token));
      first.destroy(); // SIGTERM
      assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the server stopped on SIGTERM");
    } finally {
      first.destroyForcibly();
    }
    Process second = server(data, null); // the token stored at the first start
    try {
      String url = address(second);
      assertEquals(200, post(client, url + "/v1/streams/s/rows", token, "[[2]]"));
      assertEquals("[[1,2],[2,2]]", rows(client, url + "/v1/views/c", token));
      second.destroy();
      assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    } finally {
      second.destroyForcibly();
    }
  }

  private Process server(Path data, String token) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("runnel").toString(), "server", "--data", data.toString(), "--port", "0").directory(home.toFile()).redirectErrorStream(true);
    pb.environment().put("RUNNEL_NO_BUILD", "1");
    pb.environment().put("HOME", home.toString());
    if (token != null) {
      pb.environment().put("RUNNEL_ADMIN_TOKEN", token);
    } else {
      pb.environment().remove("RUNNEL_ADMIN_TOKEN");
    }
    return pb.start();
  }

  /** The address the server prints in its first line. */
  private static String address(Process p) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = Pattern.compile("Runnel server at (http://\\S+) on ").matcher(line);
      if (m.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    out.lines().forEach(l -> {});
                  } catch (java.io.UncheckedIOException e) {
                    // the process ended and its output closed
                  }
                },
                "server-output");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new AssertionError("the server printed no address: " + seen);
  }

  private static int post(HttpClient client, String url, String token, String body) throws Exception {
    var r = client.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  /** The view's rows, sorted. */
  private static String rows(HttpClient client, String url, String token) throws Exception {
    var r = client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    Matcher m = Pattern.compile("\"rows\":\\[(.*)\\],\"position\"").matcher(r.body());
    assertTrue(m.find(), r.body());
    List<String> rows = new ArrayList<>(List.of(m.group(1).replace("],[", "]\n[").split("\n")));
    rows.sort(null);
    return "[" + String.join(",", rows) + "]";
  }
}
