package io.runnel.parser.ast;

import java.util.List;

/** A query expression: a SELECT block or a VALUES list. */
public sealed interface Query extends Node {

  sealed interface SelectItem extends Node {}

  /** {@code *} or {@code t.*}; {@code qualifier} may be null. */
  record AllColumns(Pos pos, Name qualifier) implements SelectItem {}

  /** An expression with an optional alias (may be null). */
  record SingleColumn(Pos pos, Expression expression, Name alias) implements SelectItem {}

  record OrderItem(Pos pos, Expression expression, boolean ascending) {}

  /**
   * {@code SELECT [DISTINCT] items [FROM from] [WHERE where] [GROUP BY ...] [HAVING having] [ORDER BY ...]
   * [LIMIT n] [EMIT CHANGES]}; {@code from}, {@code where}, {@code having} and {@code limit} may be null.
   */
  record Select(
      Pos pos,
      boolean distinct,
      List<SelectItem> items,
      Relation from,
      Expression where,
      List<Expression> groupBy,
      Expression having,
      List<OrderItem> orderBy,
      Expression limit,
      boolean emitChanges)
      implements Query {
    public Select {
      items = List.copyOf(items);
      groupBy = List.copyOf(groupBy);
      orderBy = List.copyOf(orderBy);
    }
  }

  /** {@code VALUES (..), (..)}. */
  record Values(Pos pos, List<List<Expression>> rows) implements Query {
    public Values {
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /** {@code left UNION [ALL] right}. */
  record Union(Pos pos, Query left, Query right, boolean all) implements Query {}
}
