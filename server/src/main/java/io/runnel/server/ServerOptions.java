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
 * within the default); how long a write to an event stream's client may take before the client is cut off
 * (it may resume from its position); and how many bytes of events not yet written an event stream buffers
 * for its client, beyond the write in flight, before the subscription feeding it waits for room.
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
    Duration writeTimeout,
    long pushBufferBytes) {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  /**
   * 64 KiB: some thousand changes of a narrow view, written at once to a client that is behind; a thousand
   * clients hold at most 128 MiB (a buffer filling and a write in flight each).
   */
  public static final long DEFAULT_PUSH_BUFFER_BYTES = 64 * 1024;

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
    if (pushBufferBytes < 1) {
      throw new IllegalArgumentException("the push buffer must hold at least a byte");
    }
  }

  public ServerOptions(Path data, String bind, int port, String adminToken, List<Path> fileRoots, Path keystore, String keystorePassword) {
    this(data, bind, port, adminToken, fileRoots, keystore, keystorePassword, DEFAULT_IDLE_TIMEOUT, DEFAULT_WRITE_TIMEOUT, DEFAULT_PUSH_BUFFER_BYTES);
  }

  /** A server on {@code data}, on loopback, on any free port, plain HTTP. */
  public static ServerOptions on(Path data) {
    return new ServerOptions(data, "127.0.0.1", 0, null, List.of(), null, null);
  }

  public ServerOptions withAdminToken(String token) {
    return new ServerOptions(data, bind, port, token, fileRoots, keystore, keystorePassword, idleTimeout, writeTimeout, pushBufferBytes);
  }

  public ServerOptions withTls(Path store, String password) {
    return new ServerOptions(data, bind, port, adminToken, fileRoots, store, password, idleTimeout, writeTimeout, pushBufferBytes);
  }

  public ServerOptions withIdleTimeout(Duration timeout) {
    return new ServerOptions(data, bind, port, adminToken, fileRoots, keystore, keystorePassword, timeout, writeTimeout, pushBufferBytes);
  }

  public ServerOptions withWriteTimeout(Duration timeout) {
    return new ServerOptions(data, bind, port, adminToken, fileRoots, keystore, keystorePassword, idleTimeout, timeout, pushBufferBytes);
  }

  public ServerOptions withPushBuffer(long bytes) {
    return new ServerOptions(data, bind, port, adminToken, fileRoots, keystore, keystorePassword, idleTimeout, writeTimeout, bytes);
  }
}
