package io.runnel.tests.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of the architecture, checked on the main sources: what each module may import,
 * and that the engine never prints or exits the process.
 */
class ModuleBoundariesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

  /** Import prefixes each module's main code may use besides the JDK and its own packages. */
  private static final Map<String, List<String>> ALLOWED =
      Map.of(
          "grammar", List.of("org.antlr."),
          "parser", List.of("io.runnel.grammar.", "org.antlr."),
          "operators", List.of("it.unimi.dsi.fastutil."),
          "planner", List.of("io.runnel.parser.", "io.runnel.operators.", "org.apache.calcite.", "com.google.common."),
          "runtime", List.of("io.runnel.", "net.openhft.", "com.fasterxml.jackson.core.", "org.slf4j."),
          "shell", List.of("io.runnel.", "org.jline."),
          "server", List.of("io.runnel.", "org.eclipse.jetty.", "com.fasterxml.jackson.", "io.prometheus.metrics."));

  /** Runnel packages a module must never reach, even through transitive dependencies. */
  private static final Map<String, List<String>> FORBIDDEN =
      Map.of(
          "runtime", List.of("org.apache.calcite.", "io.runnel.shell.", "io.runnel.server."),
          "shell", List.of("org.apache.calcite.", "net.openhft.", "io.runnel.planner.", "io.runnel.runtime.log.", "io.runnel.runtime.query.", "io.runnel.server."),
          "server", List.of("org.apache.calcite.", "net.openhft.", "io.runnel.planner.", "io.runnel.runtime.log.", "io.runnel.runtime.query.", "io.runnel.shell."));

  @Test
  void everyModuleImportsOnlyWhatItMayUse() throws IOException {
    List<String> violations = new ArrayList<>();
    for (var entry : ALLOWED.entrySet()) {
      String module = entry.getKey();
      for (Path file : mainSources(module)) {
        String text = Files.readString(file);
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
          String imported = m.group(1);
          boolean ok =
              imported.startsWith("java.")
                  || imported.startsWith("javax.")
                  || imported.startsWith("io.runnel." + module + ".")
                  || (module.equals("runtime") && imported.startsWith("io.runnel.") && !imported.startsWith("io.runnel.shell.") && !imported.startsWith("io.runnel.server."))
                  || entry.getValue().stream().anyMatch(imported::startsWith);
          boolean forbidden = FORBIDDEN.getOrDefault(module, List.of()).stream().anyMatch(imported::startsWith);
          if (!ok || forbidden) {
            violations.add(module + ": " + ROOT.relativize(file) + " imports " + imported);
          }
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void theEngineNeverPrintsOrExits() throws IOException {
    Pattern banned = Pattern.compile("System\\.(exit|out|err)\\b|printStackTrace\\(");
    List<String> violations = new ArrayList<>();
    for (String module : List.of("grammar", "parser", "operators", "planner", "runtime")) {
      for (Path file : mainSources(module)) {
        Matcher m = banned.matcher(Files.readString(file));
        if (m.find()) {
          violations.add(ROOT.relativize(file) + " uses " + m.group());
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void theModulesAreWhereTheTestExpectsThem() {
    for (String module : ALLOWED.keySet()) {
      assertTrue(Files.isDirectory(ROOT.resolve(module).resolve("src/main/java")), module + " has main sources");
    }
  }

  private static List<Path> mainSources(String module) throws IOException {
    Path dir = ROOT.resolve(module).resolve("src/main/java");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }
}
