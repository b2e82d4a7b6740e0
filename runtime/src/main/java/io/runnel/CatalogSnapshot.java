package io.runnel;

import java.util.List;
import java.util.Map;

/**
 * The catalog as it stands: each stream, table and view with its columns, and the running queries. For
 * completion, SHOW and help.
 */
public record CatalogSnapshot(
    Map<String, List<Column>> streams,
    Map<String, List<Column>> tables,
    Map<String, List<Column>> views,
    List<String> queries,
    List<String> functions) {
  public CatalogSnapshot {
    streams = Map.copyOf(streams);
    tables = Map.copyOf(tables);
    views = Map.copyOf(views);
    queries = List.copyOf(queries);
    functions = List.copyOf(functions);
  }
}
