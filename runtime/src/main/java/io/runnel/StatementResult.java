package io.runnel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a statement gave back. */
public sealed interface StatementResult {

  /** A statement that changed something or nothing: DDL, INSERT ... VALUES, SET. */
  record Ok(String message) implements StatementResult {}

  /** A finite table: the result of SHOW and DESCRIBE. Values as in {@link Change#values()}. */
  record Table(List<Column> columns, List<List<Object>> rows) implements StatementResult {
    public Table {
      columns = List.copyOf(columns);
      List<List<Object>> copy = new ArrayList<>();
      for (List<Object> row : rows) {
        copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
      }
      rows = Collections.unmodifiableList(copy);
    }
  }

  /** EXPLAIN: the plan as an indented tree, one node a line. */
  record Plan(String text) implements StatementResult {}

  /** A standing SELECT: its changes are read from the handle. */
  record Query(QueryHandle handle) implements StatementResult {}

  /** A persistent {@code INSERT INTO ... SELECT} over unbounded input: it writes into its target until terminated. */
  record PersistentQuery(QueryHandle handle, String target) implements StatementResult {}
}
