package io.runnel.parser.ast;

import java.util.List;

/** A query expression: a SELECT block or a VALUES list. */
public sealed interface Query extends Node {

  sealed interface SelectItem extends Node {}

  /** {@code *} or {@code t.*}; {@code qualifier} may be null. */
  record AllColumns(Pos pos, Name qualifier) implements SelectItem {}

  /** An expression with an optional alias (may be null). */
  record SingleColumn(Pos pos, Expression expression, Name alias) implements SelectItem {}

  /** {@code expression [ASC | DESC] [NULLS FIRST | NULLS LAST]}; {@code nullsFirst} null: NULLs first ascending, last descending. */
  record OrderItem(Pos pos, Expression expression, boolean ascending, Boolean nullsFirst) {
    public OrderItem(Pos pos, Expression expression, boolean ascending) {
      this(pos, expression, ascending, null);
    }

    /** Whether NULLs sort before the other values. */
    public boolean nullsSortFirst() {
      return nullsFirst != null ? nullsFirst : ascending;
    }
  }

  /**
   * {@code SELECT [DISTINCT] items [FROM from] [WHERE where] [GROUP BY ...] [HAVING having] [ORDER BY ...]
   * [LIMIT n] [EMIT CHANGES [EVERY INTERVAL 'n' unit]]}; {@code from}, {@code where}, {@code having},
   * {@code limit} and {@code emitEvery} may be null. {@code EMIT CHANGES} alone asks for a change per input
   * row; with {@code EVERY} ({@code emitEvery}) for the changed results each interval of processing time.
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
      boolean emitChanges,
      Expression.IntervalLiteral emitEvery)
      implements Query {
    /** Without {@code EMIT CHANGES EVERY}. */
    public Select(
        Pos pos,
        boolean distinct,
        List<SelectItem> items,
        Relation from,
        Expression where,
        List<Expression> groupBy,
        Expression having,
        List<OrderItem> orderBy,
        Expression limit,
        boolean emitChanges) {
      this(pos, distinct, items, from, where, groupBy, having, orderBy, limit, emitChanges, null);
    }

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
