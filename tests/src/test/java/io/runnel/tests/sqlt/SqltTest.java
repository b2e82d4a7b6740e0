package io.runnel.tests.sqlt;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Runs every {@code sqlt/*.sqlt} file three times: as written, with random batch boundaries, and with a restart after every ingest. */
class SqltTest {
  @TempDir Path temp;

  @TestFactory
  Stream<DynamicTest> sqltFiles() throws IOException, URISyntaxException {
    Path root = Path.of(SqltTest.class.getResource("/sqlt").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(root)) {
      // -Dsqlt.only=40_ runs the files whose names contain it
      String only = System.getProperty("sqlt.only", "");
      files = s.filter(p -> p.toString().endsWith(".sqlt") && p.getFileName().toString().contains(only)).sorted().toList();
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : files) {
      for (SqltRunner.Mode mode : SqltRunner.Mode.values()) {
        String name = file.getFileName().toString();
        tests.add(DynamicTest.dynamicTest(name + " [" + mode + "]", () -> {
          SqltScript script = SqltScript.parse(name, Files.readString(file));
          // a script whose standing queries read several logs cannot be started again the same way (see the script)
          Assumptions.assumeFalse(
              mode == SqltRunner.Mode.RESTART_AFTER_INGEST && script.records().stream().anyMatch(r -> r.verb().equals("restart-mode") && r.argument().equals("off")),
              name + " turns restart mode off");
          Path dir = Files.createTempDirectory(temp, name.replace(".sqlt", "") + "-" + mode);
          try (SqltRunner runner = new SqltRunner(script, dir, mode)) {
            runner.run();
          }
        }));
      }
    }
    return tests.stream();
  }
}
