package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.Runnel;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.ast.Pos;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE USER, GRANT, REVOKE, SHOW USERS and DROP USER sent to a real server, and what their tokens may then do. */
class UserStatementsTest {
  static final String TOKEN = "users-token-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  RunnelServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    server = RunnelServer.start(dir, "127.0.0.1", 0, TOKEN);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> statements(String sql, String token) throws Exception {
    return send("POST", "/v1/statements", JSON.writeValueAsString(Map.of("sql", sql)), token);
  }

  /** The one result of {@code sql}, run by the admin. */
  JsonNode result(String sql) throws Exception {
    HttpResponse<String> r = statements(sql, TOKEN);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode results = JSON.readTree(r.body()).get("results");
    return results.get(results.size() - 1);
  }

  JsonNode error(HttpResponse<String> r, int status) throws IOException {
    assertEquals(status, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("error");
  }

  @Test
  void aUserMadeByStatementHasTheRightsGrantedUntilDropped() throws Exception {
    result("CREATE STREAM s (k BIGINT); CREATE MATERIALIZED VIEW c AS SELECT k, COUNT(*) AS n FROM s GROUP BY k");
    JsonNode created = result("CREATE USER ann WITH RIGHTS read");
    assertEquals("table", created.get("kind").asText());
    assertEquals("[{\"name\":\"user\",\"type\":\"VARCHAR\"},{\"name\":\"token\",\"type\":\"VARCHAR\"}]", created.get("columns").toString());
    assertEquals("ann", created.get("rows").get(0).get(0).asText());
    String ann = created.get("rows").get(0).get(1).asText();
    assertEquals(43, ann.length(), "256 random bits in URL-safe base64");
    assertEquals("User ann may read. Its token is shown this once: the server keeps only its SHA-256.", created.get("message").asText());
    assertFalse(Files.readString(dir.resolve("server/users.json")).contains(ann), "only the token's hash is kept");

    // it reads, and may not manage, write or manage users
    assertEquals(200, send("GET", "/v1/views/c", null, ann).statusCode());
    assertEquals(200, statements("SHOW STREAMS", ann).statusCode());
    assertEquals("User ann may read, not manage", error(statements("CREATE STREAM t (x BIGINT)", ann), 403).get("message").asText());
    assertEquals(403, send("POST", "/v1/streams/s/rows", "[[1]]", ann).statusCode());
    JsonNode notAdmin = error(statements("CREATE USER eve WITH RIGHTS admin", ann), 403);
    assertEquals("RUN-1705", notAdmin.get("code").asText());
    assertEquals("User ann may read, not admin", notAdmin.get("message").asText());
    assertEquals(403, statements("SHOW USERS", ann).statusCode());
    assertEquals(403, statements("GRANT admin TO ann", ann).statusCode());

    // GRANT and REVOKE change what the same token may do
    assertEquals("User ann may read, write (its token is unchanged)", result("GRANT write TO ann").get("message").asText());
    assertEquals(200, send("POST", "/v1/streams/s/rows", "[[1]]", ann).statusCode());
    assertEquals("User ann may write (its token is unchanged)", result("REVOKE read FROM ann").get("message").asText());
    assertEquals("User ann may write, not read", error(send("GET", "/v1/views/c", null, ann), 403).get("message").asText());
    assertEquals(200, send("POST", "/v1/streams/s/rows", "[[2]]", ann).statusCode());

    // SHOW USERS lists the users made either way, with their rights, and no token or hash
    String bob = JSON.readTree(send("POST", "/v1/users", "{\"name\": \"bob\", \"rights\": [\"read\", \"manage\"]}", TOKEN).body()).get("token").asText();
    JsonNode shown = result("SHOW USERS");
    assertEquals("[{\"name\":\"name\",\"type\":\"VARCHAR\"},{\"name\":\"rights\",\"type\":\"VARCHAR\"}]", shown.get("columns").toString());
    assertEquals("[[\"ann\",\"write\"],[\"bob\",\"read, manage\"]]", shown.get("rows").toString());
    assertFalse(shown.has("message"), shown.toString());
    assertFalse(shown.toString().contains(ann) || shown.toString().contains(bob));
    assertEquals("[\"ann\",\"bob\"]", ServerTest.names(JSON.readTree(send("GET", "/v1/users", null, TOKEN).body())));

    // dropped, its token is refused
    assertEquals("Dropped user ann: its token is refused from now on", result("DROP USER ann").get("message").asText());
    assertEquals("RUN-1701", error(send("POST", "/v1/streams/s/rows", "[[3]]", ann), 401).get("code").asText());
    assertEquals("Nothing to drop: user ann does not exist", result("DROP USER IF EXISTS ann").get("message").asText());
    assertEquals("[[\"bob\",\"read, manage\"]]", result("SHOW USERS").get("rows").toString());

    // kept in the data directory
    server.close();
    server = RunnelServer.start(dir, "127.0.0.1", 0, TOKEN);
    assertEquals(200, statements("CREATE STREAM t (x BIGINT)", bob).statusCode());
    assertEquals(401, send("GET", "/v1/views/c", null, ann).statusCode());
  }

  @Test
  void mistakesHaveTheirCodePositionAndHint() throws Exception {
    result("CREATE USER ann WITH RIGHTS read, write");

    JsonNode exists = error(statements("CREATE USER ann WITH RIGHTS admin", TOKEN), 400);
    assertEquals("RUN-1707", exists.get("code").asText());
    assertEquals("User ann exists already", exists.get("message").asText());
    assertEquals("1:13", position(exists));
    assertTrue(exists.get("hint").asText().startsWith("GRANT or REVOKE changes its rights"), exists.toString());

    JsonNode unknown = error(statements("SHOW USERS;\nGRANT manage TO anne", TOKEN), 404);
    assertEquals("RUN-1706", unknown.get("code").asText());
    assertEquals("No user anne", unknown.get("message").asText());
    assertEquals("2:17", position(unknown));
    assertEquals("Did you mean ann?", unknown.get("hint").asText());
    assertEquals("RUN-1706", error(statements("DROP USER zed", TOKEN), 404).get("code").asText());

    JsonNode right = error(statements("GRANT read, wrte TO ann", TOKEN), 400);
    assertEquals("RUN-1708", right.get("code").asText());
    assertEquals("No right 'wrte'", right.get("message").asText());
    assertEquals("1:13", position(right));
    assertEquals("Did you mean write? The rights are read, write, manage, admin.", right.get("hint").asText());

    Map<String, String> admins =
        Map.of("CREATE USER admin WITH RIGHTS read", "1:13", "DROP USER admin", "1:11", "DROP USER IF EXISTS Admin", "1:21", "GRANT read TO admin", "1:15", "REVOKE admin FROM ADMIN", "1:19");
    for (var e : admins.entrySet()) {
      JsonNode admin = error(statements(e.getKey(), TOKEN), 400);
      assertEquals("RUN-1709", admin.get("code").asText(), e.getKey());
      assertEquals("admin is not a user: it cannot be created, dropped, granted or revoked", admin.get("message").asText());
      assertEquals(e.getValue(), position(admin), e.getKey());
    }
    JsonNode badName = error(statements("CREATE USER \"1st\" WITH RIGHTS read", TOKEN), 400);
    assertEquals("RUN-1709", badName.get("code").asText());
    assertEquals("A user's name is a letter then letters, digits, '_', '.' or '-' (up to 64), not '1st'", badName.get("message").asText());
    assertEquals("1:13", position(badName));
    JsonNode quoted = result("CREATE USER \"ci-bot\" WITH RIGHTS read");
    assertEquals("ci-bot", quoted.get("rows").get(0).get(0).asText());

    JsonNode noneLeft = error(statements("REVOKE read, write FROM ann", TOKEN), 400);
    assertEquals("RUN-1203", noneLeft.get("code").asText());
    assertEquals("User ann would be left with no right", noneLeft.get("message").asText());
    assertEquals("User ANN may read, write (its token is unchanged)", result("GRANT read TO ANN").get("message").asText(), "names are told apart ignoring case");
    assertEquals("[[\"ann\",\"read, write\"],[\"ci-bot\",\"read\"]]", result("SHOW USERS").get("rows").toString(), "the refusals changed nothing");
  }

  private static String position(JsonNode error) {
    return error.get("line").asInt() + ":" + error.get("column").asInt();
  }

  @Test
  void theShellsClientGetsTheTokenAndErrorsAsOnTheApi() throws Exception {
    try (Runnel remote = Runnel.connect(server.uri(), TOKEN)) {
      remote.execute("SET 'parallelism' = '2'"); // sent ahead of each later statement, on a line of its own
      var created = (io.runnel.StatementResult.Table) remote.execute("CREATE USER cy WITH RIGHTS read");
      assertEquals("cy", created.rows().get(0).get(0));
      assertTrue(created.message().contains("shown this once"), created.message());
      String cy = (String) created.rows().get(0).get(1);
      RunnelException right = assertThrows(RunnelException.class, () -> remote.execute("GRANT wrte TO cy"));
      assertEquals(ErrorCode.UNKNOWN_RIGHT, right.code());
      assertEquals(new Pos(1, 7), right.pos());
      try (Runnel asCy = Runnel.connect(server.uri(), cy)) {
        assertEquals(ErrorCode.FORBIDDEN, assertThrows(RunnelException.class, () -> asCy.execute("SHOW USERS")).code());
      }
    }
  }

  @Test
  void anEmbeddedEngineHasNoUsersAndSaysWhereTheyAre() {
    try (Runnel embedded = Runnel.open(dir.resolve("embedded"))) {
      RunnelException e = assertThrows(RunnelException.class, () -> embedded.execute("CREATE USER ann WITH RIGHTS read"));
      assertEquals(ErrorCode.SERVER_ONLY, e.code());
      assertEquals(new Pos(1, 1), e.pos());
      assertEquals("RUN-1710: line 1:1: Users exist on a server only: this engine is embedded, and has none", e.getMessage());
      assertTrue(e.hint().contains("./runnel server"), e.hint());
    }
  }

  @Test
  void usersMadeAtOnceByRequestsAndStatementsAreAllKept() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> made = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String viaApi = "{\"name\": \"api" + i + "\", \"rights\": [\"read\"]}";
        String viaSql = "CREATE USER sql" + i + " WITH RIGHTS write; GRANT read TO sql" + i;
        made.add(pool.submit(() -> send("POST", "/v1/users", viaApi, TOKEN)));
        made.add(pool.submit(() -> statements(viaSql, TOKEN)));
      }
      for (Future<HttpResponse<String>> f : made) {
        assertEquals(200, f.get().statusCode(), f.get().body());
      }
    } finally {
      pool.shutdownNow();
    }
    server.close();
    server = RunnelServer.start(dir, "127.0.0.1", 0, TOKEN);
    JsonNode rows = result("SHOW USERS").get("rows");
    assertEquals(40, rows.size(), rows.toString());
    for (JsonNode row : rows) {
      assertEquals(row.get(0).asText().startsWith("api") ? "read" : "read, write", row.get(1).asText(), row.toString());
    }
  }
}
