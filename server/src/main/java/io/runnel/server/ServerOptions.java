package io.runnel.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * How a server starts: its data directory; the address and port it listens on (port 0: any free one); the
 * admin token given by the operator (null: the stored one, or a new one); the directories file connectors
 * may read (none: {@code data/files}); and a PKCS#12 or JKS keystore with its password for HTTPS (null:
 * plain HTTP).
 */
public record ServerOptions(Path data, String bind, int port, String adminToken, List<Path> fileRoots, Path keystore, String keystorePassword) {
  public ServerOptions {
    requireNonNull(data, "data is null");
    requireNonNull(bind, "bind is null");
    fileRoots = List.copyOf(fileRoots);
    if (keystore != null && keystorePassword == null) {
      throw new IllegalArgumentException("a keystore needs its password");
    }
  }

  /** A server on {@code data}, on loopback, on any free port, plain HTTP. */
  public static ServerOptions on(Path data) {
    return new ServerOptions(data, "127.0.0.1", 0, null, List.of(), null, null);
  }

  public ServerOptions withAdminToken(String token) {
    return new ServerOptions(data, bind, port, token, fileRoots, keystore, keystorePassword);
  }

  public ServerOptions withTls(Path store, String password) {
    return new ServerOptions(data, bind, port, adminToken, fileRoots, store, password);
  }
}
