package io.runnel.parser.ast;

import java.util.List;

/** What a query reads from. {@code alias} may be null everywhere. */
public sealed interface Relation extends Node {

  /** A stream, table or view by name; {@code name} may be qualified ({@code sys.errors}). */
  record TableRef(Pos pos, List<Name> name, Name alias) implements Relation {
    public TableRef {
      name = List.copyOf(name);
    }

    public String dotted() {
      return String.join(".", name.stream().map(Name::value).toList());
    }
  }

  /**
   * {@code name FOR SYSTEM_TIME AS OF asOf [AS alias]}: the versions of a table, each row of the other side of
   * a join seeing the one valid at {@code asOf}.
   */
  record TemporalTable(Pos pos, List<Name> name, Expression asOf, Name alias) implements Relation {
    public TemporalTable {
      name = List.copyOf(name);
    }

    public String dotted() {
      return String.join(".", name.stream().map(Name::value).toList());
    }
  }

  record Subquery(Pos pos, Query query, Name alias) implements Relation {}

  enum JoinType {
    INNER,
    LEFT,
    RIGHT,
    FULL,
    CROSS
  }

  /** {@code condition} is null for CROSS joins. */
  record Join(Pos pos, JoinType type, Relation left, Relation right, Expression condition)
      implements Relation {}

  /**
   * {@code TABLE(fn(args))}, a table-valued function such as {@code TUMBLE(TABLE bid, DESCRIPTOR(ts),
   * INTERVAL '10' SECOND)}; arguments in order, with TABLE and DESCRIPTOR arguments as their own nodes.
   */
  record TableFunction(Pos pos, Name function, List<Node> arguments, Name alias)
      implements Relation {
    public TableFunction {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code TABLE name [PARTITION BY col, ...]} as an argument of a table function. */
  record TableArgument(Pos pos, List<Name> name, List<Name> partitionBy) implements Node {
    public TableArgument {
      name = List.copyOf(name);
      partitionBy = List.copyOf(partitionBy);
    }
  }

  /** {@code DESCRIPTOR(col)} as an argument of a table function. */
  record Descriptor(Pos pos, List<Name> columns) implements Node {
    public Descriptor {
      columns = List.copyOf(columns);
    }
  }
}
