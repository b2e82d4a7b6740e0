package io.runnel.server;

import io.runnel.parser.Durations;
import io.runnel.parser.RunnelException;
import io.runnel.runtime.nexmark.NexmarkStreams;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code runnel server [--data DIR] [--port P] [--bind ADDR] [--demo]}: serves an engine until stopped (SIGTERM or Ctrl-C). */
public final class ServerMain {
  static final int DEFAULT_PORT = 7430;
  static final int DEMO_RATE = 500;
  static final String TLS_PASSWORD = "RUNNEL_TLS_PASSWORD";

  private static final String USAGE =
      """
      Usage: runnel server [--data DIR] [--port P] [--bind ADDR] [--files DIR]... [--tls-keystore FILE] [--push-buffer SIZE]
                           [--write-timeout DURATION] [--demo]
        --data DIR   the data directory the server owns (default ./data)
        --files DIR  a directory file connectors may read from (default DATA/files; repeat for more)
        --tls-keystore FILE
                     serve HTTPS with the key and certificate in FILE (PKCS#12 or JKS); its password
                     comes from the environment variable RUNNEL_TLS_PASSWORD
        --port P     the port (default 7430; 0 takes a free one)
        --bind ADDR  the address to listen on (default 127.0.0.1, this machine only)
        --push-buffer SIZE
                     the events an event stream buffers for its client beyond the write in flight, in
                     bytes (64k, 1m; default 64k); when it is full the subscription waits for room
        --write-timeout DURATION
                     how long a write to an event stream's client may take before the client is cut
                     off (it resumes from where it was cut), as in 30s or 2min (default 30s)
        --demo       the Nexmark streams person, auction and bid, filled live
      The admin token is made on the first start and printed once; RUNNEL_ADMIN_TOKEN gives one instead.
      """;

  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Path data = Path.of("data");
    String bind = "127.0.0.1";
    int port = DEFAULT_PORT;
    boolean demo = false;
    List<Path> files = new ArrayList<>();
    Path keystore = null;
    long pushBuffer = ServerOptions.DEFAULT_PUSH_BUFFER_BYTES;
    Duration writeTimeout = ServerOptions.DEFAULT_WRITE_TIMEOUT;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      try {
        switch (a) {
          case "--data" -> data = Path.of(value(args, ++i, a));
          case "--port" -> port = Integer.parseInt(value(args, ++i, a));
          case "--bind" -> bind = value(args, ++i, a);
          case "--demo" -> demo = true;
          case "--files" -> files.add(Path.of(value(args, ++i, a)));
          case "--tls-keystore" -> keystore = Path.of(value(args, ++i, a));
          case "--push-buffer" -> pushBuffer = bytes(value(args, ++i, a));
          case "--write-timeout" -> writeTimeout = duration(value(args, ++i, a));
          case "--help", "-h" -> {
            out.print(USAGE);
            return 0;
          }
          default -> {
            err.println("Unknown argument " + a + "\n" + USAGE);
            return 2;
          }
        }
      } catch (IllegalArgumentException e) { // a value missing or not a number
        err.println(a + ": " + e.getMessage() + "\n" + USAGE);
        return 2;
      }
    }
    RunnelServer server;
    try {
      String password = keystore == null ? null : System.getenv(TLS_PASSWORD);
      if (keystore != null && password == null) {
        err.println("--tls-keystore needs the keystore's password in the environment variable " + TLS_PASSWORD);
        return 2;
      }
      server = RunnelServer.start(new ServerOptions(data, bind, port, System.getenv(AdminToken.ENV), files, keystore, password).withPushBuffer(pushBuffer).withWriteTimeout(writeTimeout));
    } catch (RunnelException | IllegalArgumentException e) {
      err.println(e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println((e.getCause() instanceof BindException || e instanceof BindException ? "Cannot listen on " + bind + ":" + port + ": " : "") + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server, err), "runnel-server-shutdown"));
    if (demo) {
      server.runnel().executeAll(NexmarkStreams.liveDdl(DEMO_RATE));
    }
    String url = server.uri().toString();
    String token = server.createdToken();
    out.println(
        "Runnel server at " + url + " on " + data.toAbsolutePath() + (demo ? " (demo streams person, auction, bid)" : "") + ". "
            + (token != null
                ? "Admin token, shown this once: " + token + "  Try: curl -H 'Authorization: Bearer " + token + "' " + url + "/v1/queries"
                : "Requests take the admin token printed at its first start (Authorization: Bearer TOKEN); " + AdminToken.ENV + " replaces it."));
    out.flush();
    server.join();
    return 0;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** A positive duration: a number and a unit, as in 500ms, 30s or 2min. */
  static Duration duration(String text) {
    long millis = Durations.parseMillis(text);
    if (millis <= 0) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: give a number and a unit, as in 500ms, 30s or 2min");
    }
    return Duration.ofMillis(millis);
  }

  /** A size in bytes: a number, or one followed by k or m (KiB, MiB). */
  static long bytes(String size) {
    String s = size.strip().toLowerCase(java.util.Locale.ROOT);
    long unit = s.endsWith("k") ? 1024 : s.endsWith("m") ? 1024 * 1024 : 1;
    try {
      return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + size + "' is not a size: give bytes, as in 65536, 64k or 1m");
    }
  }

  private static void closeQuietly(RunnelServer server, PrintStream err) {
    try {
      server.close();
    } catch (IOException | RuntimeException e) {
      err.println("Stopping the server: " + e.getMessage());
    }
  }
}
