package io.runnel.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a server starts: its data directory; the address and port it listens on (port 0: any free one); the
 * admin token given by the operator (null: the stored one, or a new one); the directories file connectors
 * may read (none: {@code data/files}); a PKCS#12 or JKS keystore with its password for HTTPS (null: plain
 * HTTP); how long a connection may be silent before it is closed (an event stream's heartbeat comes well
 * within the default); and how long an event stream waits for its client to take an event before it cuts
 * the client off (it may resume from its position).
 */
public record ServerOptions(
    Path data,
    String bind,
    int port,
    String adminToken,
    List<Path> fileRoots,
    Path keystore,
    String keystorePassword,
    Duration idleTimeout,
    Duration writeTimeout) {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);

  public ServerOptions {
    requireNonNull(data, "data is null");
    requireNonNull(bind, "bind is null");
    fileRoots = List.copyOf(fileRoots);
    if (keystore != null && keystorePassword == null) {
      throw new IllegalArgumentException("a keystore needs its password");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero() || writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("the idle and write timeouts must be positive");
    }
  }

  public ServerOptions(Path data, String bind, int port, String adminToken, List<Path> fileRoots, Path keystore, String keystorePassword) {
    this(data, bind, port, adminToken, fileRoots, keystore, keystorePassword, DEFAULT_IDLE_TIMEOUT, DEFAULT_WRITE_TIMEOUT);
  }

  /** A server on {@code data}, on loopback, on any free port, plain HTTP. */
  public static ServerOptions on(Path data) {
    return new ServerOptions(data, "127.0.0.1", 0, null, List.of(), null, null);
  }

  public ServerOptions withAdminToken(String token) {
    return new ServerOptions(data, bind, port, token, fileRoots, keystore, keystorePassword, idleTimeout, writeTimeout);
  }

  public ServerOptions withTls(Path store, String password) {
    return new ServerOptions(data, bind, port, adminToken, fileRoots, store, password, idleTimeout, writeTimeout);
  }

  public ServerOptions withIdleTimeout(Duration timeout) {
    return new ServerOptions(data, bind, port, adminToken, fileRoots, keystore, keystorePassword, timeout, writeTimeout);
  }

  public ServerOptions withWriteTimeout(Duration timeout) {
    return new ServerOptions(data, bind, port, adminToken, fileRoots, keystore, keystorePassword, idleTimeout, timeout);
  }
}
