package io.runnel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a statement gave back. */
public sealed interface StatementResult {

  /** A statement that changed something or nothing: DDL, INSERT ... VALUES, SET. */
  record Ok(String message) implements StatementResult {}

  /**
   * A finite table: the result of SHOW, DESCRIBE and CREATE USER. Values as in {@link Change#values()}.
   * {@code message}, when not null, is a note to show with the rows (that a token in them is shown this
   * once, say).
   */
  record Table(List<Column> columns, List<List<Object>> rows, String message) implements StatementResult {
    public Table(List<Column> columns, List<List<Object>> rows) {
      this(columns, rows, null);
    }

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

  /**
   * A persistent query started: an {@code INSERT INTO ... SELECT} over unbounded input, or the query of a
   * materialized view. It writes into its target until terminated; {@code message} says so to a user.
   */
  record PersistentQuery(QueryHandle handle, String target, String message) implements StatementResult {
    public PersistentQuery(QueryHandle handle, String target) {
      this(handle, target, "Started query " + handle.id() + " writing into " + target + " (TERMINATE QUERY " + handle.id() + " to stop it)");
    }
  }
}
