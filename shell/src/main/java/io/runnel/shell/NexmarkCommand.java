package io.runnel.shell;

import io.runnel.runtime.nexmark.NexmarkExchange;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;

/** {@code runnel nexmark generate --events N --out FILE [--rate R]}: the deterministic event stream as a file. */
final class NexmarkCommand {
  private NexmarkCommand() {}

  static int run(Deque<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || !args.peek().equals("generate")) {
      err.println("Usage: runnel nexmark generate --events N --out FILE [--rate R]");
      return 2;
    }
    args.pop();
    long events = -1;
    long rate = 10_000;
    Path file = null;
    try {
      while (!args.isEmpty()) {
        String a = args.pop();
        String value = args.isEmpty() ? null : args.pop();
        if (value == null) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        switch (a) {
          case "--events" -> events = Long.parseLong(value);
          case "--rate" -> rate = Long.parseLong(value);
          case "--out" -> file = Path.of(value);
          default -> throw new IllegalArgumentException("Unknown argument '" + a + "'");
        }
      }
      if (events < 0 || file == null || rate <= 0) {
        throw new IllegalArgumentException("generate needs --events N (N >= 0) and --out FILE");
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    long started = System.nanoTime();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      NexmarkExchange.write(events, rate, w);
    } catch (IOException e) {
      err.println("Cannot write " + file + ": " + e.getMessage());
      return 1;
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    err.printf("Wrote %,d events to %s in %.1f s (%,.0f events/s)%n", events, file, seconds, events / seconds);
    return 0;
  }
}
