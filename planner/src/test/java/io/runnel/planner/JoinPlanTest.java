package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import org.junit.jupiter.api.Test;

/** Golden EXPLAIN output for every kind of join: how it runs and what state it keeps. */
class JoinPlanTest extends PlanTestBase {
  @Test
  void anInnerJoinOfTwoStreamsKeepsEveryRowOfBoth() {
    assertEquals(
        """
        Calc(select=[name, id])  changelog=[I]  rowtime=none
          +- Join(type=inner, on=[seller = id0], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row])  changelog=[I]  rowtime=none
            +- Calc(where=[(category = 10)], select=[id, seller])  changelog=[I]  rowtime=none
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(where=[(state = 'OR')], select=[id, name])  changelog=[I]  rowtime=none
              +- StreamSource(person, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT P.name, A.id FROM auction AS A INNER JOIN person AS P ON A.seller = P.id WHERE A.category = 10 AND P.state = 'OR'"));
  }

  @Test
  void aLeftJoinOfAStreamWithATableIsUpdatingAndKeepsTheTablesLiveRows() {
    assertEquals(
        """
        Join(type=left, on=[bidder = id], state=[left: every row, never freed (unbounded); right: each live row, freed when it is retracted], emit=[a change per input row, a padded or unmatched row retracted when its first match arrives])  changelog=[I,UB,UA,D]  rowtime=none
          +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
          +- ChangelogNormalize(key=[id], state=latest row per key)  changelog=[I,UB,UA,D]  rowtime=none
            +- TableSource(users)  changelog=[I]  rowtime=none
        """,
        explain("SELECT * FROM bid B LEFT JOIN users U ON B.bidder = U.id"));
  }

  @Test
  void aCommaJoinTakesItsConditionFromWhereAndKeepsTheRestAsAResidual() {
    assertEquals(
        """
        Calc(select=[auction, name])  changelog=[I,UB,UA,D]  rowtime=none
          +- Join(type=inner, on=[bidder = id], where=[(CAST(price AS DOUBLE) > score)], state=[left: every row, never freed (unbounded); right: each live row, freed when it is retracted], emit=[a change per input row])  changelog=[I,UB,UA,D]  rowtime=none
            +- Calc(select=[auction, bidder, price])  changelog=[I]  rowtime=none
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- ChangelogNormalize(key=[id], state=latest row per key)  changelog=[I,UB,UA,D]  rowtime=none
              +- TableSource(users)  changelog=[I]  rowtime=none
        """,
        explain("SELECT B.auction, U.name FROM bid B, users U WHERE B.bidder = U.id AND B.price > U.score"));
  }

  @Test
  void timeBoundsOnBothSidesMakeAnIntervalJoin() {
    assertEquals(
        """
        Calc(select=[auction, seller])  changelog=[I]  rowtime=none
          +- IntervalJoin(type=inner, on=[auction = id], between=[dateTime0 BETWEEN dateTime - 10 s AND dateTime], state=[left rows until the watermark passes dateTime, right rows until it passes dateTime0 + 10 s (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 10001 ms])  changelog=[I]  rowtime=[dateTime, dateTime0]
            +- Calc(select=[auction, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[id, seller, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT B.auction, A.seller FROM bid B JOIN auction A ON B.auction = A.id AND B.dateTime BETWEEN A.dateTime AND A.dateTime + INTERVAL '10' SECOND"));
  }

  @Test
  void equalTimesMakeAnIntervalJoinOfNoWidth() {
    // the equality of the times is no key: rows are freed once the watermark passes their time
    assertEquals(
        """
        Calc(select=[auction])  changelog=[I]  rowtime=none
          +- IntervalJoin(type=inner, on=[auction = id], between=[dateTime0 BETWEEN dateTime AND dateTime], state=[left rows until the watermark passes dateTime, right rows until it passes dateTime0 (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 1 ms])  changelog=[I]  rowtime=[dateTime, dateTime0]
            +- Calc(select=[auction, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[id, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT B.auction FROM bid B JOIN auction A ON B.auction = A.id AND B.dateTime = A.dateTime"));
  }

  @Test
  void timesEqualUpToAConstantMakeAnIntervalJoinOfNoWidthThere() {
    // the auction's time plus a second, computed below the join, is a time column too: it grows with the watermark
    assertEquals(
        """
        Calc(select=[auction])  changelog=[I]  rowtime=none
          +- IntervalJoin(type=inner, on=[auction = id], between=[$f5 BETWEEN dateTime AND dateTime], state=[left rows until the watermark passes dateTime, right rows until it passes $f5 (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 2 ms])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[auction, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[id, (dateTime + INTERVAL '1000' MILLISECOND) AS $f5])  changelog=[I]  rowtime=none
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT B.auction FROM bid B JOIN auction A ON B.auction = A.id AND B.dateTime = A.dateTime + INTERVAL '1' SECOND"));
  }

  @Test
  void strictBoundsAreOneMillisecondInside() {
    assertEquals(
        """
        Calc(select=[auction])  changelog=[I]  rowtime=none
          +- IntervalJoin(type=inner, on=[auction = id], between=[dateTime0 BETWEEN dateTime + 1 ms AND dateTime + 59999 ms], state=[left rows until the watermark passes dateTime + 59999 ms, right rows until it passes dateTime0 - 1 ms (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 1 min])  changelog=[I]  rowtime=[dateTime, dateTime0]
            +- Calc(select=[auction, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[id, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT B.auction FROM bid B JOIN auction A ON B.auction = A.id AND B.dateTime > A.dateTime - INTERVAL '1' MINUTE AND B.dateTime < A.dateTime"));
  }

  @Test
  void aBoundByAColumnThatIsNotTimeLeavesARegularJoin() {
    assertEquals(
        """
        Calc(select=[auction, seller])  changelog=[I]  rowtime=none
          +- Join(type=inner, on=[id = auction], where=[((dateTime0 >= dateTime) AND (dateTime0 <= expires))], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row])  changelog=[I]  rowtime=none
            +- Calc(select=[id, seller, dateTime, expires])  changelog=[I]  rowtime=dateTime
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[auction, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT B.auction, A.seller FROM auction A, bid B WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires"));
  }

  @Test
  void aWindowEndIsTimeForAnIntervalJoin() {
    assertEquals(
        """
        Calc(select=[auction, price])  changelog=[I]  rowtime=none
          +- IntervalJoin(type=inner, on=[price = maxprice], between=[dateTime0 BETWEEN dateTime AND dateTime + 10 s], state=[left rows until the watermark passes dateTime + 10 s, right rows until it passes dateTime0 (bounded by the interval)], emit=[each match as its second row arrives], watermark=[held back 10002 ms])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[auction, price, dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[maxprice, window_end AS dateTime])  changelog=[I]  rowtime=none
              +- WindowAggregate(group=[window_start, window_end], select=[MAX(price) AS maxprice], state=[accumulators per group and window, freed when the watermark passes window_end], emit=[one final row per group when the watermark passes window_end], late=[dropped, counted, written to sys.late])  changelog=[I]  rowtime=none
                +- Calc(select=[window_start, window_end, price])  changelog=[I]  rowtime=none
                  +- WindowTableFunction(TUMBLE(size=10000ms), time=[dateTime])  changelog=[I]  rowtime=dateTime
                    +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT B.auction, B.price FROM bid B JOIN (SELECT MAX(price) AS maxprice, window_end AS dateTime FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY window_start, window_end) B1 ON B.price = B1.maxprice WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime"));
  }

  @Test
  void equalWindowsMakeAWindowJoin() {
    assertEquals(
        """
        Calc(select=[id, name, starttime])  changelog=[I]  rowtime=none
          +- WindowJoin(type=inner, on=[id = seller, window_start = window_start0, window_end = window_end0], window=[window_start, window_end], state=[the rows of each window on both sides, freed when the watermark passes its window_end], emit=[each match as its second row arrives], watermark=[held back 2 ms])  changelog=[I]  rowtime=none
            +- WindowAggregate(group=[id, name, window_start, window_end], select=[], state=[accumulators per group and window, freed when the watermark passes window_end], emit=[one final row per group when the watermark passes window_end], late=[dropped, counted, written to sys.late])  changelog=[I]  rowtime=none
              +- Calc(select=[id, name, window_start, window_end])  changelog=[I]  rowtime=none
                +- WindowTableFunction(TUMBLE(size=10000ms), time=[dateTime])  changelog=[I]  rowtime=dateTime
                  +- StreamSource(person, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- WindowAggregate(group=[seller, window_start, window_end], select=[], state=[accumulators per group and window, freed when the watermark passes window_end], emit=[one final row per group when the watermark passes window_end], late=[dropped, counted, written to sys.late])  changelog=[I]  rowtime=none
              +- Calc(select=[seller, window_start, window_end])  changelog=[I]  rowtime=none
                +- WindowTableFunction(TUMBLE(size=10000ms), time=[dateTime])  changelog=[I]  rowtime=dateTime
                  +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT P.id, P.name, P.starttime FROM (SELECT id, name, window_start AS starttime, window_end AS endtime FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY id, name, window_start, window_end) P JOIN (SELECT seller, window_start AS starttime, window_end AS endtime FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY seller, window_start, window_end) A ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime"));
  }

  @Test
  void aFullJoinOfUpdatingInputsKeepsTheirLiveRows() {
    assertEquals(
        """
        Join(type=full, on=[id = bidder], state=[left: each live row, freed when it is retracted; right: each live row, freed when it is retracted], emit=[a change per input row, a padded or unmatched row retracted when its first match arrives])  changelog=[I,UB,UA,D]  rowtime=none
          +- ChangelogNormalize(key=[id], state=latest row per key)  changelog=[I,UB,UA,D]  rowtime=none
            +- TableSource(users)  changelog=[I]  rowtime=none
          +- GroupAggregate(group=[bidder], select=[COUNT(*) AS n], state=[accumulators per group, freed when a group's last row is retracted], emit=[a change per input row])  changelog=[I,UB,UA,D]  rowtime=none
            +- Calc(select=[bidder])  changelog=[I]  rowtime=none
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT * FROM users U FULL JOIN (SELECT bidder, COUNT(*) AS n FROM bid GROUP BY bidder) C ON U.id = C.bidder"));
  }

  @Test
  void keysOfDifferentTypesAreCastBelowTheJoin() {
    assertEquals(
        """
        Calc(select=[price, score])  changelog=[I,UB,UA,D]  rowtime=none
          +- Join(type=inner, on=[price0 = score], state=[left: every row, never freed (unbounded); right: each live row, freed when it is retracted], emit=[a change per input row])  changelog=[I,UB,UA,D]  rowtime=none
            +- Calc(select=[price, CAST(price AS DOUBLE) AS price0])  changelog=[I]  rowtime=none
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[score])  changelog=[I,UB,UA,D]  rowtime=none
              +- ChangelogNormalize(key=[id], state=latest row per key)  changelog=[I,UB,UA,D]  rowtime=none
                +- TableSource(users)  changelog=[I]  rowtime=none
        """,
        explain("SELECT B.price, U.score FROM bid B JOIN users U ON B.price = U.score"));
  }

  @Test
  void aThreeWayJoinNestsTwoJoins() {
    assertEquals(
        """
        Calc(select=[price, name, category])  changelog=[I]  rowtime=none
          +- Join(type=inner, on=[auction = id], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row])  changelog=[I]  rowtime=none
            +- Calc(select=[auction, price, name])  changelog=[I]  rowtime=none
              +- Join(type=inner, on=[bidder = id], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row])  changelog=[I]  rowtime=none
                +- Calc(select=[auction, bidder, price])  changelog=[I]  rowtime=none
                  +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
                +- Calc(select=[id, name])  changelog=[I]  rowtime=none
                  +- StreamSource(person, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[id, category])  changelog=[I]  rowtime=none
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT B.price, P.name, A.category FROM bid B JOIN person P ON P.id = B.bidder JOIN auction A ON A.id = B.auction"));
  }

  @Test
  void aJoinOfTooManyRelationsIsRefusedAndOneAtTheLimitPlans() {
    String atLimit = chain(32);
    assertTrue(explain(atLimit).contains("Join(type=inner"));
    RunnelException e = assertThrows(RunnelException.class, () -> explain(chain(33)));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertTrue(e.getMessage().contains("A FROM clause joins at most 32 streams, tables or subqueries, and this one joins 33"), e.getMessage());
  }

  /** {@code n} bids joined in a chain on their auction. */
  private static String chain(int n) {
    StringBuilder sql = new StringBuilder("SELECT b0.price FROM bid b0");
    for (int i = 1; i < n; i++) {
      sql.append(" JOIN bid b").append(i).append(" ON b").append(i - 1).append(".auction = b").append(i).append(".auction");
    }
    return sql.toString();
  }
}
