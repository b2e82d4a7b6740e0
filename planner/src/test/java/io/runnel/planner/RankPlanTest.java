package io.runnel.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.parser.ErrorCode;
import io.runnel.parser.RunnelException;
import org.junit.jupiter.api.Test;

/** Golden EXPLAIN output for Top-N, window Top-N and deduplication, and the ranking that cannot run. */
class RankPlanTest extends PlanTestBase {
  @Test
  void topNOverAnInsertOnlyStreamKeepsOnlyTheTopRows() {
    assertEquals(
        """
        Calc(select=[auction, bidder, price, dateTime, rank_number])  changelog=[I,UB,UA,D]  rowtime=none
          +- Rank(function=row_number, partition=[auction], order=[price DESC], limit=10, rank=[rank_number], state=[the top 10 rows per partition (bounded by partitions x 10)], emit=[a change per input row that changes the top 10 rows of its partition])  changelog=[I,UB,UA,D]  rowtime=none
            +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rank_number FROM bid) WHERE rank_number <= 10"));
  }

  @Test
  void theLastRowByEventTimeIsDeduplication() {
    assertEquals(
        """
        Calc(select=[auction, bidder, price])  changelog=[I,UB,UA,D]  rowtime=none
          +- Deduplicate(keys=[bidder, auction], keep=last, order=dateTime, state=[one row per key, never freed (unbounded in the number of keys)], emit=[a change whenever a key's kept row changes])  changelog=[I,UB,UA,D]  rowtime=none
            +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT auction, bidder, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) AS rank_number FROM bid) WHERE rank_number <= 1"));
  }

  @Test
  void theFirstRowByArrivalPassesRowsThrough() {
    assertEquals(
        """
        Calc(select=[auction, price])  changelog=[I]  rowtime=none
          +- Deduplicate(keys=[auction], keep=first, order=arrival, state=[the keys seen, never freed (unbounded in the number of keys)], emit=[each key's first row, once])  changelog=[I]  rowtime=dateTime
            +- Calc(select=[auction, bidder, price, dateTime, PROCTIME() AS pt])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT auction, price FROM (SELECT auction, price, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY pt) AS rn FROM (SELECT *, PROCTIME() AS pt FROM bid)) WHERE rn = 1"));
  }

  @Test
  void rankWithAStrictBoundAndAFilterAfterRanking() {
    assertEquals(
        """
        Calc(where=[(price > 5)], select=[auction, price])  changelog=[I,UB,UA,D]  rowtime=none
          +- Rank(function=rank, partition=[auction], order=[price DESC], limit=3, state=[the top 3 rows per partition (bounded by partitions x 3)], emit=[a change per input row that changes the top 3 rows of its partition])  changelog=[I,UB,UA,D]  rowtime=none
            +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT auction, price FROM (SELECT *, RANK() OVER (PARTITION BY auction ORDER BY price DESC) AS r FROM bid) WHERE r < 4 AND price > 5"));
  }

  @Test
  void windowTopNRanksEachWindowOnce() {
    assertEquals(
        """
        Calc(select=[auction, bidder, price, dateTime, window_start, window_end, window_time, rn])  changelog=[I]  rowtime=none
          +- WindowRank(function=row_number, partition=[window_start, window_end], order=[price DESC], limit=3, rank=[rn], state=[the top 3 rows per partition and window, freed when the watermark passes window_end], emit=[the top rows of each window once, when the watermark passes window_end])  changelog=[I]  rowtime=none
            +- WindowTableFunction(TUMBLE(size=10000ms), time=[dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rn FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))) WHERE rn <= 3"));
  }

  @Test
  void windowDeduplicationKeepsEachWindowsFirstRowOnceNotForEver() {
    assertEquals(
        """
        Calc(select=[window_start, auction, price])  changelog=[I]  rowtime=none
          +- WindowRank(function=row_number, partition=[window_start, window_end, auction], order=[dateTime], limit=1, state=[the top row per partition and window, freed when the watermark passes window_end], emit=[the top rows of each window once, when the watermark passes window_end])  changelog=[I]  rowtime=none
            +- WindowTableFunction(TUMBLE(size=10000ms), time=[dateTime])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT window_start, auction, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, auction ORDER BY dateTime) AS rn"
            + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))) WHERE rn = 1"));
  }

  @Test
  void processingTimeOverAnUpdatingInputIsRefused() {
    // a retraction would carry another time than the row it retracts: the ranking could not find that row
    RunnelException e =
        assertThrows(
            RunnelException.class,
            () -> explain("SELECT id, name FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY name ORDER BY pt DESC) AS rn FROM (SELECT *, PROCTIME() AS pt FROM users)) WHERE rn = 1"));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertTrue(e.reason().startsWith("PROCTIME() over an updating input would stamp a retraction with another time than the row it retracts"), e.reason());
  }

  @Test
  void topNOverATableKeepsEveryLiveRow() {
    assertEquals(
        """
        Calc(select=[id, name, score, rn])  changelog=[I,UB,UA,D]  rowtime=none
          +- Rank(function=row_number, partition=[id], order=[score DESC], limit=2, rank=[rn], state=[every live row per partition, freed when it is retracted], emit=[a change per input row that changes the top 2 rows of its partition])  changelog=[I,UB,UA,D]  rowtime=none
            +- ChangelogNormalize(key=[id], state=latest row per key)  changelog=[I,UB,UA,D]  rowtime=none
              +- TableSource(users)  changelog=[I]  rowtime=none
        """,
        explain("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY score DESC) AS rn FROM users) WHERE rn <= 2"));
  }

  @Test
  void topOneOverAJoin() {
    assertEquals(
        """
        Calc(select=[id, seller])  changelog=[I,UB,UA,D]  rowtime=none
          +- Rank(function=row_number, partition=[id], order=[price DESC, dateTime0], limit=1, state=[the top row per partition (bounded by partitions x 1)], emit=[a change per input row that changes the top row of its partition])  changelog=[I,UB,UA,D]  rowtime=none
            +- Join(type=inner, on=[id = auction], where=[((dateTime0 >= dateTime) AND (dateTime0 <= expires))], state=[left: every row, never freed (unbounded); right: every row, never freed (unbounded)], emit=[a change per input row])  changelog=[I]  rowtime=none
              +- StreamSource(auction, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
              +- StreamSource(bid, watermark=[dateTime - INTERVAL '4' SECOND])  changelog=[I]  rowtime=dateTime
        """,
        explain("SELECT id, seller FROM (SELECT A.*, B.price, ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.dateTime ASC) AS rownum FROM auction A, bid B WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires) WHERE rownum <= 1"));
  }

  @Test
  void aRankingWithoutAFilterOnItIsRejectedWhereItIsWritten() {
    RunnelException e =
        assertThrows(RunnelException.class, () -> explain("SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bid"));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertEquals("line 1:24: ROW_NUMBER() OVER needs a filter on its result in the enclosing query, as in WHERE rn <= 10", e.getMessage().replaceFirst("^RUN-\\d+: ", ""));
  }

  @Test
  void aBoundThatKeepsNoRowIsRejected() {
    RunnelException e =
        assertThrows(
            RunnelException.class,
            () -> explain("SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bid) WHERE rn < 1"));
    assertEquals(ErrorCode.INVALID_WINDOW, e.code());
    assertEquals("line 1:39: The filter on ROW_NUMBER() keeps no row: ranks start at 1", e.getMessage().replaceFirst("^RUN-\\d+: ", ""));
  }
}
