package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.operators.dag.Vertex;
import io.runnel.operators.over.OverAggregateSpec;
import io.runnel.operators.over.UpdatingOverAggregateSpec;
import io.runnel.operators.rank.SortKey;
import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import io.runnel.parser.SqlParser;
import io.runnel.parser.ast.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OVER windows planned by their input: over an insert-only stream by event time ({@code OverAggregate}),
 * over an updating result by any ORDER BY ({@code UpdatingOverAggregate}), and what each refuses.
 */
class OverPlanTest extends PlanTestBase {
  /** Nexmark q6 as the project runs it: the average of a seller's last 11 winning bids. */
  static final String Q6 =
      "SELECT Q.seller, AVG(Q.price) OVER (PARTITION BY Q.seller ORDER BY Q.dateTime ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) AS avg_price"
          + " FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY id, seller ORDER BY price DESC) AS rownum"
          + " FROM (SELECT A.id, A.seller, B.price, B.dateTime FROM auction AS A, bid AS B"
          + " WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires)) AS Q WHERE Q.rownum <= 1";

  PlannedQuery plan(String sql) {
    return planner.plan(((Statement.QueryStatement) SqlParser.parseStatement(sql)).query());
  }

  @Test
  void anOverWindowOverTheTopOneOfAJoinRunsOverItsRetractions() {
    PlannedQuery p = plan(Q6);
    assertEquals(
        """
        Calc(select=[seller, avg_price])  changelog=[I,UB,UA,D]  rowtime=none
          +- UpdatingOverAggregate(partition=[seller], order=[dateTime, then every column], ROWS BETWEEN 10 PRECEDING AND CURRENT ROW, select=[AVG(price) AS avg_price], \
        state=[every live row per partition, freed when it is retracted (unbounded: grows with the live rows)], \
        emit=[each input row's own result, then -U/+U for the 10 rows after it whose result it changes, in order])  changelog=[I,UB,UA,D]  rowtime=none
            +- Calc(select=[id, seller, price, dateTime, rownum])  changelog=[I,UB,UA,D]  rowtime=none
              +- Rank(function=row_number, partition=[id, seller], order=[price DESC], limit=1, rank=[rownum], state=[the top row per partition (bounded by partitions x 1)], \
        emit=[a change per input row that changes the top row of its partition])  changelog=[I,UB,UA,D]  rowtime=none
                +- Calc(select=[id, seller, price, dateTime0 AS dateTime])  changelog=[I]  rowtime=none
                  +- Join(type=inner, on=[id = auction], where=[((dateTime0 >= dateTime) AND (dateTime0 <= expires))], \
        state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row])  changelog=[I]  rowtime=none
                    +- Calc(select=[id, seller, dateTime, expires])  changelog=[I]  rowtime=dateTime
                      +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
                    +- Calc(select=[auction, price, dateTime])  changelog=[I]  rowtime=dateTime
                      +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        p.explain());
    assertTrue(p.updating());
    UpdatingOverAggregateSpec spec = specOf(p, UpdatingOverAggregateSpec.class);
    assertEquals(List.of(1), spec.partitionKeys());
    assertEquals(List.of(new SortKey(3, false, true)), spec.orderBy());
    assertTrue(spec.rows());
    assertEquals(10, spec.preceding());
    // frames are computed afresh: no call needs to take values back
    assertFalse(spec.calls().get(0).retracting());
  }

  @Test
  void theSameWindowOverAStreamWaitsForTheWatermark() {
    PlannedQuery p = plan("SELECT auction, AVG(price) OVER (PARTITION BY auction ORDER BY dateTime ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) AS a FROM bid");
    assertFalse(p.updating());
    assertEquals(3, specOf(p, OverAggregateSpec.class).timeColumn());
  }

  @Test
  void overAnUpdatingResultAnyOrderIsTakenDescendingAndWithNullsWhereSaid() {
    UpdatingOverAggregateSpec spec =
        specOf(plan("SELECT auction, n, COUNT(*) OVER (ORDER BY n DESC NULLS FIRST, auction) AS c FROM (SELECT auction, COUNT(*) AS n FROM bid GROUP BY auction)"),
            UpdatingOverAggregateSpec.class);
    assertEquals(List.of(new SortKey(1, true, true), new SortKey(0, false, true)), spec.orderBy());
    assertFalse(spec.rows(), "no frame: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW");
    assertEquals(-1, spec.preceding());
  }

  @Test
  void whatAnOverWindowOverAnUpdatingResultRefuses() {
    String counts = "(SELECT auction, COUNT(*) AS n, MAX(dateTime) AS last FROM bid GROUP BY auction)";
    RunnelException e = assertThrows(RunnelException.class, () -> plan("SELECT COUNT(*) OVER (PARTITION BY auction) FROM " + counts));
    assertEquals(ErrorCode.INVALID_WINDOW, e.code());
    assertTrue(e.getMessage().contains("needs an ORDER BY"), e.getMessage());
    e = assertThrows(RunnelException.class, () -> plan("SELECT COUNT(*) OVER (ORDER BY n RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW) FROM " + counts));
    assertEquals(ErrorCode.INVALID_WINDOW, e.code());
    assertTrue(e.getMessage().contains("needs ORDER BY one time column"), e.getMessage());
    e = assertThrows(RunnelException.class, () -> plan("SELECT COUNT(*) OVER (ORDER BY n ROWS BETWEEN 1001 PRECEDING AND CURRENT ROW) FROM " + counts));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    // an interval back from a time runs
    specOf(plan("SELECT COUNT(*) OVER (ORDER BY last RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW) FROM " + counts), UpdatingOverAggregateSpec.class);
  }

  private static <T> T specOf(PlannedQuery p, Class<T> kind) {
    for (Vertex v : p.dag().vertices()) {
      if (v instanceof Vertex.Transform t && kind.isInstance(t.spec())) {
        return kind.cast(t.spec());
      }
    }
    return assertInstanceOf(kind, null, "no " + kind.getSimpleName() + " in the plan");
  }
}
