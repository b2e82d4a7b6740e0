package io.runnel.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.Column;
import io.runnel.Runnel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/streams/NAME/rows}: rows given in JSON, appended through the embedded API. */
final class Inserts {
  private final Runnel runnel;
  private final ObjectMapper mapper;

  Inserts(Runnel runnel, ObjectMapper mapper) {
    this.runnel = runnel;
    this.mapper = mapper;
  }

  /** POST /v1/streams/NAME/rows: a JSON array of rows, or one JSON row per line; a row is an array, or an object by column. */
  String insert(String relation, String body) {
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
}
