package io.runnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server on loopback, driven by the JDK's HTTP client: every endpoint, and the errors. */
class ServerTest {
  static final String TOKEN = "test-token-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  RunnelServer server;
  HttpClient client = newClient();

  static HttpClient newClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Closes the server and starts {@code next} in its place, with a new client: the old client may keep a
   * connection to the closed server pooled, and the new server may have been given the same port.
   */
  void replace(java.util.concurrent.Callable<RunnelServer> next) throws Exception {
    server.close();
    server = next.call();
    client = newClient();
  }

  @BeforeEach
  void start() throws Exception {
    server = RunnelServer.start(dir, "127.0.0.1", 0, TOKEN);
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode ok(String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(method, path, body, TOKEN);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  JsonNode sql(String statements) throws Exception {
    return ok("POST", "/v1/statements", JSON.writeValueAsString(java.util.Map.of("sql", statements)));
  }

  JsonNode error(HttpResponse<String> r, int status) throws IOException {
    assertEquals(status, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("error");
  }

  @Test
  void healthNeedsNoTokenAndEverythingElseNeedsTheRightOne() throws Exception {
    HttpResponse<String> health = send("GET", "/health", null, null);
    assertEquals(200, health.statusCode());
    assertEquals("ok", JSON.readTree(health.body()).get("status").asText());
    int streams = sql("SHOW STREAMS").get("results").get(0).get("rows").size();
    for (String token : new String[] {null, "wrong-token-0123456789", TOKEN + "x", ""}) {
      HttpResponse<String> r = send("GET", "/v1/queries", null, token);
      assertEquals("RUN-1701", error(r, 401).get("code").asText());
      assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
      assertEquals(401, send("POST", "/v1/statements", "{\"sql\": \"CREATE STREAM s (x INT)\"}", token).statusCode());
    }
    // nothing was created by the refused requests
    assertEquals(streams, sql("SHOW STREAMS").get("results").get(0).get("rows").size());
  }

  @Test
  void statementsInsertsLookupsAndScans() throws Exception {
    JsonNode created =
        sql("CREATE STREAM bid (auction BIGINT, bidder VARCHAR, price BIGINT);"
            + " CREATE MATERIALIZED VIEW stats AS SELECT auction, COUNT(*) AS bids, MAX(price) AS top FROM bid GROUP BY auction");
    assertEquals("ok", created.get("results").get(0).get("kind").asText());
    assertEquals("persistent_query", created.get("results").get(1).get("kind").asText());

    // rows as a JSON array (arrays or objects), and as one row per line
    assertEquals(2, ok("POST", "/v1/streams/bid/rows", "[[1, \"ann\", 100], {\"auction\": 2, \"bidder\": \"bob\", \"price\": 40}]").get("inserted").asInt());
    assertEquals(2, ok("POST", "/v1/streams/bid/rows", "{\"auction\": 1, \"price\": 120}\n[2, \"cy\", 45]\n").get("inserted").asInt());

    JsonNode all = ok("GET", "/v1/views/stats", null);
    assertEquals("[[1,2,120],[2,2,45]]", sorted(all.get("rows")));
    assertEquals("auction", all.get("columns").get(0).get("name").asText());
    JsonNode one = ok("GET", "/v1/views/stats?auction=1", null);
    assertEquals("[[1,2,120]]", one.get("rows").toString());
    assertEquals("[]", ok("GET", "/v1/views/stats?auction=9", null).get("rows").toString());

    // a bounded query's changes; EXPLAIN; SHOW
    JsonNode bounded = sql("SELECT UPPER('x') AS u, 1 + 1 AS two").get("results").get(0);
    assertEquals("changes", bounded.get("kind").asText());
    assertEquals("[{\"kind\":\"+I\",\"values\":[\"X\",2]}]", bounded.get("changes").toString());
    assertEquals("plan", sql("EXPLAIN SELECT auction FROM bid").get("results").get(0).get("kind").asText());
    JsonNode queries = ok("GET", "/v1/queries", null).get("results").get(0);
    assertEquals("table", queries.get("kind").asText());
    String id = null;
    for (JsonNode row : queries.get("rows")) {
      if (row.toString().contains("stats")) {
        id = row.get(0).asText(); // the view's query
      }
    }
    assertNotNull(id, queries.toString());
    assertEquals("ok", ok("DELETE", "/v1/queries/" + id, null).get("results").get(0).get("kind").asText());
  }

  @Test
  void aSetAppliesToTheRequestItIsIn() throws Exception {
    sql("CREATE STREAM s (k BIGINT) WITH ('partitions' = '2')");
    String explain = "EXPLAIN SELECT k, COUNT(*) AS n FROM s GROUP BY k";
    JsonNode both = sql("SET 'parallelism' = '2'; " + explain).get("results");
    assertTrue(both.get(1).get("text").asText().contains("Tasks: 2"), both.toString());
    assertTrue(!sql(explain).get("results").get(0).get("text").asText().contains("Tasks:"), "a later request has its own session");
  }

  @Test
  void fileConnectorsReadOnlyUnderTheServersFilesDirectory() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("files/in.csv"), "1\n2\n");
    java.nio.file.Files.writeString(dir.resolve("secret.csv"), "42\n");
    java.nio.file.Files.createSymbolicLink(dir.resolve("files/link.csv"), dir.resolve("secret.csv"));
    String create = "CREATE STREAM %s (x BIGINT) WITH ('connector' = 'file', 'path' = '%s', 'format' = 'csv')";
    for (String path : new String[] {dir.resolve("secret.csv").toString(), dir.resolve("files/../secret.csv").toString(), dir.resolve("files/link.csv").toString(), "/etc/passwd"}) {
      HttpResponse<String> r = send("POST", "/v1/statements", JSON.writeValueAsString(java.util.Map.of("sql", create.formatted("outside", path))), TOKEN);
      JsonNode e = error(r, 400);
      assertEquals("RUN-1204", e.get("code").asText(), path);
      assertTrue(e.get("message").asText().contains("outside the directories"), e.toString());
    }
    assertEquals("ok", sql(create.formatted("inside", dir.resolve("files/in.csv"))).get("results").get(0).get("kind").asText());
  }

  String tokenFor(String name, String rights) throws Exception {
    return ok("POST", "/v1/users", "{\"name\": \"" + name + "\", \"rights\": " + rights + "}").get("token").asText();
  }

  @Test
  void usersMayDoWhatTheirRightsSayAndNothingElse() throws Exception {
    sql("CREATE STREAM s (k BIGINT); CREATE MATERIALIZED VIEW c AS SELECT k, COUNT(*) AS n FROM s GROUP BY k");
    String reader = tokenFor("reader", "[\"read\"]");
    String writer = tokenFor("writer", "[\"write\"]");
    String manager = tokenFor("manager", "[\"manage\", \"read\"]");

    assertEquals(200, send("GET", "/v1/views/c", null, reader).statusCode());
    assertEquals(200, send("POST", "/v1/statements", "{\"sql\": \"SHOW STREAMS; SET 'parallelism' = '2'; EXPLAIN SELECT k FROM s\"}", reader).statusCode());
    JsonNode denied = error(send("POST", "/v1/streams/s/rows", "[[1]]", reader), 403);
    assertEquals("RUN-1705", denied.get("code").asText());
    assertTrue(denied.get("message").asText().contains("reader may read, not write"), denied.toString());
    assertEquals(403, send("POST", "/v1/statements", "{\"sql\": \"SHOW STREAMS; DROP STREAM s\"}", reader).statusCode());
    assertEquals(403, send("POST", "/v1/statements", "{\"sql\": \"SET 'window.late-stream' = 'mine'\"}", reader).statusCode());
    assertEquals(403, send("GET", "/v1/users", null, reader).statusCode());
    assertEquals(403, send("POST", "/v1/users", "{\"name\": \"me\", \"rights\": [\"admin\"]}", reader).statusCode());

    assertEquals(200, send("POST", "/v1/streams/s/rows", "[[1]]", writer).statusCode());
    assertEquals(200, send("POST", "/v1/statements", "{\"sql\": \"INSERT INTO s VALUES (1)\"}", writer).statusCode());
    assertEquals(403, send("POST", "/v1/statements", "{\"sql\": \"INSERT INTO s SELECT k FROM s\"}", writer).statusCode());
    assertEquals(403, send("GET", "/v1/views/c", null, writer).statusCode());
    assertEquals(403, send("DELETE", "/v1/queries/q1", null, writer).statusCode());

    assertEquals(200, send("POST", "/v1/statements", "{\"sql\": \"CREATE STREAM t (x BIGINT)\"}", manager).statusCode());
    assertEquals(403, send("POST", "/v1/streams/t/rows", "[[1]]", manager).statusCode());
    // nothing the refused requests asked for happened
    assertEquals("[[1,2]]", ok("GET", "/v1/views/c", null).get("rows").toString());
    assertTrue(!sql("SHOW STREAMS").toString().contains("mine"));

    assertEquals("[\"reader\",\"writer\",\"manager\"]", names(ok("GET", "/v1/users", null)));
    assertEquals(200, send("DELETE", "/v1/users/writer", null, TOKEN).statusCode());
    assertEquals(401, send("POST", "/v1/streams/s/rows", "[[1]]", writer).statusCode());
    assertEquals(404, send("DELETE", "/v1/users/writer", null, TOKEN).statusCode());
    assertEquals("RUN-1703", error(send("POST", "/v1/users", "{\"name\": \"x\", \"rights\": [\"fly\"]}", TOKEN), 400).get("code").asText());
    assertEquals(400, send("POST", "/v1/users", "{\"name\": \"admin\", \"rights\": [\"read\"]}", TOKEN).statusCode());

    replace(() -> RunnelServer.start(dir, "127.0.0.1", 0, TOKEN)); // users are kept in the data directory
    assertEquals(200, send("GET", "/v1/views/c", null, reader).statusCode());
    assertEquals(401, send("GET", "/v1/views/c", null, writer).statusCode());
  }

  static String names(JsonNode users) {
    List<String> names = new ArrayList<>();
    users.get("users").forEach(u -> names.add("\"" + u.get("name").asText() + "\""));
    return "[" + String.join(",", names) + "]";
  }

  @Test
  void metricsInThePrometheusTextFormat() throws Exception {
    sql("CREATE STREAM s (k BIGINT); CREATE MATERIALIZED VIEW c AS SELECT k, COUNT(*) AS n FROM s GROUP BY k");
    ok("POST", "/v1/streams/s/rows", "[[1], [1], [2]]");
    ok("GET", "/v1/views/c", null); // caught up
    assertEquals(401, send("GET", "/metrics", null, null).statusCode());
    HttpResponse<String> r = send("GET", "/metrics", null, TOKEN);
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
    String text = r.body();
    for (String line :
        List.of(
            "runnel_query_rows_in_total{query=\"q1\"} 3.0",
            "runnel_query_rows_out_total{query=\"q1\"} 4.0",
            "runnel_query_lag_rows{query=\"q1\"} 0.0",
            "runnel_event_streams 0.0",
            "runnel_http_request_duration_seconds_count{endpoint=\"POST /v1/streams/{name}/rows\",status=\"200\"} 1",
            "runnel_http_request_duration_seconds_count{endpoint=\"GET /metrics\",status=\"401\"} 1")) {
      assertTrue(text.contains(line), line + " in\n" + text);
    }
    assertTrue(text.contains("runnel_query_state_bytes{query=\"q1\"} "), text);
  }

  @Test
  void idleAndHalfSentConnectionsAreClosedAndOthersServed() throws Exception {
    replace(() -> RunnelServer.start(ServerOptions.on(dir).withAdminToken(TOKEN).withIdleTimeout(Duration.ofSeconds(1))));
    List<java.net.Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", server.uri().getPort());
        s.setSoTimeout(10_000);
        if (i % 2 == 0) {
          s.getOutputStream().write("GET /v1/queries HTTP/1.1\r\nHost: x\r\nAuthor".getBytes(StandardCharsets.US_ASCII)); // never finished
          s.getOutputStream().flush();
        }
        slow.add(s);
      }
      assertEquals(200, send("GET", "/health", null, null).statusCode(), "served beside them");
      long started = System.nanoTime();
      for (java.net.Socket s : slow) {
        java.io.InputStream in = s.getInputStream();
        while (in.read() >= 0) {
          // a 408 may come first; then the server closes
        }
      }
      assertTrue(System.nanoTime() - started < 9_000_000_000L, "closed after the idle timeout");
      assertEquals(200, send("GET", "/health", null, null).statusCode(), "still up");
    } finally {
      for (java.net.Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void aStandingQueryIsPushedAsItsChangesCome() throws Exception {
    sql("CREATE STREAM bid (auction BIGINT, price BIGINT)");
    Events pushed = Events.open(client, server.uri().resolve("/v1/push"), TOKEN, null, "{\"sql\": \"SELECT auction, price * 2 AS doubled FROM bid WHERE price > 10\"}");
    Event columns = pushed.next();
    assertEquals("columns", columns.name);
    assertEquals("{\"columns\":[{\"name\":\"auction\",\"type\":\"BIGINT\"},{\"name\":\"doubled\",\"type\":\"BIGINT\"}],\"updating\":false,\"bounded\":false}", columns.data);
    ok("POST", "/v1/streams/bid/rows", "[[1, 5], [2, 20]]");
    assertEquals("caught-up", pushed.next().name);
    Event change = pushed.next();
    assertEquals("change", change.name);
    assertNull(change.id, "a standing query is not resumed");
    assertEquals("{\"kind\":\"+I\",\"values\":[2,40]}", change.data);
    pushed.close();

    // a query that ends by itself ends its stream; SETs may come first; anything else is refused
    Events bounded = Events.open(client, server.uri().resolve("/v1/push"), TOKEN, null, "{\"sql\": \"SET 'parallelism' = '1'; SELECT UPPER('x') AS u\"}");
    assertEquals("columns", bounded.next().name);
    assertEquals("{\"kind\":\"+I\",\"values\":[\"X\"]}", bounded.next().data);
    assertEquals("end", bounded.next().name);
    bounded.close();
    JsonNode refused = error(send("POST", "/v1/push", "{\"sql\": \"CREATE STREAM x (k BIGINT)\"}", TOKEN), 400);
    assertEquals("RUN-1401", refused.get("code").asText());
    assertEquals(1, refused.get("line").asInt());
  }

  @Test
  void aClientThatTakesNothingIsCutOffOthersAreNotSlowedAndItResumes() throws Exception {
    replace(() -> RunnelServer.start(ServerOptions.on(dir).withAdminToken(TOKEN).withWriteTimeout(Duration.ofSeconds(1))));
    sql("CREATE STREAM s (k BIGINT); CREATE MATERIALIZED VIEW c AS SELECT k, COUNT(*) AS n FROM s GROUP BY k");
    // a client that asks for the changes and never reads them
    java.net.Socket stalled = new java.net.Socket();
    stalled.setReceiveBufferSize(4096);
    stalled.setSoTimeout(30_000);
    stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.uri().getPort()));
    stalled.getOutputStream().write(("GET /v1/views/c/changes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    stalled.getOutputStream().flush();
    Events reader = Events.open(client, server.uri().resolve("/v1/views/c/changes"), TOKEN, null);
    assertEquals("snapshot", reader.next().name);
    long started = System.nanoTime();
    int rows = 100_000; // some 7 MB of events: more than the sockets between the server and the stalled client hold
    for (int from = 0; from < rows; from += 10_000) {
      List<List<Object>> batch = new ArrayList<>();
      for (long k = from; k < from + 10_000; k++) {
        batch.add(List.of(k));
      }
      server.runnel().insert("s", batch);
    }
    for (int i = 0; i < rows; i++) {
      assertEquals("change", reader.next().name); // all of them, while the other client is stuck
    }
    reader.close();
    // the stalled client is cut off within seconds: what it got ends (the connection is reset once the error
    // event, behind what it does not take, has not gone out within the write timeout); it resumes after its
    // last whole event
    awaitCutOff("write-timeout", 1, started);
    String got = readUntilClosed(stalled);
    java.util.regex.Matcher ids = java.util.regex.Pattern.compile("id: (\\S+)\nevent: (\\S+)\ndata: [^\n]*\n\n").matcher(got);
    String last = null;
    int seen = 0;
    while (ids.find()) {
      last = ids.group(1);
      seen += ids.group(2).equals("change") ? 1 : 0;
    }
    assertNotNull(last, "the snapshot at least: " + got);
    assertTrue(seen < rows, "cut off before the end: " + seen);
    Events resumed = Events.open(client, server.uri().resolve("/v1/views/c/changes"), TOKEN, last);
    for (int i = seen; i < rows; i++) {
      assertEquals("change", resumed.next().name);
    }
    assertNull(resumed.poll(300), "nothing twice");
    resumed.close();
  }

  /** Waits until {@code /metrics} counts {@code n} clients cut off for {@code reason}, at most 30 s from {@code started}. */
  void awaitCutOff(String reason, int n, long started) throws Exception {
    String line = "runnel_event_streams_cut_off_total{reason=\"" + reason + "\"} " + n + ".0";
    String metrics = "";
    while (System.nanoTime() - started < 30_000_000_000L) {
      metrics = send("GET", "/metrics", null, TOKEN).body();
      if (metrics.contains(line)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(line + " within 30 s, in\n" + metrics);
  }

  /** What a socket gets until the server closes or resets it. */
  static String readUntilClosed(java.net.Socket socket) throws IOException {
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    try (java.io.InputStream in = socket.getInputStream()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        got.write(buffer, 0, n);
      }
    } catch (java.net.SocketException e) {
      // reset: what came before it is kept
    }
    socket.close();
    return got.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSecondServerOnTheDataDirectoryIsRefusedAndChangesNothingThere() throws Exception {
    io.runnel.parser.RunnelException refused =
        org.junit.jupiter.api.Assertions.assertThrows(io.runnel.parser.RunnelException.class, () -> RunnelServer.start(dir, "127.0.0.1", 0, "another-token-0123456789"));
    assertEquals(io.runnel.parser.ErrorCode.DATA_DIRECTORY_IN_USE, refused.code());
    assertEquals(200, send("GET", "/v1/queries", null, TOKEN).statusCode(), "the first still serves");
    replace(() -> RunnelServer.start(dir, "127.0.0.1", 0, null)); // the token stored: the first's, not the refused one's
    assertEquals(200, send("GET", "/v1/queries", null, TOKEN).statusCode());
    assertEquals(401, send("GET", "/v1/queries", null, "another-token-0123456789").statusCode());
  }

  static String sorted(JsonNode rows) {
    List<String> list = new ArrayList<>();
    rows.forEach(r -> list.add(r.toString()));
    list.sort(null);
    return "[" + String.join(",", list) + "]";
  }

  @Test
  void errorsCarryTheCodePositionAndHintAndTheServerStaysUp() throws Exception {
    sql("CREATE STREAM bid (auction BIGINT, price BIGINT)");
    JsonNode typo = error(send("POST", "/v1/statements", "{\"sql\": \"SELECT pricee FROM bid\"}", TOKEN), 400);
    assertEquals("RUN-1102", typo.get("code").asText());
    assertEquals(1, typo.get("line").asInt());
    assertEquals(8, typo.get("column").asInt());
    assertTrue(typo.get("message").asText().contains("pricee"), typo.toString());

    JsonNode standing = error(send("POST", "/v1/statements", "{\"sql\": \"SELECT auction FROM bid\"}", TOKEN), 400);
    assertEquals("RUN-1401", standing.get("code").asText());
    assertTrue(standing.get("hint").asText().contains("MATERIALIZED VIEW"));

    assertEquals("RUN-1703", error(send("POST", "/v1/statements", "SHOW STREAMS", TOKEN), 400).get("code").asText());
    assertEquals("RUN-1703", error(send("POST", "/v1/streams/bid/rows", "[[1, 2]", TOKEN), 400).get("code").asText());
    assertEquals("RUN-1305", error(send("POST", "/v1/streams/bid/rows", "[[1, 2, 3]]", TOKEN), 400).get("code").asText());
    assertEquals("RUN-1703", error(send("POST", "/v1/streams/bid/rows", "[{\"auction\": 1, \"nope\": 2}]", TOKEN), 400).get("code").asText());
    assertEquals("RUN-1702", error(send("POST", "/v1/streams/nothere/rows", "[[1, 2]]", TOKEN), 404).get("code").asText());
    assertEquals("RUN-1702", error(send("GET", "/v1/nothing", null, TOKEN), 404).get("code").asText());
    assertEquals(405, send("GET", "/v1/statements", null, TOKEN).statusCode());
    assertEquals(404, send("GET", "/v1/views/nothere", null, TOKEN).statusCode());

    String big = "{\"sql\": \"" + "x".repeat(Api.MAX_STATEMENTS_BYTES) + "\"}";
    assertEquals("RUN-1704", error(send("POST", "/v1/statements", big, TOKEN), 413).get("code").asText());

    // a name in the path is a name, never SQL
    assertEquals(404, send("POST", "/v1/streams/bid%3B%20DROP%20STREAM%20bid/rows", "[[1, 2]]", TOKEN).statusCode());
    assertEquals(404, send("DELETE", "/v1/queries/q1%3BDROP", null, TOKEN).statusCode());
    assertTrue(sql("SHOW STREAMS").get("results").get(0).get("rows").toString().contains("\"bid\""));
    assertEquals(200, send("GET", "/health", null, null).statusCode());
  }

  @Test
  void changesResumeFromTheLastEventWithNothingMissedAndNothingTwice() throws Exception {
    sql("CREATE STREAM bid (auction BIGINT, price BIGINT);"
        + " CREATE MATERIALIZED VIEW top AS SELECT auction, MAX(price) AS top FROM bid GROUP BY auction");
    ok("POST", "/v1/streams/bid/rows", "[[1, 10], [2, 20]]");
    ok("GET", "/v1/views/top", null); // caught up

    Events first = Events.open(client, server.uri().resolve("/v1/views/top/changes"), TOKEN, null);
    Event snapshot = first.next();
    assertEquals("snapshot", snapshot.name);
    assertEquals("[[1,10],[2,20]]", sorted(JSON.readTree(snapshot.data).get("rows")));
    ok("POST", "/v1/streams/bid/rows", "[[1, 15]]");
    Event change1 = first.next();
    Event change2 = first.next();
    assertEquals("{\"kind\":\"-U\",\"values\":[1,10]}", change1.data);
    assertEquals("{\"kind\":\"+U\",\"values\":[1,15]}", change2.data);
    first.close();

    ok("POST", "/v1/streams/bid/rows", "[[2, 25], [3, 5]]");
    Events resumed = Events.open(client, server.uri().resolve("/v1/views/top/changes"), TOKEN, change2.id);
    List<String> after = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Event e = resumed.next();
      assertEquals("change", e.name);
      after.add(e.data);
    }
    assertEquals(
        List.of("{\"kind\":\"-U\",\"values\":[2,20]}", "{\"kind\":\"+U\",\"values\":[2,25]}", "{\"kind\":\"+I\",\"values\":[3,5]}"), after);
    assertNull(resumed.poll(300), "nothing more");
    resumed.close();

    assertEquals("RUN-1703", error(send("GET", "/v1/views/top/changes?from=soon", null, TOKEN), 400).get("code").asText());
  }

  @Test
  void aRestartKeepsTheTokenMadeOnTheFirstStartAndResumesViews() throws Exception {
    Path other = dir.resolve("fresh");
    replace(() -> RunnelServer.start(other, "127.0.0.1", 0, null));
    String made = server.createdToken();
    assertNotNull(made);
    HttpResponse<String> r =
        client.send(HttpRequest.newBuilder(server.uri().resolve("/v1/statements")).header("Authorization", "Bearer " + made)
            .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"CREATE STREAM s (k BIGINT); CREATE MATERIALIZED VIEW c AS SELECT k, COUNT(*) AS n FROM s GROUP BY k\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    server.runnel().insert("s", List.of(List.of(1L), List.of(1L)));
    replace(() -> RunnelServer.start(other, "127.0.0.1", 0, null));
    assertNull(server.createdToken(), "made once");
    HttpResponse<String> rows =
        client.send(HttpRequest.newBuilder(server.uri().resolve("/v1/views/c")).header("Authorization", "Bearer " + made).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, rows.statusCode(), rows.body());
    assertEquals("[[1,2]]", JSON.readTree(rows.body()).get("rows").toString());
  }

  /** One Server-Sent Event. */
  record Event(String id, String name, String data) {}

  /** A subscription read line by line on the client's threads. */
  static final class Events implements AutoCloseable {
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;

    private Events(Stream<String> lines) {
      this.lines = lines;
    }

    static Events open(HttpClient client, URI uri, String token, String lastEventId) throws Exception {
      return open(client, uri, token, lastEventId, null);
    }

    /** Events of a GET, or with {@code body} of a POST. */
    static Events open(HttpClient client, URI uri, String token, String lastEventId, String body) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
      if (body != null) {
        b.POST(HttpRequest.BodyPublishers.ofString(body));
      }
      if (lastEventId != null) {
        b.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<Stream<String>> r = client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, r.statusCode());
      Events e = new Events(r.body());
      Thread reader = new Thread(e::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
      return e;
    }

    private void read() {
      String[] current = new String[3];
      try {
        lines.forEach(
            line -> {
              if (line.isEmpty()) {
                if (current[1] != null) {
                  events.add(new Event(current[0], current[1], current[2]));
                }
                current[0] = current[1] = current[2] = null;
              } else if (line.startsWith("id: ")) {
                current[0] = line.substring(4);
              } else if (line.startsWith("event: ")) {
                current[1] = line.substring(7);
              } else if (line.startsWith("data: ")) {
                current[2] = line.substring(6);
              }
            });
      } catch (RuntimeException e) {
        // closed
      }
    }

    Event next() throws InterruptedException {
      Event e = events.poll(30, TimeUnit.SECONDS);
      assertNotNull(e, "an event within 30 s");
      return e;
    }

    Event poll(long millis) throws InterruptedException {
      return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      lines.close();
    }
  }
}
