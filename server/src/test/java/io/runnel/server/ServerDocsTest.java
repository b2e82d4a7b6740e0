package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * docs/server.md's examples, run in order against a fresh server with curl: each {@code sh} block's output
 * must be the {@code json} or {@code text} block after it.
 */
class ServerDocsTest {
  private static final Path DOC = Path.of("").toAbsolutePath().getParent().resolve("docs/server.md");
  private static final Pattern EXAMPLE = Pattern.compile("```sh\n(.*?)```\n\n```(?:json|text)\n(.*?)```", Pattern.DOTALL);
  private static final String TOKEN = "docs-token-0123456789";

  @TempDir Path dir;

  record Example(String command, String output) {}

  static List<Example> examples() throws IOException {
    List<Example> examples = new ArrayList<>();
    Matcher m = EXAMPLE.matcher(Files.readString(DOC));
    while (m.find()) {
      examples.add(new Example(m.group(1).strip(), m.group(2).strip()));
    }
    return examples;
  }

  @Test
  void theDocumentedExamplesRunAndPrintWhatTheySay() throws Exception {
    assumeTrue(onPath("curl") && onPath("bash"), "curl is not installed (.ci/run installs it): docs/server.md's examples are not run");
    List<Example> examples = examples();
    assertFalse(examples.size() < 10, "docs/server.md has its examples");
    try (RunnelServer server = RunnelServer.start(dir.resolve("data"), "127.0.0.1", 0, TOKEN)) {
      for (Example e : examples) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", e.command()).redirectErrorStream(true);
        pb.environment().put("URL", server.uri().toString());
        pb.environment().put("TOKEN", TOKEN);
        Process p = pb.start();
        try {
          assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ran within 30 s: " + e.command());
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
          assertEquals(e.output(), out, e.command());
        } finally {
          p.destroyForcibly();
        }
      }
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
