package io.runnel.runtime.remote;

import io.runnel.CatalogSnapshot;
import io.runnel.Column;
import io.runnel.MaterializedView;
import io.runnel.QueryHandle;
import io.runnel.QueryOptions;
import io.runnel.Runnel;
import io.runnel.Session;
import io.runnel.StatementResult;
import io.runnel.Values;
import io.runnel.operators.batch.RowKind;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Pos;
import io.runnel.parser.ast.Statement;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link Runnel} over a server's HTTP API: statements go to {@code POST /v1/statements}, a SELECT to {@code
 * POST /v1/push} (its changes streamed back), the catalog comes from {@code GET /v1/catalog}, rows go to
 * {@code POST /v1/streams/NAME/rows}. Errors come back as the server sent them, with their codes, positions
 * and hints.
 *
 * <p>The server takes each request as a session of its own; this client keeps the session: it remembers the
 * SETs that succeeded and sends them ahead of each later request (on a line of their own, so that the
 * positions of errors in the statement keep their line once one is taken off).
 */
public final class RemoteRunnel implements Runnel {
  private final URI server;
  private final String token;
  private final HttpClient client;
  /** This session's options, as SET gave them: key to value. */
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final List<RemoteQuery> open = new ArrayList<>();

  private RemoteRunnel(URI server, String token, HttpClient client) {
    this.server = server;
    this.token = token;
    this.client = client;
  }

  /** A client of the server at {@code server}, checked by a first request. */
  public static Runnel connect(URI server, String token) {
    RemoteRunnel r = new RemoteRunnel(server, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    r.call(r.request("/v1").GET());
    return r;
  }

  @Override
  public synchronized List<StatementResult> executeAll(String sql) {
    List<StatementResult> results = new ArrayList<>();
    for (SqlParser.ParsedStatement p : SqlParser.parseScriptWithText(sql)) {
      if (p.statement() instanceof Statement.QueryStatement) {
        results.add(select(p.text(), ""));
      } else {
        results.addAll(statements(p.text()));
        if (p.statement() instanceof Statement.Set set) {
          remember(set);
        }
      }
    }
    return results;
  }

  private void remember(Statement.Set set) {
    if (set.key() == null) {
      settings.clear();
    } else if (set.value() == null) {
      settings.remove(set.key().toLowerCase(Locale.ROOT));
    } else {
      settings.put(set.key().toLowerCase(Locale.ROOT), set.value());
    }
  }

  /** The SETs of this session on one line, then a new line: what goes ahead of each request's statement. */
  private String prefix(String extra) {
    String sets = settings.entrySet().stream().map(e -> "SET " + quote(e.getKey()) + " = " + quote(e.getValue()) + ";").collect(Collectors.joining(" "));
    String all = (sets + " " + extra).strip();
    return all.isEmpty() ? "" : all + "\n";
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private List<StatementResult> statements(String text) {
    String prefix = prefix("");
    return results(call(request("/v1/statements").POST(body(prefix, text)), prefix), settings.size());
  }

  /** The results of a JSON answer of statements, less those of the {@code skipped} SETs sent ahead. */
  @SuppressWarnings("unchecked")
  private List<StatementResult> results(String json, int skipped) {
    Map<String, Object> answer = Json.object(json);
    List<StatementResult> results = new ArrayList<>();
    List<Object> all = (List<Object>) answer.get("results");
    for (Object o : all.subList(skipped, all.size())) {
      results.add(result((Map<String, Object>) o));
    }
    return results;
  }

  @SuppressWarnings("unchecked")
  private StatementResult result(Map<String, Object> r) {
    return switch ((String) r.get("kind")) {
      case "table" -> new StatementResult.Table(columns((List<Object>) r.get("columns")), (List<List<Object>>) (List<?>) r.get("rows"), (String) r.get("message"));
      case "plan" -> new StatementResult.Plan((String) r.get("text"));
      case "persistent_query" -> new StatementResult.PersistentQuery(new StoredQuery((String) r.get("id")), (String) r.get("target"), (String) r.get("message"));
      default -> new StatementResult.Ok((String) r.get("message"));
    };
  }

  @SuppressWarnings("unchecked")
  static List<Column> columns(List<Object> columns) {
    List<Column> out = new ArrayList<>();
    for (Object c : columns) {
      Map<String, Object> m = (Map<String, Object>) c;
      out.add(new Column((String) m.get("name"), (String) m.get("type")));
    }
    return out;
  }

  static RowKind kind(String shortString) {
    for (RowKind k : RowKind.values()) {
      if (k.shortString().equals(shortString)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no change kind " + shortString);
  }

  /** A SELECT: a standing query whose changes the server streams (a read of a view ends after its rows). */
  private StatementResult select(String text, String extra) {
    String prefix = prefix(extra);
    HttpResponse<Stream<String>> r = send(request("/v1/push").POST(body(prefix, text)), HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      throw error(r.body().collect(Collectors.joining("\n")), prefix);
    }
    RemoteQuery q = new RemoteQuery(r.body());
    open.removeIf(QueryHandle::isDone);
    open.add(q);
    return new StatementResult.Query(q);
  }

  private static HttpRequest.BodyPublisher body(String prefix, String text) {
    return HttpRequest.BodyPublishers.ofString("{\"sql\":" + Values.quote(prefix + text) + "}");
  }

  @Override
  public synchronized QueryHandle query(String sql, QueryOptions options) {
    return ((StatementResult.Query) select(sql, options.earliest() ? "SET 'scan.startup.mode' = 'earliest';" : "")).handle();
  }

  @Override
  public QueryHandle handle(String queryId) {
    throw unsupported("handle(id)", "SHOW QUERIES lists the server's queries.");
  }

  @Override
  public Session session() {
    return new RemoteRunnel(server, token, client);
  }

  @Override
  public MaterializedView view(String name) {
    throw unsupported("view(name)", "Read it with SELECT, or GET /v1/views/NAME.");
  }

  @Override
  public void insert(String relation, List<List<Object>> rows) {
    String json = rows.stream().map(r -> r.stream().map(Values::json).collect(Collectors.joining(",", "[", "]"))).collect(Collectors.joining(",", "[", "]"));
    call(request("/v1/streams/" + URLEncoder.encode(relation, StandardCharsets.UTF_8).replace("+", "%20") + "/rows").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  @Override
  @SuppressWarnings("unchecked")
  public CatalogSnapshot catalog() {
    Map<String, Object> c = Json.object(call(request("/v1/catalog").GET()));
    return new CatalogSnapshot(
        relations((Map<String, Object>) c.get("streams")),
        relations((Map<String, Object>) c.get("tables")),
        relations((Map<String, Object>) c.get("views")),
        (List<String>) (List<?>) c.get("queries"),
        (List<String>) (List<?>) c.get("functions"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<Column>> relations(Map<String, Object> json) {
    Map<String, List<Column>> out = new LinkedHashMap<>();
    json.forEach((name, v) -> out.put(name, columns((List<Object>) ((Map<String, Object>) v).get("columns"))));
    return out;
  }

  /** Cancels the queries this client streams; the server and its data stay. */
  @Override
  public synchronized void close() {
    open.forEach(RemoteQuery::cancel);
    open.clear();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(server.resolve(path)).header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(5));
  }

  private String call(HttpRequest.Builder request) {
    return call(request, "");
  }

  /** The answer's body; an error answer becomes the server's error, positions taken back past {@code prefix}. */
  private String call(HttpRequest.Builder request, String prefix) {
    HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw error(r.body(), prefix);
    }
    return r.body();
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(request.build(), handler);
    } catch (IOException e) {
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Cannot reach the server at " + server + ": " + e.getMessage(), "Is it running? ./runnel server starts one.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunnelException(ErrorCode.IO_ERROR, null, "Interrupted while waiting for the server", null);
    }
  }

  /** The server's JSON error as the exception the engine would have thrown, its line counted without {@code prefix}. */
  @SuppressWarnings("unchecked")
  private RunnelException error(String body, String prefix) {
    Map<String, Object> e;
    try {
      e = (Map<String, Object>) Json.object(body).get("error");
    } catch (RuntimeException notJson) {
      e = null;
    }
    if (e == null) {
      return new RunnelException(ErrorCode.IO_ERROR, null, "The server answered: " + body, null);
    }
    ErrorCode code = ErrorCode.INTERNAL_ERROR;
    for (ErrorCode c : ErrorCode.values()) {
      if (c.label().equals(e.get("code"))) {
        code = c;
      }
    }
    Pos pos = null;
    if (e.get("line") instanceof Long line && e.get("column") instanceof Long column) {
      long lines = prefix.chars().filter(c -> c == '\n').count();
      pos = line > lines ? new Pos((int) (line - lines), column.intValue()) : null;
    }
    return new RunnelException(code, pos, (String) e.get("message"), (String) e.get("hint"));
  }

  private static RunnelException unsupported(String what, String hint) {
    return new RunnelException(ErrorCode.UNSUPPORTED, null, what + " is not offered by a connection to a server", hint);
  }
}
