package io.runnel.shell;

import io.runnel.Runnel;
import io.runnel.parser.RunnelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The command line: {@code shell} (the default), {@code run FILE}, {@code --help}, {@code --version}. */
public final class Main {
  static final String VERSION = "0.1.0";
  /** Where {@code --server} finds the server's token. */
  static final String TOKEN_VARIABLE = "RUNNEL_TOKEN";
  static final String USAGE =
      """
      Usage:
        runnel                                   the shell with the live Nexmark demo (a fresh temporary data directory)
        runnel shell [--data DIR] [--demo] [--format F]
                                                 the shell on DIR (default ./data); piped input runs as a script
        runnel shell --server URL [--format F]   the shell on a server (runnel server); its token in RUNNEL_TOKEN
        runnel server [--data DIR] [--port P] [--bind ADDR] [--demo] ...
                                                 serve an engine over HTTP (runnel server --help)
        runnel run [--data DIR | --server URL] [--format F] FILE.sql
                                                 run a script, print results, exit non-zero on the first error
                                                 (a statement or a query that failed)
        runnel nexmark generate --events N --out FILE [--rate R]
                                                 write the first N Nexmark events in the exchange format (JSON lines)
        runnel nexmark bench --query qN|cepN|all|cep --events N [--mode inline|prefilled] [--parallelism P]
                                                 throughput of the supported Nexmark queries (cep: the CEP
                                                 workloads) beside the generator alone and ingestion alone
        runnel bench view [--keys K] [--rate R] [--seconds S] [--lookup-rate L]
                                                 a materialized view updated R times a second: lookup and
                                                 subscriber latencies, and how far the view lags
        runnel bench recovery [--groups N] [--width W] [--after M]
                                                 a query holding N groups of W-letter strings: its checkpoint's
                                                 size and write time, and the time to restore it
        runnel --help | --version
      Formats: table (default), tsv, json, changelog.
      """;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    System.exit(code);
  }

  /** Runs the command line and returns the process exit code; never exits itself. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    String command = rest.isEmpty() || rest.peek().startsWith("-") && !isInfo(rest.peek()) ? "shell" : rest.pop();
    if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
      out.print(USAGE);
      return 0;
    }
    if (command.equals("--version")) {
      out.println("runnel " + VERSION);
      return 0;
    }
    if (command.equals("nexmark")) {
      return NexmarkCommand.run(rest, out, err);
    }
    Path data = null;
    String server = null;
    boolean demo = false;
    Format format = Format.TABLE;
    String file = null;
    while (!rest.isEmpty()) {
      String a = rest.pop();
      switch (a) {
        case "--data" -> data = Path.of(requireValue(rest, a));
        case "--server" -> server = requireValue(rest, a);
        case "--demo" -> demo = true;
        case "--format" -> {
          try {
            format = Format.parse(requireValue(rest, a));
          } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
          }
        }
        default -> {
          if (a.startsWith("-") || file != null) {
            err.println("Unknown argument '" + a + "'\n" + USAGE);
            return 2;
          }
          file = a;
        }
      }
    }
    if (!command.equals("shell") && !command.equals("run")) {
      err.println("Unknown command '" + command + "'\n" + USAGE);
      return 2;
    }
    if (command.equals("run") && file == null) {
      err.println("run needs a script: runnel run FILE.sql");
      return 2;
    }
    if (server != null && (data != null || demo)) {
      err.println("--server takes no --data or --demo: the server owns its data\n" + USAGE);
      return 2;
    }
    try {
      if (server != null) {
        return remote(server, command.equals("run") ? Path.of(file) : null, format, in, out, err);
      }
      return command.equals("shell") ? shell(data, demo, format, in, out) : runScript(data, format, Path.of(file), out, err);
    } catch (RunnelException e) {
      // the engine did not open (a data directory it cannot write, a JVM without the flags it needs):
      // the message in one line, its hint in a second, no stack trace
      err.println("runnel: " + e.describe().replace("\nHint: ", "\nrunnel: hint: "));
      return 1;
    }
  }

  private static boolean isInfo(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("--version");
  }

  private static String requireValue(Deque<String> rest, String option) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return rest.pop();
  }

  static int runScript(Path data, Format format, Path file, PrintStream out, PrintStream err) {
    String script;
    try {
      script = Files.readString(file);
    } catch (IOException e) {
      err.println("Cannot read " + file + ": " + e.getMessage());
      return 2;
    }
    Path dir = data != null ? data : tempDir();
    try (Runnel engine = Runnel.open(dir)) {
      return script(engine, format, script, out);
    } finally {
      if (data == null) {
        deleteQuietly(dir);
      }
    }
  }

  /** Runs {@code script} on {@code engine}, as {@code run} does: 1 after the first error, else 0. */
  private static int script(Runnel engine, Format format, String script, PrintStream out) {
    PrintWriter w = new PrintWriter(out, true, StandardCharsets.UTF_8);
    Session session = new Session(engine, w, false, new ShellOptions(format), null);
    boolean ok = session.run(script) && session.startedQueriesOk();
    w.flush();
    return ok ? 0 : 1;
  }

  /**
   * The shell, or the script {@code file}, on the server at {@code url}, whose token is in {@code
   * RUNNEL_TOKEN} (not an argument: other users of the machine could read it).
   */
  static int remote(String url, Path file, Format format, InputStream in, PrintStream out, PrintStream err) {
    String token = System.getenv(TOKEN_VARIABLE);
    if (token == null || token.isBlank()) {
      err.println("runnel: --server needs the server's token in the environment variable " + TOKEN_VARIABLE);
      return 2;
    }
    String script = null;
    if (file != null) {
      try {
        script = Files.readString(file);
      } catch (IOException e) {
        err.println("Cannot read " + file + ": " + e.getMessage());
        return 2;
      }
    }
    try (Runnel engine = Runnel.connect(URI.create(url), token)) {
      return script != null ? script(engine, format, script, out) : interact(engine, false, "at " + url, format, in, out);
    } catch (IOException e) {
      out.println("Cannot open the terminal: " + e.getMessage());
      return 1;
    }
  }

  static int shell(Path data, boolean demo, Format format, InputStream in, PrintStream out) {
    boolean fresh = data == null && demo;
    Path dir = data != null ? data : demo ? tempDir() : Path.of("data");
    Runnel[] opened = new Runnel[1];
    Thread cleanup = new Thread(() -> {
      // the terminal closed or the process was killed: the demo's data goes with it
      if (opened[0] != null) {
        opened[0].close();
      }
      deleteQuietly(dir);
    });
    if (fresh) {
      Runtime.getRuntime().addShutdownHook(cleanup);
    }
    try (Runnel engine = Runnel.open(dir)) {
      opened[0] = engine;
      return interact(engine, demo, "on " + dir.toAbsolutePath(), format, in, out);
    } catch (IOException e) {
      out.println("Cannot open the terminal: " + e.getMessage());
      return 1;
    } finally {
      if (fresh) {
        deleteQuietly(dir);
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
          // already shutting down: the hook runs anyway
        }
      }
    }
  }

  /** The REPL on {@code engine} at a terminal ({@code where} it runs, for its first line), or piped input as a script. */
  private static int interact(Runnel engine, boolean demo, String where, Format format, InputStream in, PrintStream out) throws IOException {
    ShellOptions options = new ShellOptions(format);
    if (!isInteractive()) {
      PrintWriter w = new PrintWriter(out, true, StandardCharsets.UTF_8);
      Session session = new Session(engine, w, false, options, null);
      if (demo) {
        engine.executeAll(DemoCatalog.DDL);
      }
      boolean ok = session.run(readAll(in)) && session.startedQueriesOk();
      w.flush();
      return ok ? 0 : 1;
    }
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      Session session = new Session(engine, terminal.writer(), true, options, new LiveView(terminal));
      if (demo) {
        engine.executeAll(DemoCatalog.DDL);
        terminal.writer().print(String.format(DemoCatalog.BANNER, VERSION, DemoCatalog.RATE));
      } else {
        terminal.writer().println("Runnel " + VERSION + " " + where + ". Type help for help, Ctrl-D to leave.");
      }
      new Repl(terminal, session, Path.of(System.getProperty("user.home"), ".runnel_history")).run();
    }
    return 0;
  }

  /** Whether a person is at a terminal (not piped), on JDK 17 as on JDK 22+ where System.console() is never null. */
  static boolean isInteractive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  static String readAll(InputStream in) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("runnel-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary directory", e);
    }
  }

  /**
   * Deletes the demo's directory. On a closed terminal the shutdown hook and the main thread both get here,
   * and files may still be closing: a walk that meets a vanished file or a directory not yet empty tries
   * again, for up to two seconds. A leftover temporary directory is harmless, but should be rare.
   */
  private static void deleteQuietly(Path dir) {
    for (int attempt = 0; attempt < 40 && Files.exists(dir); attempt++) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
