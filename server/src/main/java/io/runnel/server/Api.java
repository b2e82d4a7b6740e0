package io.runnel.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.CatalogSnapshot;
import io.runnel.Change;
import io.runnel.Column;
import io.runnel.MaterializedView;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.ViewPosition;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import io.runnel.server.Users.Right;
import io.runnel.server.Users.User;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  /** How long a read of a view waits for it to take in what was appended before the request. */
  static final Duration READ_WAIT = Duration.ofSeconds(30);
  /** How long a statement's bounded query may run before the request gives up on it. */
  static final Duration BOUNDED_QUERY_WAIT = Duration.ofSeconds(60);

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

  private final Runnel runnel;
  private final AdminToken token;
  private final Users users;
  private final ScheduledExecutorService timers;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Metrics metrics;
  /** The event streams open, ended when the server stops. */
  private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
  /** Threads that wait for pushed queries to end. */
  private final ExecutorService waiters =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "runnel-push-waiter");
            t.setDaemon(true);
            return t;
          });

  Api(Runnel runnel, AdminToken token, Users users, ScheduledExecutorService timers) {
    this.runnel = runnel;
    this.token = token;
    this.users = users;
    this.metrics = new Metrics(runnel, () -> streams.size());
    this.timers = timers;
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
      send(response, callback, e.status, JsonText.error(e));
    } catch (RunnelException e) {
      int status = e.code() == ErrorCode.UNKNOWN_RELATION || e.code() == ErrorCode.UNKNOWN_QUERY ? 404 : 400;
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
      MaterializedView view = runnel.view(m.group(1));
      Fields.Field from = parameters.get("from");
      return new ViewSocket(view, EventStream.position(from == null ? null : from.getValue()), streams, timers);
    } catch (ApiException e) {
      send(response, callback, e.status, JsonText.error(e));
    } catch (RunnelException e) {
      int status = e.code() == ErrorCode.UNKNOWN_RELATION ? 404 : 400;
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
      String sql = sqlOf(body(request, MAX_STATEMENTS_BYTES));
      for (Right right : Rights.of(sql)) {
        user.require(right);
      }
      send(response, callback, 200, statements(sql));
    } else if (path.equals("/v1/push")) {
      expect(method, "POST");
      String sql = sqlOf(body(request, MAX_STATEMENTS_BYTES));
      for (Right right : Rights.of(sql)) {
        user.require(right);
      }
      push(sql, request, response, callback);
    } else if ((m = ROWS.matcher(path)).matches()) {
      expect(method, "POST");
      user.require(Right.WRITE);
      send(response, callback, 200, insert(m.group(1), body(request, MAX_ROWS_BYTES)));
    } else if ((m = VIEW_CHANGES.matcher(path)).matches()) {
      expect(method, "GET");
      user.require(Right.READ);
      changes(m.group(1), request, response, callback);
    } else if ((m = VIEW.matcher(path)).matches()) {
      expect(method, "GET");
      user.require(Right.READ);
      send(response, callback, 200, read(m.group(1), Request.extractQueryParameters(request, StandardCharsets.UTF_8)));
    } else if (path.equals("/v1/catalog")) {
      expect(method, "GET");
      user.require(Right.READ);
      send(response, callback, 200, catalog());
    } else if (path.equals("/v1/queries")) {
      expect(method, "GET");
      user.require(Right.READ);
      send(response, callback, 200, statements("SHOW QUERIES"));
    } else if ((m = QUERY.matcher(path)).matches()) {
      expect(method, "DELETE");
      user.require(Right.MANAGE);
      send(response, callback, 200, statements("TERMINATE QUERY " + m.group(1)));
    } else if (path.equals("/v1/users") || USER.matcher(path).matches()) {
      user.require(Right.ADMIN);
      send(response, callback, 200, this.users(path, method, request));
    } else {
      throw ApiException.notFound("No endpoint " + method + " " + path);
    }
  }

  private static void expect(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ApiException(405, ErrorCode.NOT_FOUND, "This endpoint takes " + allowed + ", not " + method, null);
    }
  }

  /** GET /v1/users (each user's rights), POST /v1/users (a new user, and its token, shown once), DELETE /v1/users/NAME. */
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
    String created = users.create(name == null ? null : name.asText(), rights);
    return JsonText.of(
        g -> {
          g.writeStartObject();
          g.writeStringField("name", name.asText());
          g.writeStringField("token", created);
          g.writeEndObject();
        });
  }

  /** GET /v1/catalog: the streams, tables and views with their columns, the queries and the functions (for completion). */
  private String catalog() {
    CatalogSnapshot c = runnel.catalog();
    return JsonText.of(
        g -> {
          g.writeStartObject();
          for (var kind : List.of(Map.entry("streams", c.streams()), Map.entry("tables", c.tables()), Map.entry("views", c.views()))) {
            g.writeObjectFieldStart(kind.getKey());
            for (var e : kind.getValue().entrySet()) {
              g.writeFieldName(e.getKey());
              g.writeStartObject();
              JsonText.columns(g, e.getValue());
              g.writeEndObject();
            }
            g.writeEndObject();
          }
          g.writeArrayFieldStart("queries");
          for (String q : c.queries()) {
            g.writeString(q);
          }
          g.writeEndArray();
          g.writeArrayFieldStart("functions");
          for (String f : c.functions()) {
            g.writeString(f);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** The statements of a body {@code {"sql": "..."}}. */
  private String sqlOf(String body) {
    JsonNode sql;
    try {
      sql = mapper.readTree(body).get("sql");
    } catch (IOException | RuntimeException e) {
      sql = null;
    }
    if (sql == null || !sql.isTextual()) {
      throw ApiException.badRequest("The body must be a JSON object with the statements as a string, \"sql\"", "As in {\"sql\": \"SHOW STREAMS\"}.");
    }
    return sql.textValue();
  }

  /**
   * POST /v1/statements: each statement's result; a bounded query's changes once it ends. Each request is a
   * session of its own: a SET in it applies to the statements after it in the same request only.
   */
  private String statements(String sql) throws InterruptedException {
    List<StatementResult> results = runnel.session().executeAll(sql);
    List<List<Change>> changes = new ArrayList<>();
    for (StatementResult r : results) {
      changes.add(r instanceof StatementResult.Query q ? finish(q.handle()) : List.of());
    }
    return JsonText.of(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("results");
          for (int i = 0; i < results.size(); i++) {
            JsonText.result(g, results.get(i), changes.get(i));
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** The changes of a standing query that ends by itself; one over a stream never does, and is refused. */
  private static List<Change> finish(QueryHandle handle) throws InterruptedException {
    try (handle) {
      if (!handle.bounded()) {
        throw new ApiException(
            400,
            ErrorCode.UNSUPPORTED,
            "A query over a stream never ends, so it has no answer to return",
            "Keep its result up to date with CREATE MATERIALIZED VIEW v AS SELECT ..., then read GET /v1/views/v or follow GET /v1/views/v/changes.");
      }
      if (!handle.awaitTermination(BOUNDED_QUERY_WAIT)) {
        throw new ApiException(400, ErrorCode.UPSTREAM_TIMEOUT, "The query did not end within " + BOUNDED_QUERY_WAIT.toSeconds() + " s", null);
      }
      if (handle.failure() != null) {
        throw handle.failure() instanceof RunnelException e ? e : new IllegalStateException("the query failed", handle.failure());
      }
      List<Change> changes = new ArrayList<>();
      for (Iterator<Change> it = handle.changes(); it.hasNext(); ) {
        changes.add(it.next());
      }
      return changes;
    }
  }

  /** POST /v1/streams/NAME/rows: a JSON array of rows, or one JSON row per line; a row is an array, or an object by column. */
  private String insert(String relation, String body) {
    List<Column> columns = columnsOf(relation);
    List<JsonNode> nodes = new ArrayList<>();
    String text = body.strip();
    try {
      if (text.startsWith("[")) {
        mapper.readTree(text).forEach(nodes::add);
      } else {
        for (String line : text.split("\n")) {
          if (!line.isBlank()) {
            nodes.add(mapper.readTree(line));
          }
        }
      }
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("The rows are not JSON: " + e.getOriginalMessage(), "Send a JSON array of rows, or one row per line.");
    }
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode node : nodes) {
      rows.add(row(node, columns));
    }
    runnel.insert(relation, rows);
    return "{\"inserted\":" + rows.size() + "}";
  }

  private List<Column> columnsOf(String relation) {
    var catalog = runnel.catalog();
    for (Map<String, List<Column>> relations : List.of(catalog.streams(), catalog.tables())) {
      for (var e : relations.entrySet()) {
        if (e.getKey().equalsIgnoreCase(relation)) {
          return e.getValue();
        }
      }
    }
    throw ApiException.notFound("No stream or table " + relation);
  }

  /** A row given as an array (every column, in order) or an object (columns by name; those left out are NULL). */
  private static List<Object> row(JsonNode node, List<Column> columns) {
    List<Object> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(v -> values.add(JsonText.value(v)));
      return values;
    }
    if (!node.isObject()) {
      throw ApiException.badRequest("A row must be an array or an object, not " + node, null);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(name))) {
        throw ApiException.badRequest("No column " + name + " in " + columns.stream().map(Column::name).toList(), null);
      }
    }
    for (Column c : columns) {
      JsonNode v = node.get(c.name());
      if (v == null) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          var e = it.next();
          if (e.getKey().equalsIgnoreCase(c.name())) {
            v = e.getValue();
          }
        }
      }
      values.add(JsonText.value(v));
    }
    return values;
  }

  /**
   * GET /v1/views/NAME: every row, or with each key column given as a parameter, the row of that key; read
   * once the view holds what was appended to its inputs before the request (as SELECT reads it).
   */
  private String read(String name, Fields parameters) throws InterruptedException {
    MaterializedView view = runnel.view(name);
    if (!view.sync(READ_WAIT)) {
      throw new ApiException(
          503, ErrorCode.UPSTREAM_TIMEOUT, "View " + name + " did not catch up with its inputs within " + READ_WAIT.toSeconds() + " s", "Its query may be failing: GET /v1/queries says.");
    }
    List<Column> columns = view.columns();
    if (parameters.getSize() == 0) {
      List<List<Object>> rows = view.scan();
      return JsonText.of(
          g -> {
            g.writeStartObject();
            JsonText.columns(g, columns);
            JsonText.rows(g, "rows", rows);
            g.writeStringField("position", EventStream.id(view.position()));
            g.writeEndObject();
          });
    }
    List<String> key = view.key();
    Object[] values = new Object[key.size()];
    for (int i = 0; i < key.size(); i++) {
      String column = key.get(i);
      Fields.Field f = parameters.get(column);
      if (f == null) {
        throw ApiException.badRequest("A lookup in " + name + " gives every column of its key " + key + "; " + column + " is missing", "As in ?" + column + "=...");
      }
      values[i] = f.getValue();
    }
    Optional<List<Object>> row = view.lookup(values);
    return JsonText.of(
        g -> {
          g.writeStartObject();
          JsonText.columns(g, columns);
          JsonText.rows(g, "rows", row.map(List::of).orElse(List.of()));
          g.writeEndObject();
        });
  }

  /**
   * POST /v1/push: the changes of a standing query as Server-Sent Events, for as long as the client stays
   * (or the query ends). The statements are SETs, then one SELECT (one that reads a materialized view ends
   * once it has given the view's rows).
   */
  private void push(String sql, Request request, Response response, Callback callback) {
    List<Statement> statements = SqlParser.parseScript(sql);
    for (int i = 0; i < statements.size(); i++) {
      boolean last = i == statements.size() - 1;
      if (last ? !(statements.get(i) instanceof Statement.QueryStatement) : !(statements.get(i) instanceof Statement.Set)) {
        throw new ApiException(
            400,
            new RunnelException(ErrorCode.UNSUPPORTED, statements.get(i).pos(), "A push takes one SELECT, after any SETs", "Run other statements with POST /v1/statements."));
      }
    }
    List<StatementResult> results = runnel.session().executeAll(sql);
    QueryHandle query = ((StatementResult.Query) results.get(results.size() - 1)).handle();
    startEvents(response);
    EventStream stream = new EventStream(EventStream.sse(response, callback), streams::remove);
    streams.add(stream);
    request.addFailureListener(stream::close);
    stream.follow(query, timers, waiters);
  }

  private static void startEvents(Response response) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
  }

  /** GET /v1/views/NAME/changes: the view's rows, then every change, as Server-Sent Events. */
  private void changes(String name, Request request, Response response, Callback callback) {
    MaterializedView view = runnel.view(name);
    String from = request.getHeaders().get("Last-Event-ID");
    if (from == null) {
      Fields.Field f = Request.extractQueryParameters(request, StandardCharsets.UTF_8).get("from");
      from = f == null ? null : f.getValue();
    }
    ViewPosition position = EventStream.position(from);
    startEvents(response);
    EventStream stream = new EventStream(EventStream.sse(response, callback), streams::remove);
    streams.add(stream);
    request.addFailureListener(stream::close); // the client went away
    stream.start(position == null ? view.subscribe(stream) : view.subscribe(position, stream), timers);
  }

  /** Ends every open event stream: the server is stopping. Their clients may resume from their positions. */
  void closeStreams() {
    for (EventStream s : List.copyOf(streams)) {
      s.close(null);
    }
    waiters.shutdownNow();
  }

  /**
   * The body, refused past {@code limit} bytes. A body refused is read to its end first (up to {@link
   * #MAX_DRAINED_BYTES}) so that the client, still sending, gets the refusal rather than a closed connection.
   */
  private static String body(Request request, int limit) throws IOException {
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

  private static void send(Response response, Callback callback, int status, String json) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    Content.Sink.write(response, true, json, callback);
  }
}
