package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a keystore: a client that trusts its certificate is served; plain HTTP is not. */
class TlsTest {
  static final String PASSWORD = "changeit-123456";
  static final String TOKEN = "tls-token-0123456789";

  @TempDir Path dir;

  /** A self-signed certificate for 127.0.0.1 and localhost, made by the JDK's keytool. */
  Path keystore() throws Exception {
    Path store = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(), "-genkeypair", "-alias", "runnel", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext",
                "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    return store;
  }

  static SSLContext trusting(Path store) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  @Test
  void servesHttpsFromAKeystore() throws Exception {
    Path store = keystore();
    try (RunnelServer server = RunnelServer.start(ServerOptions.on(dir.resolve("data")).withAdminToken(TOKEN).withTls(store, PASSWORD))) {
      URI uri = server.uri();
      assertEquals("https", uri.getScheme());
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(store)).connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      HttpResponse<String> queries =
          client.send(HttpRequest.newBuilder(uri.resolve("/v1/queries")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, queries.statusCode(), queries.body());

      // a client that does not trust the certificate, and plain HTTP to the same port, get nothing
      HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThrows(IOException.class, () -> untrusting.send(HttpRequest.newBuilder(uri.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()));
      URI plain = URI.create("http://127.0.0.1:" + uri.getPort() + "/health");
      HttpResponse<String> refused = null;
      try {
        refused = untrusting.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // the TLS connector closes a plain connection
      }
      assertTrue(refused == null || refused.statusCode() == 400, "plain HTTP is not served: " + (refused == null ? "" : refused.body()));
    }
  }

  @Test
  void aWrongPasswordStopsTheStartWithTheEngineClosed() throws Exception {
    Path store = keystore();
    Path data = dir.resolve("data");
    assertThrows(Exception.class, () -> RunnelServer.start(ServerOptions.on(data).withAdminToken(TOKEN).withTls(store, "wrong-password")));
    // the data directory is free again
    try (RunnelServer server = RunnelServer.start(ServerOptions.on(data).withAdminToken(TOKEN))) {
      assertEquals("http", server.uri().getScheme());
    }
  }
}
