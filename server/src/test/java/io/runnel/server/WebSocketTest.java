package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A view's changes over a WebSocket: the events of the Server-Sent Events as messages, resumed with ?from=. */
class WebSocketTest {
  static final String TOKEN = "ws-token-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  RunnelServer server;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = RunnelServer.start(ServerOptions.on(dir).withAdminToken(TOKEN));
    server.runnel().executeAll("CREATE STREAM bid (auction BIGINT, price BIGINT); CREATE MATERIALIZED VIEW top AS SELECT auction, MAX(price) AS top FROM bid GROUP BY auction");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /** The messages of one socket. */
  static final class Messages implements WebSocket.Listener {
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    JsonNode next() throws InterruptedException {
      JsonNode m = received.poll(30, TimeUnit.SECONDS);
      assertTrue(m != null, "a message within 30 s");
      return m;
    }
  }

  WebSocket open(String query, Messages messages, String token) throws Exception {
    URI uri = URI.create(server.uri().toString().replace("http", "ws") + "/v1/views/top/changes" + query);
    WebSocket.Builder b = client.newWebSocketBuilder();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.buildAsync(uri, messages).get(30, TimeUnit.SECONDS);
  }

  @Test
  void changesComeAsMessagesAndResumeFromTheLastId() throws Exception {
    server.runnel().insert("bid", List.of(List.of(1L, 10L)));
    assertTrue(server.runnel().view("top").sync(java.time.Duration.ofSeconds(30)));
    Messages first = new Messages();
    WebSocket socket = open("", first, TOKEN);
    JsonNode snapshot = first.next();
    assertEquals("snapshot", snapshot.get("event").asText());
    assertEquals("[[1,10]]", snapshot.get("data").get("rows").toString());
    server.runnel().insert("bid", List.of(List.of(1L, 15L)));
    first.next(); // -U
    JsonNode plus = first.next();
    assertEquals("{\"kind\":\"+U\",\"values\":[1,15]}", plus.get("data").toString());
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

    server.runnel().insert("bid", List.of(List.of(2L, 7L)));
    Messages resumed = new Messages();
    WebSocket again = open("?from=" + plus.get("id").asText(), resumed, TOKEN);
    JsonNode next = resumed.next();
    assertEquals("change", next.get("event").asText());
    assertEquals("{\"kind\":\"+I\",\"values\":[2,7]}", next.get("data").toString());
    assertNull(resumed.received.poll(300, TimeUnit.MILLISECONDS), "nothing twice");
    again.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBrowserGivesItsTokenAsAParameterAndNoTokenIsRefused() throws Exception {
    Messages browser = new Messages();
    WebSocket socket = open("?access_token=" + TOKEN, browser, null);
    assertEquals("snapshot", browser.next().get("event").asText());
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    ExecutionException refused = assertThrows(ExecutionException.class, () -> open("", new Messages(), null));
    assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
    assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    ExecutionException wrong = assertThrows(ExecutionException.class, () -> open("", new Messages(), "wrong-token-0123456789"));
    assertEquals(401, ((java.net.http.WebSocketHandshakeException) wrong.getCause()).getResponse().statusCode());
  }
}
