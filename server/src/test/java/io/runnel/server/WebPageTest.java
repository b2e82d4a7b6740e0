package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page in a real headless Chromium, driven through chromedriver's W3C WebDriver protocol (plain
 * HTTP and JSON, so no client library): connect with the token, see the streams, views and queries, run a
 * statement, follow a view live as rows come, and see an error with its position. Chromium and its driver
 * come from the distribution's packages ({@code .ci/run} installs them); where they cannot be had the test
 * says so and is skipped.
 */
class WebPageTest {
  static final String TOKEN = "web-token-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  URI driver;
  String session;

  @Test
  void thePageShowsTheServerAndFollowsAViewLive() throws Exception {
    Path chromedriver = find("chromedriver");
    Path chromium = find("chromium");
    assumeTrue(chromedriver != null && chromium != null, "chromium and chromedriver are not installed (.ci/run installs them): the web page is not tested here");
    try (RunnelServer server = RunnelServer.start(ServerOptions.on(dir).withAdminToken(TOKEN))) {
      server.runnel().executeAll("CREATE STREAM bid (auction BIGINT, price BIGINT); CREATE MATERIALIZED VIEW top AS SELECT auction, MAX(price) AS top FROM bid GROUP BY auction");
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      Process p = new ProcessBuilder(chromedriver.toString(), "--port=" + port).redirectErrorStream(true).redirectOutput(dir.resolve("chromedriver.log").toFile()).start();
      try {
        driver = URI.create("http://127.0.0.1:" + port);
        await(() -> status(), ready -> ready, "chromedriver ready");
        JsonNode created = call("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch", Map.of(
            "browserName", "chrome",
            "goog:chromeOptions", Map.of("binary", chromium.toString(), "args", List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"))))));
        session = created.get("value").get("sessionId").asText();
        try {
          call("POST", "/session/" + session + "/url", Map.of("url", server.uri().toString() + "/"));
          type("#token", TOKEN);
          click("#connect");
          await(() -> script("return document.getElementById('status').textContent"), "connected"::equals, "the page connected");
          await(() -> script("return document.getElementById('relations').textContent"), t -> t.contains("bid"), "the streams listed");
          await(() -> script("return document.getElementById('queries').textContent"), t -> t.contains("q1") && t.contains("VIEW"), "the queries listed");

          type("#sql", "INSERT INTO bid VALUES (1, 100), (2, 40)");
          click("#run");
          await(() -> script("return document.getElementById('result').textContent"), t -> t.contains("Inserted 2 rows into bid"), "the statement ran");

          click("[data-view=top]");
          await(() -> script("return document.getElementById('live').textContent"), t -> t.contains("100") && t.contains("40"), "the view's rows");
          server.runnel().insert("bid", List.of(List.of(1L, 150L)));
          await(() -> script("return document.getElementById('live').textContent"), t -> t.contains("150") && !t.contains("100"), "a change, live");
          assertEquals("2", script("return String(document.querySelectorAll('#chart rect').length)"), "a bar per row");

          script("document.getElementById('sql').value = ''; return ''");
          type("#sql", "SELECT pricee FROM bid");
          click("#run");
          String error = await(() -> script("return document.querySelector('#result .error') ? document.querySelector('#result .error').textContent : ''"), t -> !t.isEmpty(), "the error");
          assertTrue(error.startsWith("RUN-1102: line 1:8: Column 'pricee' not found in bid"), error);
        } finally {
          call("DELETE", "/session/" + session, null);
        }
      } finally {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private static Path find(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private boolean status() {
    try {
      return call("GET", "/status", null).get("value").get("ready").asBoolean();
    } catch (Exception e) {
      return false;
    }
  }

  private JsonNode call(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(driver.resolve(path)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(r.body());
    assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
    return json;
  }

  private String element(String css) throws Exception {
    return call("POST", "/session/" + session + "/element", Map.of("using", "css selector", "value", css)).get("value").get(ELEMENT).asText();
  }

  private void type(String css, String text) throws Exception {
    call("POST", "/session/" + session + "/element/" + element(css) + "/value", Map.of("text", text));
  }

  private void click(String css) throws Exception {
    call("POST", "/session/" + session + "/element/" + element(css) + "/click", Map.of());
  }

  private String script(String js) throws Exception {
    return call("POST", "/session/" + session + "/execute/sync", Map.of("script", js, "args", List.of())).get("value").asText();
  }

  interface Probe<T> {
    T get() throws Exception;
  }

  /** Polls {@code probe} until {@code done} holds, for at most 30 s; returns the last value. */
  private static <T> T await(Probe<T> probe, Predicate<T> done, String what) throws Exception {
    long end = System.nanoTime() + 30_000_000_000L;
    T last = null;
    while (System.nanoTime() < end) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(what + ": not within 30 s; last " + last);
  }
}
