package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server's command line, up to the point where it would start serving. */
class ServerMainTest {
  @Test
  void theWriteTimeoutIsADurationWithAUnit() {
    assertEquals(Duration.ofSeconds(2), ServerMain.duration("2s"));
    assertEquals(Duration.ofMillis(500), ServerMain.duration("500ms"));
    assertEquals(Duration.ofMinutes(2), ServerMain.duration("2min"));
    assertThrows(IllegalArgumentException.class, () -> ServerMain.duration("soon"));
    assertThrows(IllegalArgumentException.class, () -> ServerMain.duration("0s"));
  }

  @Test
  void aBadWriteTimeoutIsRefusedWithTheUsageAndHelpListsIt() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ServerMain.run(new String[] {"--write-timeout", "soon"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--write-timeout: 'soon' is not a duration"), err.toString(StandardCharsets.UTF_8));
    assertEquals(0, ServerMain.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--write-timeout DURATION"));
  }
}
