package io.runnel.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.Runnel;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.server.Users.Right;
import io.runnel.server.Users.User;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;

/**
 * The HTTP API, version 1: every path under {@code /v1} takes the admin token ({@code Authorization: Bearer
 * ...}); {@code /health} takes none. Bodies and answers are JSON; an error is {@code {"error": {"code",
 * "message", "line", "column", "hint"}}} with the code, position and hint the shell gives. docs/server.md
 * describes each endpoint with an example.
 */
final class Api extends Handler.Abstract {
  /** The largest body of statements taken. */
  static final int MAX_STATEMENTS_BYTES = 1 << 20;
  /** The largest body of rows to insert taken. */
  static final int MAX_ROWS_BYTES = 32 << 20;
  /** The most of a refused body read before the refusal is sent. */
  static final long MAX_DRAINED_BYTES = 64L << 20;

  private static final Pattern ROWS = Pattern.compile("/v1/(?:streams|tables)/([^/]+)/rows");
  private static final Pattern VIEW = Pattern.compile("/v1/views/([^/]+)");
  private static final Pattern VIEW_CHANGES = Pattern.compile("/v1/views/([^/]+)/changes");
  private static final Pattern QUERY = Pattern.compile("/v1/queries/([A-Za-z0-9_]+)");
  private static final Pattern USER = Pattern.compile("/v1/users/([^/]+)");

  private static final String ENDPOINTS =
      """
      {"endpoints": [
        "GET /health",
        "GET /metrics (Prometheus)",
        "POST /v1/statements {\\"sql\\": \\"...\\"}",
        "POST /v1/streams/NAME/rows (a JSON array of rows, or one row per line; a row is an array or an object by column)",
        "GET /v1/views/NAME (every row), GET /v1/views/NAME?KEY=VALUE (the row of a key)",
        "GET /v1/views/NAME/changes (Server-Sent Events; Last-Event-ID or ?from= resumes)",
        "POST /v1/push {\\"sql\\": \\"SELECT ...\\"} (a standing query's changes as Server-Sent Events)",
        "GET /v1/queries",
        "GET /v1/catalog (streams, tables and views with their columns, queries, functions)",
        "DELETE /v1/queries/ID",
        "GET /v1/users, POST /v1/users {\\"name\\": \\"...\\", \\"rights\\": [\\"read\\", \\"write\\", \\"manage\\", \\"admin\\"]}, DELETE /v1/users/NAME"
      ]}
      """;

  private final AdminToken token;
  private final Users users;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Statements statements;
  private final Inserts inserts;
  private final Streams streams;
  private final Metrics metrics;

  Api(Runnel runnel, AdminToken token, Users users, ScheduledExecutorService timers, Duration writeTimeout, long pushBufferBytes) {
    this.token = token;
    this.users = users;
    this.statements = new Statements(runnel, mapper);
    this.inserts = new Inserts(runnel, mapper);
    this.streams = new Streams(runnel, timers, writeTimeout, pushBufferBytes);
    this.metrics = new Metrics(runnel, streams::size, streams::cutOff);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long started = System.nanoTime();
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    serve(path, method, request, response, callback);
    metrics.observe(method + " " + endpoint(path), response.getStatus(), System.nanoTime() - started);
    return true;
  }

  /** The route a path takes, with its names left out, as the metrics label requests. */
  private static String endpoint(String path) {
    for (Pattern p : List.of(ROWS, VIEW_CHANGES, VIEW, QUERY, USER)) {
      Matcher m = p.matcher(path);
      if (m.matches()) {
        return path.substring(0, m.start(1)) + "{name}" + path.substring(m.end(1));
      }
    }
    return List.of("/", "/health", "/metrics", "/v1", "/v1/statements", "/v1/push", "/v1/catalog", "/v1/queries", "/v1/users").contains(path) ? path : "other";
  }

  private void serve(String path, String method, Request request, Response response, Callback callback) {
    try {
      if (path.equals("/health")) {
        expect(method, "GET");
        send(response, callback, 200, "{\"status\":\"ok\"}");
        return;
      }
      if (path.equals("/") || path.equals("/index.html")) {
        expect(method, "GET");
        page(response, callback); // no data in it: it asks for the token, and sends it with each request
        return;
      }
      User user = authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION), response);
      route(path, method, user, request, response, callback);
    } catch (ApiException e) {
      drainQuietly(request);
      send(response, callback, e.status, JsonText.error(e));
    } catch (RunnelException e) {
      drainQuietly(request);
      int status = ApiException.status(e);
      send(response, callback, status, JsonText.error(new ApiException(status, e)));
    } catch (Exception e) {
      String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      send(response, callback, 500, JsonText.error(new ApiException(500, ErrorCode.INTERNAL_ERROR, "The server failed: " + message, null)));
    }
  }

  /** The web page, {@code GET /}: the streams, views and queries, a statement box, a live view. */
  private static void page(Response response, Callback callback) throws IOException {
    byte[] page;
    try (InputStream in = Api.class.getResourceAsStream("web/index.html")) {
      page = in.readAllBytes();
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.getHeaders().put("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:; img-src 'self'");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.write(true, java.nio.ByteBuffer.wrap(page), callback);
  }

  /** The user an {@code Authorization} header names; refused (401) when it names none. */
  private User authenticate(String authorization, Response response) {
    User user = token.accepts(authorization) ? User.ADMIN : users.find(authorization);
    if (user == null) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"runnel\"");
      throw new ApiException(
          401, ErrorCode.UNAUTHORIZED, "This request needs a valid token", "Send the header Authorization: Bearer TOKEN: the admin token the server printed, or a user's.");
    }
    return user;
  }

  /**
   * A WebSocket to {@code /v1/views/NAME/changes}: the events of the Server-Sent Events as messages, resumed
   * with {@code ?from=} (the id of the last message received). The token comes in the Authorization
   * header, or, from a browser, which cannot set it, as {@code ?access_token=}. Null, with the error sent,
   * when the request is refused.
   */
  Object webSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    try {
      String path = Request.getPathInContext(request);
      Matcher m = VIEW_CHANGES.matcher(path);
      if (!m.matches()) {
        throw ApiException.notFound("No WebSocket at " + path);
      }
      Fields parameters = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      Fields.Field accessToken = parameters.get("access_token");
      if (authorization == null && accessToken != null) {
        authorization = "Bearer " + accessToken.getValue();
      }
      authenticate(authorization, response).require(Right.READ);
      Fields.Field from = parameters.get("from");
      return streams.socket(m.group(1), from == null ? null : from.getValue());
    } catch (ApiException e) {
      send(response, callback, e.status, JsonText.error(e));
    } catch (RunnelException e) {
      int status = ApiException.status(e);
      send(response, callback, status, JsonText.error(new ApiException(status, e)));
    }
    return null;
  }

  private void route(String path, String method, User user, Request request, Response response, Callback callback) throws Exception {
    Matcher m;
    if (path.equals("/metrics")) {
      expect(method, "GET");
      user.require(Right.READ);
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      Content.Sink.write(response, true, metrics.scrape(), callback);
    } else if (path.equals("/v1") || path.equals("/v1/")) {
      expect(method, "GET");
      send(response, callback, 200, ENDPOINTS);
    } else if (path.equals("/v1/statements")) {
      expect(method, "POST");
      String sql = statements.sqlOf(body(request, MAX_STATEMENTS_BYTES));
      for (Right right : Rights.of(sql)) {
        user.require(right);
      }
      send(response, callback, 200, statements.statements(sql));
    } else if (path.equals("/v1/push")) {
      expect(method, "POST");
      String sql = statements.sqlOf(body(request, MAX_STATEMENTS_BYTES));
      for (Right right : Rights.of(sql)) {
        user.require(right);
      }
      streams.push(sql, request, response, callback);
    } else if ((m = ROWS.matcher(path)).matches()) {
      expect(method, "POST");
      user.require(Right.WRITE);
      send(response, callback, 200, inserts.insert(m.group(1), body(request, MAX_ROWS_BYTES)));
    } else if ((m = VIEW_CHANGES.matcher(path)).matches()) {
      expect(method, "GET");
      user.require(Right.READ);
      streams.changes(m.group(1), request, response, callback);
    } else if ((m = VIEW.matcher(path)).matches()) {
      expect(method, "GET");
      user.require(Right.READ);
      send(response, callback, 200, statements.read(m.group(1), Request.extractQueryParameters(request, StandardCharsets.UTF_8)));
    } else if (path.equals("/v1/catalog")) {
      expect(method, "GET");
      user.require(Right.READ);
      send(response, callback, 200, statements.catalog());
    } else if (path.equals("/v1/queries")) {
      expect(method, "GET");
      user.require(Right.READ);
      send(response, callback, 200, statements.statements("SHOW QUERIES"));
    } else if ((m = QUERY.matcher(path)).matches()) {
      expect(method, "DELETE");
      user.require(Right.MANAGE);
      send(response, callback, 200, statements.statements("TERMINATE QUERY " + m.group(1)));
    } else if (path.equals("/v1/users") || USER.matcher(path).matches()) {
      user.require(Right.ADMIN);
      send(response, callback, 200, this.users(path, method, request));
    } else {
      throw ApiException.notFound("No endpoint " + method + " " + path);
    }
  }

  /** Ends every open event stream: the server is stopping. Their clients may resume from their positions. */
  void closeStreams() {
    streams.closeStreams();
  }

  static void expect(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ApiException(405, ErrorCode.NOT_FOUND, "This endpoint takes " + allowed + ", not " + method, null);
    }
  }

  /**
   * GET /v1/users (each user's rights), POST /v1/users (a new user, replacing one of its name, and its token,
   * shown once), DELETE /v1/users/NAME. Statements do the same: CREATE USER, SHOW USERS, DROP USER.
   */
  private String users(String path, String method, Request request) throws IOException {
    Matcher m = USER.matcher(path);
    if (m.matches()) {
      expect(method, "DELETE");
      if (!users.remove(m.group(1))) {
        throw ApiException.notFound("No user " + m.group(1));
      }
      return "{\"removed\":" + JsonText.of(g -> g.writeString(m.group(1))) + "}";
    }
    if (method.equals("GET")) {
      return JsonText.of(
          g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("users");
            for (var e : users.list().entrySet()) {
              g.writeStartObject();
              g.writeStringField("name", e.getKey());
              g.writeArrayFieldStart("rights");
              for (Right r : e.getValue()) {
                g.writeString(r.label());
              }
              g.writeEndArray();
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
          });
    }
    expect(method, "POST");
    JsonNode body;
    try {
      body = mapper.readTree(body(request, MAX_STATEMENTS_BYTES));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("The body is not JSON: " + e.getOriginalMessage(), null);
    }
    JsonNode name = body == null ? null : body.get("name");
    Set<Right> rights = Users.rights(body == null ? null : body.get("rights"));
    String created = users.create(name == null ? null : name.asText(), rights, true, null);
    return JsonText.of(
        g -> {
          g.writeStartObject();
          g.writeStringField("name", name.asText());
          g.writeStringField("token", created);
          g.writeEndObject();
        });
  }

  /**
   * The body, refused past {@code limit} bytes. A body refused is read to its end first (up to {@link
   * #MAX_DRAINED_BYTES}) so that the client, still sending, gets the refusal rather than a closed connection.
   */
  static String body(Request request, int limit) throws IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (request.getLength() > limit) {
        drain(in);
        throw tooLarge(limit);
      }
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        drain(in);
        throw tooLarge(limit);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * Reads what is left of a request's body before it is refused (a 401, a 403, a bad statement), so that the
   * connection stays usable: a body left unread makes the server close it, and a client that sends its
   * next request on it, kept alive, gets no answer at all.
   */
  private static void drainQuietly(Request request) {
    try (InputStream in = Content.Source.asInputStream(request)) {
      drain(in);
    } catch (IOException | RuntimeException e) {
      // the connection goes; the refusal is still sent
    }
  }

  /** Reads what is left of a body, up to {@link #MAX_DRAINED_BYTES}, and keeps none of it. */
  private static void drain(InputStream in) throws IOException {
    byte[] scratch = new byte[64 * 1024];
    for (long left = MAX_DRAINED_BYTES; left > 0; ) {
      int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (n < 0) {
        return;
      }
      left -= n;
    }
  }

  private static ApiException tooLarge(int limit) {
    return new ApiException(413, ErrorCode.TOO_LARGE, "The body is larger than the " + (limit >> 20) + " MiB this endpoint takes", "Send it in parts.");
  }

  static void send(Response response, Callback callback, int status, String json) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    Content.Sink.write(response, true, json, callback);
  }
}
