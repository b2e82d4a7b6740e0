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
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One engine on a data directory, served over HTTP ({@link Api}) on one address. Closing it stops the server,
 * then closes the engine, which checkpoints every persistent query: a restart resumes them.
 */
public final class RunnelServer implements AutoCloseable {
  /** How long a connection may be silent before it is closed (event streams send a heartbeat well within it). */
  static final long IDLE_TIMEOUT_MILLIS = 60_000;

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

  /** {@link #start(Path, String, int, String, List)} with files read from {@code data/files} only. */
  public static RunnelServer start(Path data, String bind, int port, String givenToken) throws Exception {
    return start(data, bind, port, givenToken, List.of());
  }

  /**
   * Opens the engine on {@code data} and serves it on {@code bind}:{@code port} (0: any free port), with the
   * admin token {@code givenToken} (null: the stored one, or a new one). File connectors read only under
   * {@code fileRoots}, or, when none are given, under {@code data/files}: a client cannot make the server
   * read a file it was not meant to.
   */
  public static RunnelServer start(Path data, String bind, int port, String givenToken, List<Path> fileRoots) throws Exception {
    AdminToken token = AdminToken.open(data, givenToken);
    List<Path> roots = fileRoots;
    if (roots.isEmpty()) {
      roots = List.of(Files.createDirectories(data.resolve("files")));
    }
    Runnel runnel = Runnel.open(data, EngineConfig.defaults().withFileRoots(roots));
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
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(bind);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    jetty.addConnector(connector);
    Api api = new Api(runnel, token, Users.open(data), timers);
    jetty.setHandler(api);
    jetty.setStopTimeout(5_000);
    try {
      jetty.start();
    } catch (Exception e) {
      timers.shutdownNow();
      runnel.close();
      throw e;
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
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
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
