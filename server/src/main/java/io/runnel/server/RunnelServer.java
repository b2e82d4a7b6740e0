package io.runnel.server;

import io.runnel.EngineConfig;
import io.runnel.Runnel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One engine on a data directory, served over HTTP ({@link Api}) on one address. Closing it stops the server,
 * then closes the engine, which checkpoints every persistent query: a restart resumes them.
 */
public final class RunnelServer implements AutoCloseable {
  private final Runnel runnel;
  private final Server jetty;
  private final ServerConnector connector;
  private final ScheduledExecutorService timers;
  private final AdminToken token;
  private final Api api;

  private RunnelServer(Runnel runnel, Server jetty, ServerConnector connector, ScheduledExecutorService timers, AdminToken token, Api api) {
    this.api = api;
    this.runnel = runnel;
    this.jetty = jetty;
    this.connector = connector;
    this.timers = timers;
    this.token = token;
  }

  /** A plain HTTP server on {@code data} at {@code bind}:{@code port}, with the admin token {@code givenToken} (null: stored or new). */
  public static RunnelServer start(Path data, String bind, int port, String givenToken) throws Exception {
    return start(new ServerOptions(data, bind, port, givenToken, List.of(), null, null));
  }

  /**
   * Opens the engine on the options' data directory and serves it. File connectors read only under the
   * options' file roots, or, when none are given, under {@code data/files}: a client cannot make the server
   * read a file it was not meant to.
   */
  public static RunnelServer start(ServerOptions options) throws Exception {
    Path data = options.data();
    List<Path> roots = options.fileRoots().isEmpty() ? List.of(data.resolve("files")) : options.fileRoots();
    // the users are read, not written, before the engine takes the data directory's lock: a second server
    // on it writes nothing there
    Users users = Users.open(data);
    Runnel runnel = Runnel.open(data, EngineConfig.defaults().withFileRoots(roots).withUsers(new UserStatementHandler(users)));
    try {
      return serve(runnel, users, options);
    } catch (Exception | Error e) {
      runnel.close();
      throw e;
    }
  }

  private static RunnelServer serve(Runnel runnel, Users users, ServerOptions options) throws Exception {
    Path data = options.data();
    if (options.fileRoots().isEmpty()) {
      Files.createDirectories(data.resolve("files"));
    }
    AdminToken token = AdminToken.open(data, options.adminToken());
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "runnel-server-timers");
              t.setDaemon(true);
              return t;
            });
    QueuedThreadPool pool = new QueuedThreadPool(200, 8);
    pool.setName("runnel-http");
    Server jetty = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(16 * 1024);
    ServerConnector connector;
    if (options.keystore() == null) {
      connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    } else {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStorePath(options.keystore().toAbsolutePath().toString());
      tls.setKeyStorePassword(options.keystorePassword());
      http.addCustomizer(new SecureRequestCustomizer(false)); // SNI host checks off: clients may name the address
      connector = new ServerConnector(jetty, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
    }
    connector.setHost(options.bind());
    connector.setPort(options.port());
    connector.setIdleTimeout(options.idleTimeout().toMillis());
    jetty.addConnector(connector);
    Api api = new Api(runnel, token, users, timers, options.writeTimeout(), options.pushBufferBytes());
    // WebSocket upgrades of /v1/views/NAME/changes go to the API's sockets; every other request to the API
    WebSocketUpgradeHandler webSockets =
        WebSocketUpgradeHandler.from(
            jetty,
            container -> {
              container.setIdleTimeout(options.idleTimeout());
              container.addMapping("/v1/views/*", api::webSocket);
            });
    webSockets.setHandler(api);
    jetty.setHandler(webSockets);
    jetty.setStopTimeout(5_000);
    try {
      jetty.start();
    } catch (Exception e) {
      timers.shutdownNow();
      throw e; // the engine is closed by start
    }
    return new RunnelServer(runnel, jetty, connector, timers, token, api);
  }

  /** The engine served. */
  public Runnel runnel() {
    return runnel;
  }

  /** The address the server listens on. */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    String scheme = connector.getConnectionFactory(SslConnectionFactory.class) == null ? "http" : "https";
    return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
  }

  /** The admin token this start made, to be shown once; null when it was given or made before. */
  public String createdToken() {
    return token.created();
  }

  /** Serves until the server is stopped. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops taking requests, ends the open ones, then closes the engine (checkpointing persistent queries). */
  @Override
  public void close() throws IOException {
    try {
      api.closeStreams();
      jetty.stop();
    } catch (Exception e) {
      throw new IOException("the HTTP server did not stop cleanly", e);
    } finally {
      timers.shutdownNow();
      runnel.close();
    }
  }
}
