package io.runnel.operators.rank;

import java.util.Comparator;
import java.util.List;

/**
 * How the rows of a partition are ranked: their order (the sort keys, then arrival), the numbering and how
 * many ranks count. Shared by every {@link TopRows} of an operator.
 */
final class Ranking {
  final RowOrder order;
  final Comparator<Entry> entryOrder;
  final RankFunction function;
  final long limit;

  Ranking(List<SortKey> orderBy, RankFunction function, long limit) {
    this.order = new RowOrder(orderBy);
    this.entryOrder = (a, b) -> {
      int c = order.compare(a.row, b.row);
      return c != 0 ? c : Long.compare(a.seq, b.seq);
    };
    this.function = function;
    this.limit = limit;
  }
}
