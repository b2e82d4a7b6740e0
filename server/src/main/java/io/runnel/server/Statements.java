package io.runnel.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.CatalogSnapshot;
import io.runnel.Change;
import io.runnel.Column;
import io.runnel.MaterializedView;
import io.runnel.QueryHandle;
import io.runnel.Runnel;
import io.runnel.StatementResult;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * The requests answered at once, in JSON: statements ({@code POST /v1/statements}), the catalog, and reads
 * of materialized views.
 */
final class Statements {
  /** How long a read of a view waits for it to take in what was appended before the request. */
  static final Duration READ_WAIT = Duration.ofSeconds(30);
  /** How long a statement's bounded query may run before the request gives up on it. */
  static final Duration BOUNDED_QUERY_WAIT = Duration.ofSeconds(60);

  private final Runnel runnel;
  private final ObjectMapper mapper;

  Statements(Runnel runnel, ObjectMapper mapper) {
    this.runnel = runnel;
    this.mapper = mapper;
  }

  /** The statements of a body {@code {"sql": "..."}}. */
  String sqlOf(String body) {
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
  String statements(String sql) throws InterruptedException {
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

  /** GET /v1/catalog: the streams, tables and views with their columns, the queries and the functions (for completion). */
  String catalog() {
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

  /**
   * GET /v1/views/NAME: every row, or with each key column given as a parameter, the row of that key; read
   * once the view holds what was appended to its inputs before the request (as SELECT reads it).
   */
  String read(String name, Fields parameters) throws InterruptedException {
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
}
