package io.runnel.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.Change;
import io.runnel.Column;
import io.runnel.StatementResult;
import io.runnel.Values;
import io.runnel.parser.ast.Pos;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON the server writes, and the values it reads. A result's values are written as {@link Values#json}
 * writes them (timestamps in their one text form, rows as arrays); values read from a request become Java
 * values the engine converts to the columns' types where the conversion is exact.
 */
final class JsonText {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonText() {}

  /** Something that writes one JSON value with a generator. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static String of(Body body) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  static String error(ApiException e) {
    return of(
        g -> {
          g.writeStartObject();
          g.writeObjectFieldStart("error");
          g.writeStringField("code", e.error.code().label());
          g.writeStringField("message", e.error.reason());
          Pos pos = e.pos();
          if (pos != null) {
            g.writeNumberField("line", pos.line());
            g.writeNumberField("column", pos.column());
          }
          if (e.error.hint() != null) {
            g.writeStringField("hint", e.error.hint());
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  static void columns(JsonGenerator g, List<Column> columns) throws IOException {
    g.writeArrayFieldStart("columns");
    for (Column c : columns) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeStringField("type", c.type());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  static void row(JsonGenerator g, List<Object> values) throws IOException {
    g.writeStartArray();
    for (Object v : values) {
      g.writeRawValue(Values.json(v));
    }
    g.writeEndArray();
  }

  static void rows(JsonGenerator g, String field, List<List<Object>> rows) throws IOException {
    g.writeArrayFieldStart(field);
    for (List<Object> row : rows) {
      row(g, row);
    }
    g.writeEndArray();
  }

  /** {@code {"kind": "+I", "values": [...]}}. */
  static void change(JsonGenerator g, Change change) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", change.kind().shortString());
    g.writeFieldName("values");
    row(g, change.values());
    g.writeEndObject();
  }

  /** One statement's result; a standing query's arrives as its {@code changes}. */
  static void result(JsonGenerator g, StatementResult result, List<Change> changes) throws IOException {
    g.writeStartObject();
    if (result instanceof StatementResult.Ok ok) {
      g.writeStringField("kind", "ok");
      g.writeStringField("message", ok.message());
    } else if (result instanceof StatementResult.Table table) {
      g.writeStringField("kind", "table");
      columns(g, table.columns());
      rows(g, "rows", table.rows());
      if (table.message() != null) {
        g.writeStringField("message", table.message());
      }
    } else if (result instanceof StatementResult.Plan plan) {
      g.writeStringField("kind", "plan");
      g.writeStringField("text", plan.text());
    } else if (result instanceof StatementResult.PersistentQuery q) {
      g.writeStringField("kind", "persistent_query");
      g.writeStringField("id", q.handle().id());
      g.writeStringField("target", q.target());
      g.writeStringField("message", q.message());
    } else if (result instanceof StatementResult.Query q) {
      g.writeStringField("kind", "changes");
      columns(g, q.handle().columns());
      g.writeArrayFieldStart("changes");
      for (Change c : changes) {
        change(g, c);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** A JSON value of a request as a Java value: numbers, strings, booleans, null, arrays as lists (rows). */
  static Object value(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isArray()) {
      List<Object> values = new ArrayList<>();
      node.forEach(v -> values.add(value(v)));
      return values;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    throw ApiException.badRequest("A value must be a number, a string, a boolean, null or an array (a row), not " + node, null);
  }
}
