package io.runnel.planner.physical;

import io.runnel.operators.expr.Expr;
import io.runnel.operators.join.JoinType;
import io.runnel.operators.rank.RankFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The columns that identify a row of a plan's result: no two rows of the result (as its changelog leaves
 * it) share their values. An aggregate's are its group columns (none for a global aggregate: it has one
 * row), a table's its primary key, a materialized view's its own; a projection keeps them when it passes
 * each on unchanged, and a filter keeps them as they are.
 */
public final class UniqueKeys {
  private UniqueKeys() {}

  /** The identifying columns of {@code node}'s output, or null when nothing says which they are. */
  public static List<Integer> of(PhysicalNode node) {
    return node.accept(KEYS);
  }

  private static final PhysicalNode.Visitor<List<Integer>> KEYS =
      new PhysicalNode.Visitor<>() {
        @Override
        public List<Integer> source(PhysicalNode.Source s) {
          if (s.relation().isMaterializedView()) {
            return s.relation().view().key();
          }
          return s.relation().isTable() ? s.relation().primaryKey() : null;
        }

        @Override
        public List<Integer> values(PhysicalNode.Values v) {
          return null; // constant rows may repeat
        }

        @Override
        public List<Integer> normalize(PhysicalNode.Normalize n) {
          return n.keys();
        }

        @Override
        public List<Integer> union(PhysicalNode.Union u) {
          return null; // a union may repeat a row of one input in another
        }

        @Override
        public List<Integer> calc(PhysicalNode.Calc c) {
          return projected(of(c.input()), c.projections());
        }

        @Override
        public List<Integer> windowTvf(PhysicalNode.WindowTvf w) {
          return null; // a window function repeats a row once per window
        }

        @Override
        public List<Integer> matchRecognize(PhysicalNode.MatchRecognize m) {
          return null; // partitions have many matches, and the measures name none
        }

        @Override
        public List<Integer> overAggregate(PhysicalNode.OverAggregate o) {
          return of(o.input()); // the input's columns come first, unchanged
        }

        @Override
        public List<Integer> updatingOverAggregate(PhysicalNode.UpdatingOverAggregate o) {
          return of(o.input()); // one row out per live row in, its columns first, unchanged
        }

        @Override
        public List<Integer> groupAggregate(PhysicalNode.GroupAggregate a) {
          return leading(a.keys().size());
        }

        @Override
        public List<Integer> windowAggregate(PhysicalNode.WindowAggregate a) {
          return leading(a.keys().size());
        }

        @Override
        public List<Integer> slicedWindowAggregate(PhysicalNode.SlicedWindowAggregate a) {
          return leading(a.keys().size());
        }

        @Override
        public List<Integer> sessionAggregate(PhysicalNode.SessionAggregate a) {
          // a key has several sessions, told apart by their start and end
          List<Integer> key = new ArrayList<>(leading(a.keys().size()));
          key.add(a.window().start());
          key.add(a.window().end());
          return key;
        }

        @Override
        public List<Integer> join(PhysicalNode.Join j) {
          return joined(j.type(), j.left(), j.right());
        }

        @Override
        public List<Integer> intervalJoin(PhysicalNode.IntervalJoin j) {
          return joined(j.type(), j.left(), j.right());
        }

        @Override
        public List<Integer> temporalJoin(PhysicalNode.TemporalJoin j) {
          return of(j.left()); // a row of the stream comes out once at most
        }

        @Override
        public List<Integer> lookupJoin(PhysicalNode.LookupJoin j) {
          return of(j.left()); // a row of the stream comes out once at most
        }

        @Override
        public List<Integer> rank(PhysicalNode.Rank r) {
          return ranked(r.input(), r.partitionKeys(), r.function(), r.limit(), r.outputRank());
        }

        @Override
        public List<Integer> windowRank(PhysicalNode.WindowRank r) {
          return ranked(r.input(), r.partitionKeys(), r.function(), r.limit(), r.outputRank());
        }

        @Override
        public List<Integer> deduplicate(PhysicalNode.Deduplicate d) {
          return d.keys();
        }
      };

  /**
   * A Top-N's identifying columns: with ROW_NUMBER, the partition and the row number (or the partition alone
   * when it keeps one row); otherwise its input's, whose rows it passes on unchanged.
   */
  private static List<Integer> ranked(PhysicalNode input, List<Integer> partition, RankFunction function, long limit, boolean outputRank) {
    if (function == RankFunction.ROW_NUMBER && (outputRank || limit == 1)) {
      List<Integer> key = new ArrayList<>(partition);
      if (outputRank) {
        key.add(input.schema().size());
      }
      return key;
    }
    return of(input);
  }

  /**
   * A join's identifying columns: a semi or anti join's are its left side's; another's, both sides' keys
   * together (a pair of rows is told apart by both). Where a side is padded with nulls its key may be null,
   * which still tells the padded row apart from the matched ones.
   */
  private static List<Integer> joined(JoinType type, PhysicalNode left, PhysicalNode right) {
    List<Integer> l = of(left);
    if (type == JoinType.SEMI || type == JoinType.ANTI) {
      return l;
    }
    List<Integer> r = of(right);
    if (l == null || r == null) {
      return null;
    }
    List<Integer> key = new ArrayList<>(l);
    int width = left.schema().size();
    for (int column : r) {
      key.add(width + column);
    }
    return key;
  }

  private static List<Integer> leading(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** Where each of {@code key}'s columns ends up among {@code projections}; null if one is dropped or changed. */
  private static List<Integer> projected(List<Integer> key, List<Expr> projections) {
    if (key == null) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    for (int column : key) {
      int at = -1;
      for (int i = 0; i < projections.size() && at < 0; i++) {
        if (projections.get(i) instanceof Expr.InputRef ref && ref.index() == column) {
          at = i;
        }
      }
      if (at < 0) {
        return null;
      }
      out.add(at);
    }
    return out;
  }
}
