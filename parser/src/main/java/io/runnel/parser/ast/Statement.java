package io.runnel.parser.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/** One statement of the dialect. Nullable components are marked; lists are never null. */
public sealed interface Statement extends Node {

  record ColumnDef(Pos pos, Name name, TypeSpec type) {}

  /** {@code WATERMARK FOR column AS expression}. */
  record WatermarkDef(Pos pos, Name column, Expression expression) {}

  /** {@code 'key' = 'value'} in a WITH clause or SET; quotes removed. */
  record Property(Pos pos, String key, String value) {}

  /** {@code CREATE STREAM [IF NOT EXISTS] name (columns [, WATERMARK ...]) [WITH (...)]}; watermark may be null. */
  record CreateStream(
      Pos pos,
      Name name,
      List<ColumnDef> columns,
      WatermarkDef watermark,
      List<Property> properties,
      boolean ifNotExists)
      implements Statement {
    public CreateStream {
      requireNonNull(name, "name is null");
      columns = List.copyOf(columns);
      properties = List.copyOf(properties);
    }
  }

  /** {@code CREATE TABLE [IF NOT EXISTS] name (columns, PRIMARY KEY (k, ...)) [WITH (...)]}. */
  record CreateTable(
      Pos pos,
      Name name,
      List<ColumnDef> columns,
      List<Name> primaryKey,
      WatermarkDef watermark,
      List<Property> properties,
      boolean ifNotExists)
      implements Statement {
    public CreateTable {
      requireNonNull(name, "name is null");
      columns = List.copyOf(columns);
      primaryKey = List.copyOf(primaryKey);
      properties = List.copyOf(properties);
    }
  }

  /** {@code CREATE VIEW name AS query}. */
  record CreateView(Pos pos, Name name, Query query, boolean ifNotExists) implements Statement {}

  /**
   * {@code CREATE [OR REPLACE] MATERIALIZED VIEW [IF NOT EXISTS] name AS query}: a view whose result is kept
   * up to date by a persistent query and can be looked up and subscribed to.
   */
  record CreateMaterializedView(Pos pos, Name name, Query query, boolean orReplace, boolean ifNotExists) implements Statement {}

  /** {@code CREATE FUNCTION name AS 'class'}: a user-defined function implemented by a Java class. */
  record CreateFunction(Pos pos, Name name, String className, boolean ifNotExists) implements Statement {}

  enum ObjectKind {
    STREAM,
    TABLE,
    VIEW,
    MATERIALIZED_VIEW,
    FUNCTION;

    /** The kind as statements spell it: {@code MATERIALIZED VIEW}. */
    public String sql() {
      return name().replace('_', ' ');
    }
  }

  /** {@code DROP STREAM|TABLE|VIEW|MATERIALIZED VIEW|FUNCTION [IF EXISTS] name}. */
  record Drop(Pos pos, ObjectKind kind, Name name, boolean ifExists) implements Statement {}

  enum ShowKind {
    STREAMS,
    TABLES,
    VIEWS,
    QUERIES,
    FUNCTIONS
  }

  record Show(Pos pos, ShowKind kind) implements Statement {}

  /** {@code DESCRIBE name}. */
  record Describe(Pos pos, Name name) implements Statement {}

  /** {@code INSERT INTO target [(columns)] query}, the query being VALUES or a SELECT. */
  record Insert(Pos pos, Name target, List<Name> columns, Query query) implements Statement {
    public Insert {
      columns = List.copyOf(columns);
    }
  }

  /** A query run as a statement: a standing query. */
  /**
   * {@code INSERT INTO s WATERMARK TIMESTAMP '...'}: writes into stream {@code target}'s log that its
   * watermark has reached {@code time} (the literal's text, at {@code timePos}).
   */
  record InsertWatermark(Pos pos, Name target, Pos timePos, String time) implements Statement {}

  record QueryStatement(Pos pos, Query query) implements Statement {}

  /** {@code EXPLAIN statement}. */
  record Explain(Pos pos, Statement statement) implements Statement {}

  /** {@code SET 'key' = 'value'} or, with a null value, {@code RESET 'key'}; both null: {@code RESET}. */
  record Set(Pos pos, String key, String value) implements Statement {}

  /** {@code TERMINATE QUERY id}. */
  record Terminate(Pos pos, String queryId) implements Statement {}

  /**
   * {@code CHECKPOINT [QUERY id]}: every persistent query (or query {@code id}) takes a checkpoint now, and
   * the statement returns once it is written. {@code queryId} is null for all of them.
   */
  record Checkpoint(Pos pos, String queryId) implements Statement {}

  /** {@code DESCRIBE QUERY id}: what each operator of a running query has done so far. */
  record DescribeQuery(Pos pos, String queryId) implements Statement {}

  /** A right a server's user may hold, as {@code CREATE USER}, {@code GRANT} and {@code REVOKE} name it. */
  enum UserRight {
    READ,
    WRITE,
    MANAGE,
    ADMIN;

    /** The right as statements and the server write it: {@code read}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A statement that manages a server's users. The engine hands it to the handler its config names (a
   * server's); an embedded engine has none and refuses it.
   */
  sealed interface UserStatement extends Statement {}

  /** {@code CREATE USER name WITH RIGHTS right [, right ...]}: a new user, whose token is shown once. */
  record CreateUser(Pos pos, Name user, List<UserRight> rights) implements UserStatement {
    public CreateUser {
      requireNonNull(user, "user is null");
      rights = List.copyOf(rights);
    }
  }

  /** {@code DROP USER [IF EXISTS] name}: its token is refused from then on. */
  record DropUser(Pos pos, Name user, boolean ifExists) implements UserStatement {
    public DropUser {
      requireNonNull(user, "user is null");
    }
  }

  /** {@code GRANT right [, right ...] TO name}: the user keeps its token and gains the rights. */
  record Grant(Pos pos, List<UserRight> rights, Name user) implements UserStatement {
    public Grant {
      requireNonNull(user, "user is null");
      rights = List.copyOf(rights);
    }
  }

  /** {@code REVOKE right [, right ...] FROM name}: the user keeps its token and loses the rights. */
  record Revoke(Pos pos, List<UserRight> rights, Name user) implements UserStatement {
    public Revoke {
      requireNonNull(user, "user is null");
      rights = List.copyOf(rights);
    }
  }

  /** {@code SHOW USERS}: each user's name and rights, never a token. */
  record ShowUsers(Pos pos) implements UserStatement {}
}
