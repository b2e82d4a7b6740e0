package io.runnel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.runnel.Runnel;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the engine where it cannot work is one error with a code, before Chronicle Queue gets to it. */
class OpenErrorsTest {
  @TempDir Path dir;

  @Test
  void aDataDirectoryUnderARegularFileIsAnIoError() throws IOException {
    Path file = Files.writeString(dir.resolve("plain.txt"), "not a directory");
    RunnelException e = assertThrows(RunnelException.class, () -> Runnel.open(file.resolve("data")));
    assertEquals(ErrorCode.IO_ERROR, e.code());
    assertEquals("RUN-1601: Cannot create data directory " + file.resolve("data") + ": " + file + " is not a directory", e.getMessage());
  }

  @Test
  void aDataDirectoryThatIsARegularFileIsAnIoError() throws IOException {
    Path file = Files.writeString(dir.resolve("plain.txt"), "not a directory");
    RunnelException e = assertThrows(RunnelException.class, () -> Runnel.open(file));
    assertEquals(ErrorCode.IO_ERROR, e.code());
    assertEquals("RUN-1601: Cannot create data directory " + file + ": " + file + " is not a directory", e.getMessage());
  }

  @Test
  void aReadOnlyDataDirectoryIsAnIoErrorBeforeAnyLogOpens() throws IOException {
    Path data = dir.resolve("data");
    try (Runnel runnel = Runnel.open(data)) {
      runnel.execute("CREATE STREAM s (x INT)");
    }
    setWritable(data, false);
    try {
      // root writes whatever the permissions say: there is nothing to refuse then
      assumeFalse(Files.isWritable(data), "permissions are not enforced for this user (root)");
      RunnelException e = assertThrows(RunnelException.class, () -> Runnel.open(data));
      assertEquals(ErrorCode.IO_ERROR, e.code());
      assertEquals("RUN-1601: Cannot write in data directory " + data + ": permission denied", e.getMessage());
    } finally {
      setWritable(data, true); // so that @TempDir can delete it
    }
  }

  @Test
  void aJvmWithoutChronicleFlagsFailsFastNamingThem() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path data = dir.resolve("data");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OpenWithoutFlags.class.getName(), data.toString())
        .redirectErrorStream(true)
        .start();
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertTrue(p.waitFor(60, TimeUnit.SECONDS)));
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(3, p.exitValue(), output);
      assertTrue(output.startsWith("RUN-1601: The JVM was started without flags Chronicle Queue needs for Runnel's logs: "
          + "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED\nHint: start java with "), output);
      assertFalse(Files.exists(data), "no log was opened");
    } finally {
      p.destroyForcibly();
    }
  }

  /** Run in a child JVM started without the flags: prints what {@link Runnel#open} says. */
  public static final class OpenWithoutFlags {
    public static void main(String[] args) {
      try (Runnel runnel = Runnel.open(Path.of(args[0]))) {
        System.out.println("opened " + runnel);
        System.exit(0);
      } catch (RunnelException e) {
        System.out.println(e.describe());
        System.exit(3);
      }
    }
  }

  private static void setWritable(Path root, boolean writable) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = paths.sorted(writable ? Comparator.naturalOrder() : Comparator.reverseOrder()).toList();
      for (Path p : all) {
        String perms = Files.isDirectory(p) ? (writable ? "rwx------" : "r-x------") : writable ? "rw-------" : "r--------";
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
      }
    }
  }
}
